package dev.bulwark.web;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * A signed device token: what a login endpoint hands a client after a fully successful sign-in, so
 * that the brute-force guard recognises the device later (OWASP "device cookies"). A browser keeps
 * it in the {@value #COOKIE_NAME} cookie ({@code Secure}, {@code HttpOnly}, {@code
 * SameSite=Strict}, {@code Path=/}); an API client that keeps no cookies sends it back in its login
 * request.
 *
 * <p>The value is a bearer credential for one user's lock exemption: never log it. {@link
 * #toString()} hides it.
 *
 * @param value the token, ASCII, at most 200 characters
 * @param expiresAt when the signature stops being accepted
 * @param lifetime how long from its issue the token lives (a cookie's {@code Max-Age})
 */
public record DeviceToken(String value, Instant expiresAt, Duration lifetime) {

  /**
   * The cookie that carries the token in a browser. The {@code __Host-} prefix makes the browser
   * refuse it unless it is {@code Secure}, has {@code Path=/} and no {@code Domain}, so a sibling
   * subdomain cannot plant or overwrite it.
   */
  public static final String COOKIE_NAME = "__Host-bulwark-device";

  /** The longest token value accepted anywhere; longer input is ignored without parsing. */
  public static final int MAX_CHARS = 200;

  /**
   * Checks the components.
   *
   * @param value the token
   * @param expiresAt its expiry
   * @param lifetime its lifetime, positive
   */
  public DeviceToken {
    Objects.requireNonNull(value, "value");
    Objects.requireNonNull(expiresAt, "expiresAt");
    Objects.requireNonNull(lifetime, "lifetime");
    if (lifetime.isNegative() || lifetime.isZero()) {
      throw new IllegalArgumentException("a device token's lifetime is positive");
    }
    if (value.isEmpty() || value.length() > MAX_CHARS) {
      throw new IllegalArgumentException("a device token has 1 to " + MAX_CHARS + " characters");
    }
  }

  @Override
  public String toString() {
    return "DeviceToken[(redacted), expiresAt=" + expiresAt + "]";
  }
}
