package dev.bulwark.web;

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

  private IpAddresses() {}

  /**
   * Parses an IP address literal.
   *
   * @param text the literal, for example {@code 192.0.2.1} or {@code 2001:db8::1}
   * @return the address, or empty when {@code text} is not a literal this class accepts
   */
  public static Optional<InetAddress> parse(@Nullable String text) {
    IpLiteral parsed = IpLiteral.parse(text);
    return parsed == null ? Optional.empty() : Optional.of(fromBytes(parsed.toBytes()));
  }

  /**
   * Canonical text of an address: dotted-quad for IPv4, RFC 5952 for IPv6, IPv4-mapped IPv6
   * unwrapped.
   *
   * @param address any address
   * @return its canonical text
   */
  public static String toCanonicalString(InetAddress address) {
    return IpLiteral.fromBytes(address.getAddress()).toCanonicalString();
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
}
