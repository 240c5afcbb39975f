package dev.bulwark.jwt;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A sign-in waiting for its second factor: what an {@link MfaChallengeStore} keeps under the hash
 * of an {@code mfa_token} between {@link TokenService#login} and {@link
 * TokenService#completeSecondFactor}.
 *
 * @param subject the user whose password was right
 * @param username the username as typed, for the {@link LoginThrottle}'s per-account counting
 * @param roles the roles to grant once the second factor is accepted
 * @param methods the second-factor methods offered, such as {@code ["otp"]}
 * @param expiresAt when the challenge stops being accepted
 */
public record MfaChallenge(
    String subject, String username, List<String> roles, List<String> methods, Instant expiresAt) {

  /**
   * Checks and copies the components.
   *
   * @param subject the subject
   * @param username the username
   * @param roles the roles
   * @param methods the methods
   * @param expiresAt the expiry
   */
  public MfaChallenge {
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(username, "username");
    roles = List.copyOf(roles);
    methods = List.copyOf(methods);
    Objects.requireNonNull(expiresAt, "expiresAt");
  }
}
