package dev.bulwark.web;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The map-per-element {@code Forwarded} parser that {@link ForwardedParser} replaced, kept as the
 * reference its replacement is fuzzed against: the same values must be refused, and the same {@code
 * for}, {@code proto} and {@code host} values read.
 *
 * <p>Original description: a strict parser of the RFC 7239 {@code Forwarded} field value.
 *
 * <pre>
 * Forwarded         = 1#forwarded-element
 * forwarded-element = [ forwarded-pair ] *( ";" [ forwarded-pair ] )
 * forwarded-pair    = token "=" value
 * value             = token / quoted-string
 * </pre>
 *
 * <p>Parameter names are case-insensitive and returned in lower case; a parameter given twice in
 * one element is an error (RFC 7239 section 4). Optional whitespace is allowed around {@code ,} and
 * {@code ;}.
 */
final class ReferenceForwardedParser {

  private ReferenceForwardedParser() {}

  /**
   * Parses a field value.
   *
   * @return one map per element, or null when the value is malformed
   */
  static @Nullable List<Map<String, String>> parse(String value) {
    List<Map<String, String>> elements = new ArrayList<>();
    Map<String, String> current = new HashMap<>();
    int i = 0;
    int n = value.length();
    boolean expectPair = true;
    while (true) {
      i = skipOws(value, i);
      if (i < n && expectPair && value.charAt(i) != ',' && value.charAt(i) != ';') {
        int nameStart = i;
        while (i < n && isTchar(value.charAt(i))) {
          i++;
        }
        if (i == nameStart || i >= n || value.charAt(i) != '=') {
          return null;
        }
        String name = value.substring(nameStart, i).toLowerCase(Locale.ROOT);
        i++;
        String v;
        if (i < n && value.charAt(i) == '"') {
          StringBuilder sb = new StringBuilder();
          i++;
          boolean closed = false;
          while (i < n) {
            char c = value.charAt(i++);
            if (c == '"') {
              closed = true;
              break;
            }
            if (c == '\\') {
              if (i >= n) {
                return null;
              }
              c = value.charAt(i++);
            }
            if (c < 0x20 && c != '\t' || c == 0x7f) {
              return null;
            }
            sb.append(c);
          }
          if (!closed) {
            return null;
          }
          v = sb.toString();
        } else {
          int vs = i;
          while (i < n && isTchar(value.charAt(i))) {
            i++;
          }
          if (i == vs) {
            return null;
          }
          v = value.substring(vs, i);
        }
        if (current.put(name, v) != null) {
          return null;
        }
        expectPair = false;
        i = skipOws(value, i);
      }
      if (i >= n) {
        elements.add(Map.copyOf(current));
        return elements.isEmpty() ? null : elements;
      }
      char sep = value.charAt(i++);
      if (sep == ';') {
        expectPair = true;
      } else if (sep == ',') {
        elements.add(Map.copyOf(current));
        current = new HashMap<>();
        expectPair = true;
      } else {
        return null;
      }
    }
  }

  private static int skipOws(String s, int i) {
    while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) {
      i++;
    }
    return i;
  }

  /** RFC 9110 tchar. */
  private static boolean isTchar(char c) {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
      return true;
    }
    return "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
  }
}
