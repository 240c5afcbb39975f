package dev.bulwark.jwt;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A refresh-token family: one login session. Every refresh token of the family descends from the
 * one issued at login; presenting a spent one revokes the family.
 *
 * @param familyId a random id, also the {@code sid} claim of the family's access tokens
 * @param subject the user the family belongs to
 * @param roles the roles granted at login, copied into every access token of the family
 * @param createdAt when the user logged in
 * @param expiresAt the absolute end of the family: no refresh after it, whatever the activity
 * @param authentication how and when the user authenticated ({@code amr}, {@code auth_time}),
 *     copied into every access token of the family, so a refresh does not make a sign-in fresh
 */
public record RefreshFamily(
    String familyId,
    String subject,
    List<String> roles,
    Instant createdAt,
    Instant expiresAt,
    AuthenticationContext authentication) {

  /**
   * Checks and copies the components.
   *
   * @param familyId the family id
   * @param subject the subject
   * @param roles the roles
   * @param createdAt the login time
   * @param expiresAt the absolute expiry
   * @param authentication the authentication context
   */
  public RefreshFamily {
    Objects.requireNonNull(familyId, "familyId");
    Objects.requireNonNull(subject, "subject");
    roles = List.copyOf(roles);
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(expiresAt, "expiresAt");
    Objects.requireNonNull(authentication, "authentication");
  }

  /**
   * A family whose authentication methods are unknown (a family stored before Bulwark kept them, or
   * a session the application started itself): authenticated at {@code createdAt}, no {@code amr}.
   *
   * @param familyId the family id
   * @param subject the subject
   * @param roles the roles
   * @param createdAt the login time, also the authentication time
   * @param expiresAt the absolute expiry
   */
  public RefreshFamily(
      String familyId, String subject, List<String> roles, Instant createdAt, Instant expiresAt) {
    this(
        familyId,
        subject,
        roles,
        createdAt,
        expiresAt,
        new AuthenticationContext(createdAt, List.of()));
  }
}
