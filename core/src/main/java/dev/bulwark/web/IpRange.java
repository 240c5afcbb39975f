package dev.bulwark.web;

import java.net.InetAddress;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * An immutable CIDR block, such as {@code 10.0.0.0/8} or {@code 2001:db8::/32}.
 *
 * <p>Parsing is strict: the address must be a literal that {@link IpAddresses} accepts, the prefix
 * must fit the family, and host bits must be zero ({@code 10.0.0.1/8} is refused with a message
 * that proposes {@code 10.0.0.0/8}, because such a typo usually means the author meant a single
 * host). A bare address is a block of one ({@code /32} or {@code /128}). An IPv4-mapped IPv6 block
 * is unwrapped to IPv4 like the addresses it is matched against.
 */
public final class IpRange {

  private final byte[] network;
  private final int prefix;
  // The block as masks over IpLiteral's two longs, so that the resolver's per-hop check is four
  // ANDs and compares instead of a byte loop over a fresh InetAddress copy.
  private final boolean v4;
  private final long maskHi;
  private final long maskLo;
  private final long netHi;
  private final long netLo;

  private IpRange(byte[] network, int prefix) {
    this.network = network;
    this.prefix = prefix;
    IpLiteral net = IpLiteral.fromBytes(network);
    this.v4 = network.length == 4;
    if (v4) {
      maskHi = 0;
      maskLo = prefix == 0 ? 0 : (0xffff_ffffL << (32 - prefix)) & 0xffff_ffffL;
    } else {
      maskHi = prefix == 0 ? 0 : prefix >= 64 ? -1L : -1L << (64 - prefix);
      maskLo = prefix <= 64 ? 0 : -1L << (128 - prefix);
    }
    this.netHi = net.hi & maskHi;
    this.netLo = net.lo & maskLo;
  }

  /**
   * Parses {@code address[/prefix]}.
   *
   * @param cidr the block, for example {@code 192.168.0.0/16}, {@code ::1} or {@code fd00::/8}
   * @return the block
   * @throws IllegalArgumentException with a message that says what is wrong and the accepted form
   */
  public static IpRange parse(String cidr) {
    String text = cidr.trim();
    int slash = text.indexOf('/');
    String addressText = slash < 0 ? text : text.substring(0, slash);
    Optional<InetAddress> parsed = IpAddresses.parse(addressText);
    if (parsed.isEmpty()) {
      throw new IllegalArgumentException(
          "'"
              + cidr
              + "' is not a CIDR block: expected an IP literal with an optional /prefix, such"
              + " as 10.0.0.0/8 or 2001:db8::/32");
    }
    byte[] bytes = parsed.get().getAddress();
    int max = bytes.length * 8;
    int prefix = max;
    if (slash >= 0) {
      String p = text.substring(slash + 1);
      if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(Character::isDigit)) {
        throw new IllegalArgumentException(
            "'" + cidr + "' has an invalid prefix length: expected /0 to /" + max);
      }
      prefix = Integer.parseInt(p);
      if (addressText.contains(":") && bytes.length == 4) {
        // an IPv4-mapped IPv6 block: its prefix counts the 96 bits of the mapping
        prefix -= 96;
      }
      if (prefix < 0 || prefix > max) {
        throw new IllegalArgumentException(
            "'" + cidr + "' has an invalid prefix length: expected /0 to /" + max);
      }
    }
    byte[] masked = mask(bytes, prefix);
    if (!Arrays.equals(masked, bytes)) {
      throw new IllegalArgumentException(
          "'"
              + cidr
              + "' has host bits set after the /"
              + prefix
              + " prefix; did you mean "
              + IpAddresses.toCanonicalString(IpAddresses.fromBytes(masked))
              + "/"
              + prefix
              + "?");
    }
    return new IpRange(masked, prefix);
  }

  /**
   * Whether the address lies in this block. Addresses of the other family never match.
   *
   * @param address an address (IPv4-mapped IPv6 is unwrapped first)
   * @return true when the address is inside
   */
  public boolean contains(InetAddress address) {
    return contains(IpLiteral.fromBytes(address.getAddress()));
  }

  boolean contains(IpLiteral address) {
    return address.v4 == v4 && (address.hi & maskHi) == netHi && (address.lo & maskLo) == netLo;
  }

  /**
   * The prefix length.
   *
   * @return bits of the network part
   */
  public int prefixLength() {
    return prefix;
  }

  /**
   * Whether this block covers a whole address family ({@code 0.0.0.0/0} or {@code ::/0}).
   *
   * @return true for a /0 block
   */
  public boolean isEverything() {
    return prefix == 0;
  }

  static byte[] mask(byte[] bytes, int prefix) {
    byte[] out = bytes.clone();
    for (int i = 0; i < out.length; i++) {
      int bitsHere = Math.max(0, Math.min(8, prefix - i * 8));
      int m = bitsHere == 0 ? 0 : (0xff << (8 - bitsHere)) & 0xff;
      out[i] = (byte) (out[i] & m);
    }
    return out;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof IpRange r && r.prefix == prefix && Arrays.equals(r.network, network);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(network) + prefix;
  }

  @Override
  public String toString() {
    return IpAddresses.toCanonicalString(IpAddresses.fromBytes(network)).toLowerCase(Locale.ROOT)
        + "/"
        + prefix;
  }
}
