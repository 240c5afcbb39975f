package dev.bulwark.web;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Strict parsing and canonical formatting of IP address literals, without ever touching DNS.
 *
 * <p>{@link InetAddress#getByName(String)} resolves host names, and accepts legacy IPv4 spellings
 * such as {@code 127.1} or {@code 0x7f.0.0.1}; both are dangerous for addresses taken from request
 * headers. This class accepts only:
 *
 * <ul>
 *   <li>IPv4 dotted-quad: exactly four decimal parts {@code 0}–{@code 255}, no leading zeros (which
 *       some parsers read as octal), no signs or spaces;
 *   <li>IPv6 in any RFC 4291 text form (hex groups, {@code ::}, an embedded dotted-quad tail), with
 *       no zone id ({@code %eth0}) and no brackets.
 * </ul>
 *
 * <p>An IPv4-mapped IPv6 address ({@code ::ffff:192.0.2.1}) is unwrapped to its IPv4 address, so
 * one client has one spelling. {@link #toCanonicalString(InetAddress)} writes IPv6 in the RFC 5952
 * form (lower case, longest run of zero groups compressed).
 *
 * <p>All methods are thread-safe and never throw on bad input.
 */
public final class IpAddresses {

  private static final int MAX_LITERAL_LENGTH = 45; // longest IPv6 text with an IPv4 tail

  private IpAddresses() {}

  /**
   * Parses an IP address literal.
   *
   * @param text the literal, for example {@code 192.0.2.1} or {@code 2001:db8::1}
   * @return the address, or empty when {@code text} is not a literal this class accepts
   */
  public static Optional<InetAddress> parse(@Nullable String text) {
    if (text == null || text.isEmpty() || text.length() > MAX_LITERAL_LENGTH) {
      return Optional.empty();
    }
    if (text.indexOf(':') < 0) {
      byte[] v4 = parseIpv4(text);
      return v4 == null ? Optional.empty() : Optional.of(fromBytes(v4));
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      boolean ok =
          (c >= '0' && c <= '9')
              || (c >= 'a' && c <= 'f')
              || (c >= 'A' && c <= 'F')
              || c == ':'
              || c == '.';
      if (!ok) {
        return Optional.empty();
      }
    }
    int lastColon = text.lastIndexOf(':');
    String tail = text.substring(lastColon + 1);
    if (tail.indexOf('.') >= 0 && parseIpv4(tail) == null) {
      return Optional.empty(); // the JDK is lenient with the dotted tail; we are not
    }
    try {
      // The text contains ':' and only literal characters, so the JDK parses it as an IPv6 literal
      // and never performs a lookup.
      InetAddress parsed = InetAddress.getByName(text);
      return Optional.of(unwrapMapped(parsed));
    } catch (UnknownHostException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /**
   * Canonical text of an address: dotted-quad for IPv4, RFC 5952 for IPv6, IPv4-mapped IPv6
   * unwrapped.
   *
   * @param address any address
   * @return its canonical text
   */
  public static String toCanonicalString(InetAddress address) {
    InetAddress a = unwrapMapped(address);
    if (a instanceof Inet4Address) {
      return a.getHostAddress();
    }
    return formatIpv6(a.getAddress());
  }

  /**
   * The address with an IPv4-mapped IPv6 form ({@code ::ffff:a.b.c.d}) replaced by the IPv4
   * address, and any IPv6 scope id dropped.
   *
   * @param address any address
   * @return the unwrapped address
   */
  public static InetAddress unwrapMapped(InetAddress address) {
    byte[] b = address.getAddress();
    if (b.length == 16) {
      boolean mapped = b[10] == (byte) 0xff && b[11] == (byte) 0xff;
      for (int i = 0; i < 10 && mapped; i++) {
        mapped = b[i] == 0;
      }
      if (mapped) {
        return fromBytes(new byte[] {b[12], b[13], b[14], b[15]});
      }
      if (address instanceof Inet6Address v6 && v6.getScopeId() != 0) {
        return fromBytes(b);
      }
    }
    return address;
  }

  static InetAddress fromBytes(byte[] bytes) {
    try {
      return InetAddress.getByAddress(bytes);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("address must have 4 or 16 bytes", e);
    }
  }

  private static byte @Nullable [] parseIpv4(String text) {
    byte[] out = new byte[4];
    int part = 0;
    int value = -1;
    int digits = 0;
    boolean leadingZero = false;
    for (int i = 0; i <= text.length(); i++) {
      char c = i == text.length() ? '.' : text.charAt(i);
      if (c == '.') {
        if (digits == 0 || part > 3) {
          return null;
        }
        out[part++] = (byte) value;
        value = -1;
        digits = 0;
        leadingZero = false;
      } else if (c >= '0' && c <= '9') {
        if (leadingZero) {
          return null;
        }
        if (digits == 0 && c == '0') {
          leadingZero = true;
        }
        value = (value < 0 ? 0 : value * 10) + (c - '0');
        if (++digits > 3 || value > 255) {
          return null;
        }
      } else {
        return null;
      }
    }
    return part == 4 ? out : null;
  }

  private static String formatIpv6(byte[] b) {
    int[] groups = new int[8];
    for (int i = 0; i < 8; i++) {
      groups[i] = ((b[2 * i] & 0xff) << 8) | (b[2 * i + 1] & 0xff);
    }
    // RFC 5952 4.2: compress the longest run of two or more zero groups; the first one on a tie.
    int bestStart = -1;
    int bestLen = 1;
    for (int i = 0; i < 8; ) {
      if (groups[i] != 0) {
        i++;
        continue;
      }
      int j = i;
      while (j < 8 && groups[j] == 0) {
        j++;
      }
      if (j - i > bestLen) {
        bestStart = i;
        bestLen = j - i;
      }
      i = j;
    }
    StringBuilder sb = new StringBuilder(39);
    for (int i = 0; i < 8; i++) {
      if (i == bestStart) {
        sb.append("::");
        i += bestLen - 1;
        continue;
      }
      if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
        sb.append(':');
      }
      sb.append(Integer.toHexString(groups[i]));
    }
    return sb.toString();
  }
}
