package dev.bulwark.jwt;

import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Where a session was seen: the client address and a short description of the user agent, stored
 * with the session at sign-in and at every refresh so that a user can tell their sessions apart.
 *
 * <p>The raw {@code User-Agent} header is never stored: {@link #of} keeps only a short description
 * ("Firefox on Linux", "curl"), at most {@value #MAX_USER_AGENT} characters of printable ASCII, so
 * an attacker-chosen header cannot inject markup, control characters or bulk into the store or the
 * account page. The description is for display only and proves nothing: any client may claim any
 * user agent.
 *
 * @param address the canonical client address (from core's {@code ClientIpResolver}), or null
 * @param userAgent the short user-agent description, or null when unknown
 */
public record SessionClient(@Nullable String address, @Nullable String userAgent) {

  /** The longest user-agent description kept. */
  public static final int MAX_USER_AGENT = 64;

  /** The longest address kept (an IPv6 address with a zone fits). */
  public static final int MAX_ADDRESS = 64;

  /** A client about which nothing is known. */
  public static final SessionClient UNKNOWN = new SessionClient(null, null);

  /**
   * Checks the components: both must already be short and printable (use {@link #of}).
   *
   * @param address the address, or null
   * @param userAgent the description, or null
   * @throws IllegalArgumentException when a component is too long or holds other characters
   */
  public SessionClient {
    if (address != null && (address.length() > MAX_ADDRESS || !printable(address))) {
      throw new IllegalArgumentException("the address must be printable ASCII, at most 64 chars");
    }
    if (userAgent != null && (userAgent.length() > MAX_USER_AGENT || !printable(userAgent))) {
      throw new IllegalArgumentException(
          "the user-agent description must be printable ASCII, at most 64 chars");
    }
  }

  /**
   * The client of a request: its resolved address and a short description of its {@code User-Agent}
   * header.
   *
   * @param address the resolved client address, or null
   * @param rawUserAgent the {@code User-Agent} header as sent, or null
   * @return the client
   */
  public static SessionClient of(@Nullable String address, @Nullable String rawUserAgent) {
    String a =
        address == null || address.length() > MAX_ADDRESS || !printable(address) ? null : address;
    return new SessionClient(a, describe(rawUserAgent));
  }

  /**
   * A short description of a {@code User-Agent} header: browser and platform for the common
   * browsers, the first product token otherwise; null for a missing or empty header.
   *
   * @param raw the header, or null
   * @return the description, or null
   */
  static @Nullable String describe(@Nullable String raw) {
    if (raw == null || raw.isBlank()) {
      return null;
    }
    String ua = raw.length() > 512 ? raw.substring(0, 512) : raw;
    String lower = ua.toLowerCase(Locale.ROOT);
    String browser = null;
    // order matters: Edge and Opera also say Chrome, Chrome also says Safari
    if (lower.contains("edg/")) {
      browser = "Edge";
    } else if (lower.contains("opr/")) {
      browser = "Opera";
    } else if (lower.contains("firefox/")) {
      browser = "Firefox";
    } else if (lower.contains("chrome/") || lower.contains("chromium/")) {
      browser = lower.contains("headlesschrome/") ? "Headless Chrome" : "Chrome";
    } else if (lower.contains("safari/")) {
      browser = "Safari";
    }
    String platform = null;
    if (lower.contains("android")) {
      platform = "Android";
    } else if (lower.contains("iphone") || lower.contains("ipad")) {
      platform = "iOS";
    } else if (lower.contains("windows")) {
      platform = "Windows";
    } else if (lower.contains("mac os x") || lower.contains("macintosh")) {
      platform = "macOS";
    } else if (lower.contains("cros")) {
      platform = "ChromeOS";
    } else if (lower.contains("linux")) {
      platform = "Linux";
    }
    String description;
    if (browser != null) {
      description = platform == null ? browser : browser + " on " + platform;
    } else {
      // a tool: its first product token without the version ("curl/8.5.0" -> "curl")
      String product = ua.strip().split("[\\s/;(]", 2)[0];
      description = sanitize(product);
    }
    if (description.isEmpty()) {
      return "unknown";
    }
    return description.length() > MAX_USER_AGENT
        ? description.substring(0, MAX_USER_AGENT)
        : description;
  }

  private static String sanitize(String s) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < s.length() && sb.length() < MAX_USER_AGENT; i++) {
      char c = s.charAt(i);
      if ((c >= 'a' && c <= 'z')
          || (c >= 'A' && c <= 'Z')
          || (c >= '0' && c <= '9')
          || c == '-'
          || c == '_'
          || c == '.') {
        sb.append(c);
      }
    }
    return sb.toString();
  }

  private static boolean printable(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x20 || c > 0x7e) {
        return false;
      }
    }
    return true;
  }
}
