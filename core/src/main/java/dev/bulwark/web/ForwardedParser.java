package dev.bulwark.web;

import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * A strict parser of the RFC 7239 {@code Forwarded} field value.
 *
 * <pre>
 * Forwarded         = 1#forwarded-element
 * forwarded-element = [ forwarded-pair ] *( ";" [ forwarded-pair ] )
 * forwarded-pair    = token "=" value
 * value             = token / quoted-string
 * </pre>
 *
 * <p>Parameter names are case-insensitive; a parameter given twice in one element is an error (RFC
 * 7239 section 4). Optional whitespace is allowed around {@code ,} and {@code ;}.
 *
 * <p>The whole value is validated, but only the three parameters the resolver reads ({@code for},
 * {@code proto}, {@code host}) are kept, as strings in one array: no map per element, and a quoted
 * value is copied only when it holds an escape.
 */
final class ForwardedParser {

  private static final int FOR = 0;
  private static final int PROTO = 1;
  private static final int HOST = 2;
  private static final int KEPT = 3;
  private static final int[] NO_NAMES = new int[0];

  private ForwardedParser() {}

  /** The {@code for}, {@code proto} and {@code host} values of each element, left to right. */
  static final class Elements {
    private final String source;
    private String[] values; // KEPT slots per element; null where the parameter is absent
    // An unescaped "for" value is not copied: its bounds in source, 2 per element, -1 if absent
    // or copied into values (it held an escape).
    private int[] forBounds;
    private int size;

    private Elements(String source, int capacity) {
      this.source = source;
      values = new String[KEPT * capacity];
      forBounds = new int[2 * capacity];
    }

    /** The number of elements (comma-separated parts), empty ones included. */
    int size() {
      return size;
    }

    @Nullable String forValue(int element) {
      String copied = values[KEPT * element + FOR];
      int start = forBounds[2 * element];
      return copied != null || start < 0
          ? copied
          : source.substring(start, forBounds[2 * element + 1]);
    }

    /**
     * The element's {@code for} value as a node (see {@link ClientIpResolver#parseNode}), parsed
     * where it stands in the field value.
     *
     * @return the address, or null when {@code for} is absent or not an address
     */
    @Nullable IpLiteral forAddress(int element) {
      String copied = values[KEPT * element + FOR];
      if (copied != null) {
        return ClientIpResolver.parseNode(copied, 0, copied.length(), true);
      }
      int start = forBounds[2 * element];
      return start < 0
          ? null
          : ClientIpResolver.parseNode(source, start, forBounds[2 * element + 1], true);
    }

    @Nullable String proto(int element) {
      return values[KEPT * element + PROTO];
    }

    @Nullable String host(int element) {
      return values[KEPT * element + HOST];
    }

    private void startElement() {
      if (KEPT * (size + 1) > values.length) {
        values = Arrays.copyOf(values, values.length * 2);
        forBounds = Arrays.copyOf(forBounds, forBounds.length * 2);
      }
      forBounds[2 * size] = -1;
      forBounds[2 * size + 1] = -1;
      size++;
    }

    private void setForBounds(int start, int end) {
      forBounds[2 * (size - 1)] = start;
      forBounds[2 * (size - 1) + 1] = end;
    }

    private void set(int slot, String v) {
      values[KEPT * (size - 1) + slot] = v;
    }
  }

  /**
   * Parses a field value.
   *
   * @return the elements, or null when the value is malformed
   */
  static @Nullable Elements parse(String value) {
    return parse(value, Integer.MAX_VALUE);
  }

  /**
   * Parses a field value of at most {@code maxElements} elements.
   *
   * @return the elements, or null when the value is malformed or has more elements
   */
  static @Nullable Elements parse(String value, int maxElements) {
    Elements elements = new Elements(value, 4);
    elements.startElement();
    // Names of this element other than for/proto/host, as (start, end) pairs: duplicates of any
    // name are an error, so they must be remembered too. Allocated only when one appears.
    int[] otherNames = NO_NAMES;
    int others = 0;
    int seen = 0; // bit per kept parameter already given in this element
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
        int nameEnd = i;
        int slot = keptSlot(value, nameStart, nameEnd);
        if (slot >= 0) {
          if ((seen & (1 << slot)) != 0) {
            return null;
          }
          seen |= 1 << slot;
        } else {
          int len = nameEnd - nameStart;
          for (int k = 0; k < others; k++) {
            int s = otherNames[2 * k];
            if (otherNames[2 * k + 1] - s == len
                && value.regionMatches(true, s, value, nameStart, len)) {
              return null;
            }
          }
          if (2 * others + 2 > otherNames.length) {
            otherNames = Arrays.copyOf(otherNames, Math.max(8, otherNames.length * 2));
          }
          otherNames[2 * others] = nameStart;
          otherNames[2 * others + 1] = nameEnd;
          others++;
        }
        i++;
        String v = null;
        if (i < n && value.charAt(i) == '"') {
          i++;
          int contentStart = i;
          boolean escaped = false;
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
              escaped = true;
              c = value.charAt(i++);
            }
            if (c < 0x20 && c != '\t' || c == 0x7f) {
              return null;
            }
          }
          if (!closed) {
            return null;
          }
          if (slot == FOR && !escaped) {
            elements.setForBounds(contentStart, i - 1);
          } else if (slot >= 0) {
            v =
                escaped
                    ? unescape(value, contentStart, i - 1)
                    : value.substring(contentStart, i - 1);
          }
        } else {
          int vs = i;
          while (i < n && isTchar(value.charAt(i))) {
            i++;
          }
          if (i == vs) {
            return null;
          }
          if (slot == FOR) {
            elements.setForBounds(vs, i);
          } else if (slot >= 0) {
            v = value.substring(vs, i);
          }
        }
        if (v != null) {
          elements.set(slot, v);
        }
        expectPair = false;
        i = skipOws(value, i);
      }
      if (i >= n) {
        return elements;
      }
      char sep = value.charAt(i++);
      if (sep == ';') {
        expectPair = true;
      } else if (sep == ',') {
        if (elements.size() == maxElements) {
          return null;
        }
        elements.startElement();
        seen = 0;
        others = 0;
        expectPair = true;
      } else {
        return null;
      }
    }
  }

  /** The content of a quoted-string whose syntax was checked: each backslash escapes one char. */
  private static String unescape(String s, int from, int to) {
    StringBuilder sb = new StringBuilder(to - from);
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (c == '\\') {
        c = s.charAt(++i);
      }
      sb.append(c);
    }
    return sb.toString();
  }

  private static int keptSlot(String s, int from, int to) {
    int len = to - from;
    if (len == 3 && s.regionMatches(true, from, "for", 0, 3)) {
      return FOR;
    }
    if (len == 5 && s.regionMatches(true, from, "proto", 0, 5)) {
      return PROTO;
    }
    if (len == 4 && s.regionMatches(true, from, "host", 0, 4)) {
      return HOST;
    }
    return -1;
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
