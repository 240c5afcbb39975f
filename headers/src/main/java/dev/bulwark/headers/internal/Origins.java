package dev.bulwark.headers.internal;

import dev.bulwark.web.ConfigurationException;
import java.util.Locale;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Serialised web origins ({@code scheme://host[:port]}, RFC 6454): parsing configuration strictly,
 * and normalising what a request says about itself.
 */
public final class Origins {

  private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]+");

  private Origins() {}

  /** A DNS name of LDH labels (RFC 1123), each 1–63 characters, no leading or trailing hyphen. */
  private static boolean isHostName(String host) {
    if (host.isEmpty() || host.length() > 253) {
      return false;
    }
    int labelStart = 0;
    for (int i = 0; i <= host.length(); i++) {
      char c = i < host.length() ? host.charAt(i) : '.';
      if (c == '.') {
        int len = i - labelStart;
        if (len == 0 && i == host.length() && i > 0) {
          return false; // trailing dot
        }
        if (len == 0 || len > 63 || host.charAt(labelStart) == '-' || host.charAt(i - 1) == '-') {
          return false;
        }
        labelStart = i + 1;
      } else if (!((c >= 'a' && c <= 'z')
          || (c >= 'A' && c <= 'Z')
          || (c >= '0' && c <= '9')
          || c == '-')) {
        return false;
      }
    }
    return true;
  }

  /**
   * Validates and normalises a configured origin: lower-case scheme and host, default port dropped.
   *
   * @param origin such as {@code https://app.example.com} or {@code http://localhost:8080}
   * @return the normalised origin
   * @throws ConfigurationException naming what is wrong and the fix
   */
  public static String parseConfigured(String origin) {
    String o = origin.trim();
    if (o.equals("*")) {
      throw new ConfigurationException(
          "'*' is not an origin: use dangerouslyAllowAnyOrigin() if you really mean any origin");
    }
    String n = normalise(o);
    if (n == null) {
      String hint = "";
      if (o.endsWith("/")) {
        hint = " (remove the trailing '/')";
      } else if (!o.contains("://")) {
        hint = " (add the scheme, such as https://" + o + ")";
      } else if (o.indexOf('/', o.indexOf("://") + 3) >= 0) {
        hint = " (an origin has no path)";
      }
      throw new ConfigurationException(
          "'"
              + dev.bulwark.encoding.LogSafe.forLog(o, 200)
              + "' is not an origin: expected scheme://host[:port]"
              + hint);
    }
    return n;
  }

  /**
   * Normalises an origin, or returns null when the text is not a serialised http(s) origin.
   *
   * @param origin text from a header or configuration
   * @return the normalised origin or null
   */
  public static @Nullable String normalise(@Nullable String origin) {
    if (origin == null || origin.length() > 512) {
      return null;
    }
    int sep = origin.indexOf("://");
    if (sep <= 0) {
      return null;
    }
    String scheme = origin.substring(0, sep).toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      return null;
    }
    String hostPort = hostPort(origin.substring(sep + 3), scheme);
    return hostPort == null ? null : scheme + "://" + hostPort;
  }

  /**
   * The origin a request was addressed to.
   *
   * @param scheme {@code http} or {@code https}
   * @param host the Host header value (host[:port]), or null
   * @return the normalised origin, or null when the host is unusable
   */
  public static @Nullable String ofRequest(String scheme, @Nullable String host) {
    if (host == null || host.isEmpty()) {
      return null;
    }
    String s = scheme.toLowerCase(Locale.ROOT);
    String hp = hostPort(host, s);
    return hp == null ? null : s + "://" + hp;
  }

  private static @Nullable String hostPort(String hp, String scheme) {
    String host;
    String port = null;
    if (hp.startsWith("[")) {
      int close = hp.indexOf(']');
      if (close < 0) {
        return null;
      }
      host = hp.substring(0, close + 1);
      String rest = hp.substring(close + 1);
      if (!rest.isEmpty()) {
        if (!rest.startsWith(":")) {
          return null;
        }
        port = rest.substring(1);
      }
      if (!IPV6.matcher(host.substring(1, host.length() - 1)).matches()) {
        return null;
      }
    } else {
      int colon = hp.lastIndexOf(':');
      if (colon >= 0) {
        host = hp.substring(0, colon);
        port = hp.substring(colon + 1);
      } else {
        host = hp;
      }
      if (!isHostName(host)) {
        return null;
      }
    }
    host = host.toLowerCase(Locale.ROOT);
    if (port != null) {
      if (port.isEmpty() || port.length() > 5 || !port.chars().allMatch(Character::isDigit)) {
        return null;
      }
      int p = Integer.parseInt(port);
      if (p == 0 || p > 65535) {
        return null;
      }
      if ((scheme.equals("https") && p == 443) || (scheme.equals("http") && p == 80)) {
        port = null;
      } else {
        port = Integer.toString(p);
      }
    }
    return port == null ? host : host + ":" + port;
  }
}
