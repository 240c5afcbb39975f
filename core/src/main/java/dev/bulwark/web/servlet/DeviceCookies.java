package dev.bulwark.web.servlet;

import dev.bulwark.web.DeviceToken;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Reads and writes the {@value DeviceToken#COOKIE_NAME} cookie that carries a {@link DeviceToken}
 * in a browser.
 *
 * <p>The cookie is {@code Secure; HttpOnly; SameSite=Strict; Path=/}, with no {@code Domain} and a
 * {@code Max-Age} up to the token's expiry: script cannot read it, no other site's request carries
 * it, and the {@code __Host-} prefix makes browsers refuse any copy a sibling subdomain or a
 * plain-HTTP page tries to plant. Browsers treat {@code http://localhost} and {@code
 * http://127.0.0.1} as secure contexts and keep {@code Secure} cookies there, so plain-HTTP local
 * development works; on any other plain-HTTP host the browser drops the cookie and the device is
 * simply never trusted (the lock applies as without device trust). Behind a proxy that terminates
 * TLS, the browser sees HTTPS and keeps it.
 *
 * <p>The header is written as one {@code Set-Cookie} line rather than through {@link Cookie}, so
 * every container sends the same attributes.
 */
public final class DeviceCookies {

  private DeviceCookies() {}

  /**
   * The device token the request's cookie carries, when there is exactly one plausible value.
   *
   * @param request the request
   * @return the token, or null when there is none (or it is longer than any token)
   */
  public static @Nullable String read(HttpServletRequest request) {
    Cookie[] cookies = request.getCookies();
    if (cookies == null) {
      return null;
    }
    for (Cookie c : cookies) {
      String v = c.getValue();
      if (DeviceToken.COOKIE_NAME.equals(c.getName())
          && v != null
          && !v.isEmpty()
          && v.length() <= DeviceToken.MAX_CHARS) {
        return v;
      }
    }
    return null;
  }

  /**
   * Sets the cookie for a freshly issued token.
   *
   * @param response the response, not yet committed
   * @param token the token; its lifetime becomes the cookie's {@code Max-Age}
   */
  public static void write(HttpServletResponse response, DeviceToken token) {
    Objects.requireNonNull(token, "token");
    long maxAge = token.lifetime().toSeconds();
    response.addHeader(
        "Set-Cookie",
        DeviceToken.COOKIE_NAME
            + "="
            + cookieValue(token.value())
            + "; Max-Age="
            + maxAge
            + "; Path=/; Secure; HttpOnly; SameSite=Strict");
  }

  /** Refuses a value that could break out of the cookie (tokens are base64url, dots, digits). */
  private static String cookieValue(String v) {
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      boolean ok =
          (c >= 'A' && c <= 'Z')
              || (c >= 'a' && c <= 'z')
              || (c >= '0' && c <= '9')
              || c == '-'
              || c == '_'
              || c == '.';
      if (!ok) {
        throw new IllegalArgumentException("a device token holds only base64url, '.' and digits");
      }
    }
    return v;
  }
}
