package dev.bulwark.web;

import org.jspecify.annotations.Nullable;

/**
 * An IP address parsed from its literal text, held as two longs.
 *
 * <p>This is the resolver's hot-path form: range checks, canonical text and IPv6 prefix keys work
 * on the longs, without {@link java.net.InetAddress} ({@code InetAddress.getByName} cost about a
 * microsecond per IPv6 literal, and a general-purpose API that can resolve names does not belong on
 * a path fed by request headers). It accepts exactly what {@link IpAddresses} documents: strict
 * dotted-quad IPv4 and the RFC 4291 IPv6 text forms that the JDK's literal parser accepts, with a
 * strict dotted-quad tail and no zone id. {@code IpLiteralPropertyTest} compares it with the
 * JDK-based parser it replaced over random and edge-case literals.
 *
 * <p>An IPv4-mapped IPv6 literal ({@code ::ffff:a.b.c.d}) is held as the IPv4 address, so one
 * client has one spelling. IPv4 is held in the low 32 bits of {@link #lo}, with {@link #hi} zero.
 */
final class IpLiteral {

  /** The longest literal read: the longest IPv6 text with an IPv4 tail. */
  static final int MAX_LITERAL_LENGTH = 45;

  private static final char[] HEX = "0123456789abcdef".toCharArray();

  /** Whether this is an IPv4 address. */
  final boolean v4;

  /** IPv6 bits 0–63 (network order); zero for IPv4. */
  final long hi;

  /** IPv6 bits 64–127; for IPv4 the address in the low 32 bits. */
  final long lo;

  private IpLiteral(boolean v4, long hi, long lo) {
    this.v4 = v4;
    this.hi = hi;
    this.lo = lo;
  }

  static IpLiteral ipv4(long bits) {
    return new IpLiteral(true, 0, bits & 0xffff_ffffL);
  }

  /** An IPv6 address, unwrapped to IPv4 when it is IPv4-mapped. */
  static IpLiteral ipv6(long hi, long lo) {
    if (hi == 0 && (lo >>> 32) == 0xffffL) {
      return ipv4(lo);
    }
    return new IpLiteral(false, hi, lo);
  }

  /** The address of 4 or 16 bytes (IPv4-mapped IPv6 unwrapped). */
  static IpLiteral fromBytes(byte[] b) {
    if (b.length == 4) {
      return ipv4(bytesToLong(b, 0, 4));
    }
    if (b.length != 16) {
      throw new IllegalArgumentException("address must have 4 or 16 bytes");
    }
    return ipv6(bytesToLong(b, 0, 8), bytesToLong(b, 8, 16));
  }

  private static long bytesToLong(byte[] b, int from, int to) {
    long v = 0;
    for (int i = from; i < to; i++) {
      v = (v << 8) | (b[i] & 0xff);
    }
    return v;
  }

  /** The address's bytes: 4 for IPv4, 16 for IPv6. */
  byte[] toBytes() {
    if (v4) {
      return new byte[] {(byte) (lo >>> 24), (byte) (lo >>> 16), (byte) (lo >>> 8), (byte) lo};
    }
    byte[] out = new byte[16];
    for (int i = 0; i < 8; i++) {
      out[i] = (byte) (hi >>> (56 - 8 * i));
      out[8 + i] = (byte) (lo >>> (56 - 8 * i));
    }
    return out;
  }

  static @Nullable IpLiteral parse(@Nullable String text) {
    return text == null ? null : parse(text, 0, text.length());
  }

  /**
   * Parses {@code s[from, to)}.
   *
   * @return the address, or null when the text is not a literal that {@link IpAddresses} accepts
   */
  static @Nullable IpLiteral parse(String s, int from, int to) {
    int len = to - from;
    if (len <= 0 || len > MAX_LITERAL_LENGTH) {
      return null;
    }
    for (int i = from; i < to; i++) {
      if (s.charAt(i) == ':') {
        return parseIpv6(s, from, to);
      }
    }
    long v4 = parseIpv4(s, from, to);
    return v4 < 0 ? null : ipv4(v4);
  }

  /**
   * Strict dotted-quad: exactly four decimal parts 0–255, no leading zeros, nothing else.
   *
   * @return the address as an unsigned 32-bit value, or -1
   */
  static long parseIpv4(String s, int from, int to) {
    long out = 0;
    int parts = 0;
    int value = 0;
    int digits = 0;
    for (int i = from; i <= to; i++) {
      char c = i == to ? '.' : s.charAt(i);
      if (c == '.') {
        if (digits == 0 || parts > 3) {
          return -1;
        }
        out = (out << 8) | value;
        parts++;
        value = 0;
        digits = 0;
      } else if (c >= '0' && c <= '9') {
        if (digits == 1 && value == 0) {
          return -1; // a leading zero: some parsers read it as octal
        }
        value = value * 10 + (c - '0');
        if (++digits > 3 || value > 255) {
          return -1;
        }
      } else {
        return -1;
      }
    }
    return parts == 4 ? out : -1;
  }

  /**
   * IPv6 text, following the JDK's {@code IPAddressUtil.textToNumericFormatV6} step by step (a
   * group is any run of hex digits whose value fits 16 bits; one {@code ::} that stands for at
   * least one zero group; an IPv4 tail in the last 32 bits), but with a strict dotted-quad tail and
   * no zone id.
   */
  private static @Nullable IpLiteral parseIpv6(String s, int from, int to) {
    if (to - from < 2) {
      return null;
    }
    // Groups before "::" shift into (headHi, headLo), groups after it into (tailHi, tailLo); the
    // head is moved to the top at the end, which leaves the zeros "::" stands for in between.
    long headHi = 0;
    long headLo = 0;
    long tailHi = 0;
    long tailLo = 0;
    int groups = 0; // groups seen in all
    int compressedAt = -1; // groups seen before "::", or -1
    int i = from;
    if (s.charAt(i) == ':' && s.charAt(++i) != ':') {
      return null; // a leading ':' must be "::"
    }
    int tokenStart = i;
    boolean sawDigit = false;
    int value = 0;
    while (i < to) {
      char c = s.charAt(i++);
      int digit = hexValue(c);
      if (digit >= 0) {
        value = (value << 4) | digit;
        if (value > 0xffff) {
          return null;
        }
        sawDigit = true;
        continue;
      }
      if (c == ':') {
        tokenStart = i;
        if (!sawDigit) {
          if (compressedAt >= 0) {
            return null; // a second "::"
          }
          compressedAt = groups;
          continue;
        }
        if (i == to || groups == 8) {
          return null; // a trailing single ':', or a ninth group
        }
        if (compressedAt < 0) {
          headHi = (headHi << 16) | (headLo >>> 48);
          headLo = (headLo << 16) | value;
        } else {
          tailHi = (tailHi << 16) | (tailLo >>> 48);
          tailLo = (tailLo << 16) | value;
        }
        groups++;
        sawDigit = false;
        value = 0;
        continue;
      }
      if (c == '.' && groups + 2 <= 8) {
        long v4 = parseIpv4(s, tokenStart, to);
        if (v4 < 0) {
          return null;
        }
        if (compressedAt < 0) {
          headHi = (headHi << 32) | (headLo >>> 32);
          headLo = (headLo << 32) | v4;
        } else {
          tailHi = (tailHi << 32) | (tailLo >>> 32);
          tailLo = (tailLo << 32) | v4;
        }
        groups += 2;
        sawDigit = false;
        break;
      }
      return null;
    }
    if (sawDigit) {
      if (groups == 8) {
        return null;
      }
      if (compressedAt < 0) {
        headHi = (headHi << 16) | (headLo >>> 48);
        headLo = (headLo << 16) | value;
      } else {
        tailHi = (tailHi << 16) | (tailLo >>> 48);
        tailLo = (tailLo << 16) | value;
      }
      groups++;
    }
    if (compressedAt < 0) {
      return groups == 8 ? ipv6(headHi, headLo) : null;
    }
    if (groups == 8) {
      return null; // "::" must stand for at least one zero group
    }
    // Move the head groups to the top: shift left by 16 bits per group they do not fill.
    int shift = 16 * (8 - compressedAt);
    long hi;
    long lo;
    if (shift >= 128) {
      hi = 0;
      lo = 0;
    } else if (shift >= 64) {
      hi = shift == 64 ? headLo : headLo << (shift - 64);
      lo = 0;
    } else {
      hi = (headHi << shift) | (headLo >>> (64 - shift));
      lo = headLo << shift;
    }
    return ipv6(hi | tailHi, lo | tailLo);
  }

  private static int hexValue(char c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
      return c - 'A' + 10;
    }
    return -1;
  }

  /** This address with all but the first {@code bits} bits zero (IPv6 only). */
  IpLiteral maskIpv6(int bits) {
    long maskHi = bits == 0 ? 0 : bits >= 64 ? -1L : -1L << (64 - bits);
    long maskLo = bits <= 64 ? 0 : -1L << (128 - bits);
    // Never unwrapped to IPv4: a prefix key must stay IPv6 text.
    return new IpLiteral(false, hi & maskHi, lo & maskLo);
  }

  /** Dotted-quad for IPv4; RFC 5952 for IPv6 (lower case, longest zero run compressed). */
  String toCanonicalString() {
    if (v4) {
      char[] buf = new char[15];
      int n = 0;
      for (int shift = 24; shift >= 0; shift -= 8) {
        n = appendDecimal(buf, n, (int) (lo >>> shift) & 0xff);
        if (shift > 0) {
          buf[n++] = '.';
        }
      }
      return new String(buf, 0, n);
    }
    // RFC 5952 4.2: compress the longest run of two or more zero groups; the first one on a tie.
    int bestStart = -1;
    int bestLen = 1;
    for (int i = 0; i < 8; ) {
      if (group(i) != 0) {
        i++;
        continue;
      }
      int j = i;
      while (j < 8 && group(j) == 0) {
        j++;
      }
      if (j - i > bestLen) {
        bestStart = i;
        bestLen = j - i;
      }
      i = j;
    }
    char[] buf = new char[39];
    int n = 0;
    for (int i = 0; i < 8; i++) {
      if (i == bestStart) {
        buf[n++] = ':';
        buf[n++] = ':';
        i += bestLen - 1;
        continue;
      }
      if (n > 0 && buf[n - 1] != ':') {
        buf[n++] = ':';
      }
      n = appendHex(buf, n, group(i));
    }
    return new String(buf, 0, n);
  }

  private int group(int i) {
    long half = i < 4 ? hi : lo;
    return (int) (half >>> (48 - 16 * (i & 3))) & 0xffff;
  }

  private static int appendDecimal(char[] buf, int n, int v) {
    if (v >= 100) {
      buf[n++] = (char) ('0' + v / 100);
    }
    if (v >= 10) {
      buf[n++] = (char) ('0' + v / 10 % 10);
    }
    buf[n++] = (char) ('0' + v % 10);
    return n;
  }

  private static int appendHex(char[] buf, int n, int v) {
    boolean started = false;
    for (int shift = 12; shift >= 0; shift -= 4) {
      int d = (v >>> shift) & 0xf;
      if (d != 0 || started || shift == 0) {
        buf[n++] = HEX[d];
        started = true;
      }
    }
    return n;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof IpLiteral a && a.v4 == v4 && a.hi == hi && a.lo == lo;
  }

  @Override
  public int hashCode() {
    return Long.hashCode(hi) * 31 + Long.hashCode(lo) + (v4 ? 1 : 0);
  }

  @Override
  public String toString() {
    return toCanonicalString();
  }
}
