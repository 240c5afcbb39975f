package dev.bulwark.jwt;

import dev.bulwark.web.DeviceToken;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * An access token and its refresh token, as returned by login and refresh.
 *
 * @param accessToken the signed access token
 * @param refreshToken the opaque refresh token; a bearer secret, never log it
 * @param familyId the refresh family (session) id
 * @param refreshExpiresAt when the refresh token expires if unused
 * @param deviceToken after a login with a {@link LoginThrottle} that trusts devices, the token the
 *     client keeps to be recognised later (in the {@value dev.bulwark.web.DeviceToken#COOKIE_NAME}
 *     cookie); empty otherwise and after a refresh
 */
public record TokenPair(
    IssuedAccessToken accessToken,
    String refreshToken,
    String familyId,
    Instant refreshExpiresAt,
    Optional<DeviceToken> deviceToken) {

  /**
   * Checks the components.
   *
   * @param accessToken the access token
   * @param refreshToken the refresh token
   * @param familyId the family id
   * @param refreshExpiresAt the refresh token's idle expiry
   * @param deviceToken the device token, or empty
   */
  public TokenPair {
    Objects.requireNonNull(accessToken, "accessToken");
    Objects.requireNonNull(refreshToken, "refreshToken");
    Objects.requireNonNull(familyId, "familyId");
    Objects.requireNonNull(refreshExpiresAt, "refreshExpiresAt");
    Objects.requireNonNull(deviceToken, "deviceToken");
  }

  /**
   * A pair without a device token.
   *
   * @param accessToken the access token
   * @param refreshToken the refresh token
   * @param familyId the family id
   * @param refreshExpiresAt the refresh token's idle expiry
   */
  public TokenPair(
      IssuedAccessToken accessToken,
      String refreshToken,
      String familyId,
      Instant refreshExpiresAt) {
    this(accessToken, refreshToken, familyId, refreshExpiresAt, Optional.empty());
  }

  /**
   * This pair with a device token.
   *
   * @param token the device token
   * @return a copy holding it
   */
  public TokenPair withDeviceToken(DeviceToken token) {
    return new TokenPair(accessToken, refreshToken, familyId, refreshExpiresAt, Optional.of(token));
  }

  @Override
  public String toString() {
    return "TokenPair["
        + accessToken
        + ", refreshToken=(redacted), family="
        + familyId
        + (deviceToken.isPresent() ? ", deviceToken=(redacted)" : "")
        + "]";
  }
}
