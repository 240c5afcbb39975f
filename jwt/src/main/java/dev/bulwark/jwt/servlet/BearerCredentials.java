package dev.bulwark.jwt.servlet;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Enumeration;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/** RFC 6750 §2 extraction of the bearer token of a request. */
final class BearerCredentials {

  enum Kind {
    /** No bearer token at all (no header, or another scheme). */
    NONE,
    /** Exactly one well-formed bearer token. */
    TOKEN,
    /** A bearer header whose token is not b64token syntax: a token was presented but is bad. */
    MALFORMED,
    /** More than one Authorization header, or a token in the query string or form body. */
    INVALID_REQUEST
  }

  final Kind kind;
  final @Nullable String token;

  private BearerCredentials(Kind kind, @Nullable String token) {
    this.kind = kind;
    this.token = token;
  }

  static BearerCredentials of(HttpServletRequest request) {
    // read the header without copying it into a list: this runs on every request
    Enumeration<String> headers = request.getHeaders("Authorization");
    String value = headers != null && headers.hasMoreElements() ? headers.nextElement() : null;
    if (value != null && headers.hasMoreElements()) {
      return new BearerCredentials(Kind.INVALID_REQUEST, null);
    }
    if (inQueryOrForm(request)) {
      return new BearerCredentials(Kind.INVALID_REQUEST, null);
    }
    if (value == null) {
      return new BearerCredentials(Kind.NONE, null);
    }
    if (value.length() < 7 || !value.regionMatches(true, 0, "bearer ", 0, 7)) {
      return new BearerCredentials(
          value.trim().equalsIgnoreCase("bearer") ? Kind.MALFORMED : Kind.NONE, null);
    }
    String token = value.substring(7);
    return isB64Token(token)
        ? new BearerCredentials(Kind.TOKEN, token)
        : new BearerCredentials(Kind.MALFORMED, null);
  }

  /** {@code b64token = 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"="}. */
  static boolean isB64Token(String s) {
    int i = 0;
    int n = s.length();
    while (i < n) {
      char c = s.charAt(i);
      boolean ok =
          (c >= 'A' && c <= 'Z')
              || (c >= 'a' && c <= 'z')
              || (c >= '0' && c <= '9')
              || c == '-'
              || c == '.'
              || c == '_'
              || c == '~'
              || c == '+'
              || c == '/';
      if (!ok) {
        break;
      }
      i++;
    }
    if (i == 0) {
      return false;
    }
    while (i < n && s.charAt(i) == '=') {
      i++;
    }
    return i == n;
  }

  private static boolean inQueryOrForm(HttpServletRequest request) {
    String query = request.getQueryString();
    if (query != null) {
      for (String pair : query.split("&")) {
        if (pair.equals("access_token") || pair.startsWith("access_token=")) {
          return true;
        }
      }
    }
    String type = request.getContentType();
    return type != null
        && type.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded")
        && request.getParameter("access_token") != null;
  }
}
