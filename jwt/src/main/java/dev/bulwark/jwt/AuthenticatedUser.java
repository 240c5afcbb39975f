package dev.bulwark.jwt;

import java.util.List;
import java.util.Objects;

/**
 * A user whose credentials a {@link CredentialVerifier} accepted.
 *
 * @param subject the stable user id, the {@code sub} of the tokens
 * @param roles the roles to put in the tokens
 */
public record AuthenticatedUser(String subject, List<String> roles) {

  /**
   * Checks and copies the components.
   *
   * @param subject the subject, not empty
   * @param roles the roles
   */
  public AuthenticatedUser {
    Objects.requireNonNull(subject, "subject");
    if (subject.isEmpty()) {
      throw new IllegalArgumentException("the subject must not be empty");
    }
    roles = List.copyOf(roles);
  }
}
