package dev.bulwark.ratelimit;

import dev.bulwark.web.DeviceToken;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Issues and reads device tokens: {@code d1.<device id>.<expiry>.<mac>}, where the device id is 128
 * random bits (base64url), the expiry is epoch seconds in decimal, and the MAC is HMAC-SHA256 over
 * a version label, the normalised username, the device id and the expiry. The username is bound by
 * the MAC, not carried: the token does not reveal whose it is, and one user's token does nothing
 * for another.
 *
 * <p>Reading is strict: anything but exactly that shape, in canonical base64url and digits, is not
 * a token.
 */
final class DeviceTokens {

  private static final String PREFIX = "d1";
  private static final byte[] LABEL = "bulwark-device-v1".getBytes(StandardCharsets.US_ASCII);
  private static final int ID_BYTES = 16;
  private static final int MAC_BYTES = 32;
  private static final int MAX_EXPIRY_DIGITS = 12;
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder D64 = Base64.getUrlDecoder();
  private static final SecureRandom RANDOM = new SecureRandom();

  private final DeviceTrustPolicy policy;

  DeviceTokens(DeviceTrustPolicy policy) {
    this.policy = policy;
  }

  /** A new device id. */
  static String newDeviceId() {
    byte[] id = new byte[ID_BYTES];
    RANDOM.nextBytes(id);
    return B64.encodeToString(id);
  }

  /** A token for this user and device, valid for the policy's lifetime from {@code now}. */
  DeviceToken issue(String usernameKey, String deviceId, Instant now) {
    long expiry = now.plus(policy.lifetime).getEpochSecond();
    String e = Long.toString(expiry);
    byte[] mac = policy.keys.sign(LABEL, utf8(usernameKey), ascii(deviceId), ascii(e));
    return new DeviceToken(
        PREFIX + "." + deviceId + "." + e + "." + B64.encodeToString(mac),
        Instant.ofEpochSecond(expiry),
        policy.lifetime);
  }

  /**
   * The device id of a token that is well formed, unexpired at {@code now} and signed for this
   * user; empty otherwise.
   */
  Optional<String> read(@Nullable String token, String usernameKey, Instant now) {
    if (token == null || token.isEmpty() || token.length() > DeviceToken.MAX_CHARS) {
      return Optional.empty();
    }
    String[] parts = token.split("\\.", -1);
    if (parts.length != 4 || !PREFIX.equals(parts[0])) {
      return Optional.empty();
    }
    String id = parts[1];
    String e = parts[2];
    if (!canonical(id, ID_BYTES) || !digits(e)) {
      return Optional.empty();
    }
    byte[] mac;
    try {
      mac = D64.decode(parts[3]);
    } catch (IllegalArgumentException x) {
      return Optional.empty();
    }
    if (mac.length != MAC_BYTES || !B64.encodeToString(mac).equals(parts[3])) {
      return Optional.empty();
    }
    if (!policy.keys.verify(mac, LABEL, utf8(usernameKey), ascii(id), ascii(e))) {
      return Optional.empty();
    }
    // checked after the MAC: the expiry is only meaningful once it is known to be ours
    if (Long.parseLong(e) <= now.getEpochSecond()) {
      return Optional.empty();
    }
    return Optional.of(id);
  }

  private static boolean canonical(String b64, int bytes) {
    try {
      byte[] raw = D64.decode(b64);
      return raw.length == bytes && B64.encodeToString(raw).equals(b64);
    } catch (IllegalArgumentException x) {
      return false;
    }
  }

  private static boolean digits(String s) {
    if (s.isEmpty() || s.length() > MAX_EXPIRY_DIGITS || s.charAt(0) == '0') {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }
}
