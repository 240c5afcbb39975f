package dev.bulwark.jwt;

import java.time.Instant;
import java.util.Objects;

/**
 * A freshly signed access token and the facts a caller needs about it.
 *
 * @param token the compact JWS; a bearer credential, never log it
 * @param jwtId the {@code jti} claim
 * @param issuedAt the {@code iat} claim
 * @param expiresAt the {@code exp} claim
 */
public record IssuedAccessToken(String token, String jwtId, Instant issuedAt, Instant expiresAt) {

  /**
   * Checks the components.
   *
   * @param token the compact JWS
   * @param jwtId the {@code jti}
   * @param issuedAt the {@code iat}
   * @param expiresAt the {@code exp}
   */
  public IssuedAccessToken {
    Objects.requireNonNull(token, "token");
    Objects.requireNonNull(jwtId, "jwtId");
    Objects.requireNonNull(issuedAt, "issuedAt");
    Objects.requireNonNull(expiresAt, "expiresAt");
  }

  @Override
  public String toString() {
    return "IssuedAccessToken[jti=" + jwtId + ", exp=" + expiresAt + "]";
  }
}
