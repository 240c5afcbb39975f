package dev.bulwark.jwt;

import java.time.Instant;
import java.util.Objects;

/**
 * An access token and its refresh token, as returned by login and refresh.
 *
 * @param accessToken the signed access token
 * @param refreshToken the opaque refresh token; a bearer secret, never log it
 * @param familyId the refresh family (session) id
 * @param refreshExpiresAt when the refresh token expires if unused
 */
public record TokenPair(
    IssuedAccessToken accessToken, String refreshToken, String familyId, Instant refreshExpiresAt) {

  /**
   * Checks the components.
   *
   * @param accessToken the access token
   * @param refreshToken the refresh token
   * @param familyId the family id
   * @param refreshExpiresAt the refresh token's idle expiry
   */
  public TokenPair {
    Objects.requireNonNull(accessToken, "accessToken");
    Objects.requireNonNull(refreshToken, "refreshToken");
    Objects.requireNonNull(familyId, "familyId");
    Objects.requireNonNull(refreshExpiresAt, "refreshExpiresAt");
  }

  @Override
  public String toString() {
    return "TokenPair[" + accessToken + ", refreshToken=(redacted), family=" + familyId + "]";
  }
}
