package dev.bulwark.headers.csrf;

import dev.bulwark.headers.internal.Nonces;
import dev.bulwark.web.ConfigurationException;
import dev.bulwark.web.HmacKeys;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Signed, session-bound double-submit tokens (OWASP's "signed double-submit cookie").
 *
 * <p>A token is {@code base64url(r) "." base64url(HMAC-SHA256(key, len(session) ‖ session ‖ r))}
 * with 256 random bits {@code r}. It lives in a cookie; the page echoes it in a form field or
 * header. A request is accepted when the cookie's token verifies for the current session and the
 * echoed value, after unmasking, equals it ({@link MessageDigest#isEqual}, constant time). An
 * attacker who can plant cookies (a sibling subdomain) still cannot mint a token for the victim's
 * session without the key.
 *
 * <p>The echoed value is {@linkplain #mask masked} with a fresh one-time pad on every response, so
 * the secret never appears twice in compressed HTTPS responses (BREACH).
 *
 * <p>The keys are {@link HmacKeys}: the first signs, every one verifies, so the key rotates without
 * refusing the tokens already in browsers ({@link #withKeys}).
 *
 * <p>Immutable and thread-safe. The key has no accessor and is not printed.
 */
public final class CsrfTokens {

  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder D64 = Base64.getUrlDecoder();
  private static final int RANDOM_BYTES = 32;
  private static final int MAX_TOKEN_CHARS = 200;

  private final HmacKeys keys;

  private CsrfTokens(HmacKeys keys) {
    this.keys = keys;
  }

  /**
   * Tokens signed with the first of {@code keys} and verified with any of them (rotation). Every
   * instance of the application must hold the same keys.
   *
   * @param keys the keys
   * @return the token service
   */
  public static CsrfTokens withKeys(HmacKeys keys) {
    return new CsrfTokens(Objects.requireNonNull(keys, "keys"));
  }

  /**
   * Tokens signed with the given key. Every instance of the application must share it.
   *
   * @param key at least 32 bytes of secret randomness
   * @return the token service
   * @throws ConfigurationException when the key is shorter than 32 bytes
   */
  public static CsrfTokens withKey(byte[] key) {
    Objects.requireNonNull(key, "key");
    if (key.length < HmacKeys.MIN_KEY_BYTES) {
      throw new ConfigurationException(
          "the CSRF signing key must be at least 32 bytes (256 bits) of secret randomness");
    }
    return new CsrfTokens(HmacKeys.of(key));
  }

  /**
   * Tokens signed with a fresh random key: valid only in this process, so not for several instances
   * behind a load balancer.
   *
   * @return the token service
   */
  public static CsrfTokens withRandomKey() {
    return new CsrfTokens(HmacKeys.random());
  }

  /**
   * A new token bound to a session.
   *
   * @param sessionId the session identifier, or the empty string for an anonymous visitor
   * @return the token, for the cookie
   */
  public String issue(String sessionId) {
    byte[] r = Nonces.bytes(RANDOM_BYTES);
    return B64.encodeToString(r)
        + "."
        + B64.encodeToString(keys.sign(sessionId.getBytes(StandardCharsets.UTF_8), r));
  }

  /**
   * Whether a cookie token was issued by this key for this session.
   *
   * @param token the cookie value, or null
   * @param sessionId the current session identifier, or the empty string
   * @return true when the signature verifies
   */
  public boolean verify(@Nullable String token, String sessionId) {
    if (token == null || token.length() > MAX_TOKEN_CHARS) {
      return false;
    }
    int dot = token.indexOf('.');
    if (dot <= 0) {
      return false;
    }
    try {
      byte[] r = D64.decode(token.substring(0, dot));
      byte[] sig = D64.decode(token.substring(dot + 1));
      if (r.length != RANDOM_BYTES
          || !token.equals(B64.encodeToString(r) + "." + B64.encodeToString(sig))) {
        return false;
      }
      return keys.verify(sig, sessionId.getBytes(StandardCharsets.UTF_8), r);
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /**
   * Masks a token with a fresh one-time pad, for embedding in a page.
   *
   * @param token the cookie token
   * @return {@code base64url(pad ‖ token XOR pad)}
   */
  public String mask(String token) {
    byte[] t = token.getBytes(StandardCharsets.US_ASCII);
    byte[] pad = Nonces.bytes(t.length);
    byte[] out = new byte[t.length * 2];
    System.arraycopy(pad, 0, out, 0, t.length);
    for (int i = 0; i < t.length; i++) {
      out[t.length + i] = (byte) (t[i] ^ pad[i]);
    }
    return B64.encodeToString(out);
  }

  /**
   * Whether a submitted (masked) value carries the cookie's token.
   *
   * @param masked the submitted value, or null
   * @param token the cookie token
   * @return true when they match (compared in constant time)
   */
  public boolean matches(@Nullable String masked, String token) {
    if (masked == null || masked.length() > MAX_TOKEN_CHARS * 3) {
      return false;
    }
    byte[] raw;
    try {
      raw = D64.decode(masked);
    } catch (IllegalArgumentException e) {
      return false;
    }
    if (raw.length == 0 || raw.length % 2 != 0) {
      return false;
    }
    int n = raw.length / 2;
    byte[] t = new byte[n];
    for (int i = 0; i < n; i++) {
      t[i] = (byte) (raw[n + i] ^ raw[i]);
    }
    return MessageDigest.isEqual(t, token.getBytes(StandardCharsets.US_ASCII));
  }

  /**
   * Whether the key is a random one of this process ({@link #withRandomKey()}): tokens are then
   * refused after a restart and by every other instance.
   *
   * @return true for a per-process key
   */
  public boolean isProcessLocal() {
    return keys.isProcessLocal();
  }

  /**
   * How the tokens are signed, never the key.
   *
   * @return such as {@code CsrfTokens[HmacKeys[…]]}
   */
  @Override
  public String toString() {
    return "CsrfTokens[" + keys + "]";
  }
}
