package dev.bulwark.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The hand-written literal parser ({@link IpLiteral}, behind {@link IpAddresses#parse}) against the
 * {@code InetAddress}-based parser it replaced, kept here as {@link #reference(String)}: the same
 * literals must be accepted and refused, with the same canonical text, the same IPv6 /56 (and /32,
 * /64) rate-limit key and the same trusted-range answers.
 *
 * <p>Inputs are edge cases plus seeded random literals, valid and mutated. The seed is printed and
 * can be fixed with {@code -Dbulwark.ipLiteralSeed=...} to reproduce a failure.
 */
class IpLiteralPropertyTest {

  private static final long SEED =
      Long.getLong("bulwark.ipLiteralSeed", System.nanoTime() ^ 0x1b_ad_5eedL);

  private static final List<String> RANGES =
      List.of(
          "10.0.0.0/8",
          "192.0.2.128/25",
          "0.0.0.0/0",
          "fd00::/8",
          "2001:db8:ab00::/40",
          "::/0",
          "::1/128",
          "2001:db8:0:0:8000::/65");

  private static final int[] KEY_PREFIXES = {32, 56, 64};
  private static final List<ClientIpResolver> RESOLVERS = new ArrayList<>();

  static {
    for (int prefix : KEY_PREFIXES) {
      RESOLVERS.add(ClientIpResolver.builder().ipv6KeyPrefix(prefix).onWarning(w -> {}).build());
    }
  }

  @BeforeAll
  static void printSeed() {
    System.out.println(
        "IpLiteralPropertyTest seed: "
            + SEED
            + " (rerun with -Dbulwark.ipLiteralSeed="
            + SEED
            + ")");
  }

  static Stream<String> literals() {
    List<String> out = new ArrayList<>(EDGE_CASES);
    Random rnd = new Random(SEED);
    for (int i = 0; i < 4000; i++) {
      String valid = rnd.nextInt(4) == 0 ? randomIpv4(rnd) : randomIpv6(rnd);
      out.add(valid);
      out.add(mutate(valid, rnd));
    }
    return out.stream();
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("literals")
  void parse_anyText_agreesWithTheInetAddressReference(String text) throws Exception {
    Optional<InetAddress> expected = reference(text);
    Optional<InetAddress> actual = IpAddresses.parse(text);
    assertThat(actual.isPresent())
        .as("seed %d, accepted '%s'", SEED, text)
        .isEqualTo(expected.isPresent());
    if (expected.isEmpty()) {
      return;
    }
    InetAddress want = expected.get();
    InetAddress got = actual.get();
    assertThat(got.getAddress())
        .as("seed %d, bytes of '%s'", SEED, text)
        .isEqualTo(want.getAddress());
    assertThat(IpAddresses.toCanonicalString(got))
        .as("seed %d, canonical '%s'", SEED, text)
        .isEqualTo(referenceCanonical(want));
    IpLiteral literal = IpLiteral.parse(text);
    assertThat(literal).isNotNull();
    assertThat(literal.toCanonicalString()).isEqualTo(referenceCanonical(want));
    for (int k = 0; k < KEY_PREFIXES.length; k++) {
      int prefix = KEY_PREFIXES[k];
      assertThat(RESOLVERS.get(k).resolve(text, false, null, Headers.of()).rateLimitKey())
          .as("seed %d, /%d key of '%s'", SEED, prefix, text)
          .isEqualTo(referenceKey(want, prefix));
    }
    for (String range : RANGES) {
      assertThat(IpRange.parse(range).contains(literal))
          .as("seed %d, %s contains '%s'", SEED, range, text)
          .isEqualTo(referenceContains(range, want));
      assertThat(IpRange.parse(range).contains(got)).isEqualTo(referenceContains(range, want));
    }
  }

  // ---- the replaced implementation, verbatim in behaviour ----

  /** The parser before IpLiteral: strict IPv4 by hand, IPv6 through InetAddress.getByName. */
  static Optional<InetAddress> reference(String text) {
    if (text == null || text.isEmpty() || text.length() > 45) {
      return Optional.empty();
    }
    if (text.indexOf(':') < 0) {
      byte[] v4 = referenceIpv4(text);
      return v4 == null ? Optional.empty() : Optional.of(bytes(v4));
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
    String tail = text.substring(text.lastIndexOf(':') + 1);
    if (tail.indexOf('.') >= 0 && referenceIpv4(tail) == null) {
      return Optional.empty();
    }
    if (text.charAt(0) == '.') {
      // getByName would take this for a host name and ask DNS, which has no such name: keep the
      // test off the network and answer as DNS would
      return Optional.empty();
    }
    try {
      return Optional.of(unwrap(InetAddress.getByName(text)));
    } catch (UnknownHostException | RuntimeException e) {
      return Optional.empty();
    }
  }

  private static InetAddress unwrap(InetAddress address) throws UnknownHostException {
    byte[] b = address.getAddress();
    if (b.length == 16) {
      boolean mapped = b[10] == (byte) 0xff && b[11] == (byte) 0xff;
      for (int i = 0; i < 10 && mapped; i++) {
        mapped = b[i] == 0;
      }
      if (mapped) {
        return InetAddress.getByAddress(new byte[] {b[12], b[13], b[14], b[15]});
      }
      if (address instanceof Inet6Address v6 && v6.getScopeId() != 0) {
        return InetAddress.getByAddress(b);
      }
    }
    return address;
  }

  private static InetAddress bytes(byte[] b) {
    try {
      return InetAddress.getByAddress(b);
    } catch (UnknownHostException e) {
      throw new AssertionError(e);
    }
  }

  private static byte[] referenceIpv4(String text) {
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

  private static String referenceCanonical(InetAddress a) {
    if (a.getAddress().length == 4) {
      return a.getHostAddress();
    }
    return referenceFormatIpv6(a.getAddress());
  }

  private static String referenceKey(InetAddress a, int prefix) {
    byte[] b = a.getAddress();
    if (b.length == 4) {
      return a.getHostAddress();
    }
    return referenceFormatIpv6(IpRange.mask(b, prefix)) + "/" + prefix;
  }

  /** The byte-wise check IpRange made before it held masks as longs. */
  private static boolean referenceContains(String cidr, InetAddress a) {
    int slash = cidr.indexOf('/');
    byte[] network = reference(cidr.substring(0, slash)).orElseThrow().getAddress();
    int prefix = Integer.parseInt(cidr.substring(slash + 1));
    byte[] b = a.getAddress();
    if (b.length != network.length) {
      return false;
    }
    int full = prefix / 8;
    for (int i = 0; i < full; i++) {
      if (b[i] != network[i]) {
        return false;
      }
    }
    int rest = prefix % 8;
    if (rest == 0) {
      return true;
    }
    int m = (0xff << (8 - rest)) & 0xff;
    return (b[full] & m) == (network[full] & 0xff);
  }

  private static String referenceFormatIpv6(byte[] b) {
    int[] groups = new int[8];
    for (int i = 0; i < 8; i++) {
      groups[i] = ((b[2 * i] & 0xff) << 8) | (b[2 * i + 1] & 0xff);
    }
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

  // ---- inputs ----

  private static final List<String> EDGE_CASES =
      List.of(
          "",
          ":",
          "::",
          ":::",
          "::0",
          "0::",
          "::1",
          "1::",
          "1:",
          ":1",
          "1::2::3",
          "1:::2",
          "0:0:0:0:0:0:0:0",
          "0:0:0:0:0:0:0:0:0",
          "1:2:3:4:5:6:7:8",
          "1:2:3:4:5:6:7::",
          "::2:3:4:5:6:7:8",
          "1:2:3:4:5:6:7:8::",
          "::1:2:3:4:5:6:7:8",
          "1:2:3:4::5:6:7:8",
          "1:2:3:4:5:6:7",
          "ffff::",
          "FFFF:ffff:FfFf::",
          "10000::",
          "00000000001::",
          "0000ffff::",
          "12345::",
          "::ffff:192.0.2.1",
          "::FFFF:192.0.2.1",
          "::ffff:c000:201",
          "::ffff:0:0",
          "::ffff:255.255.255.255",
          "::ffff:1.2.3.04",
          "::ffff:1.2.3",
          "::1.2.3.4",
          "::1.2.3.4.5",
          "1.2.3.4::",
          "1:2:3:4:5:6:1.2.3.4",
          "1:2:3:4:5:6:7:1.2.3.4",
          "1:2:3:4:5::1.2.3.4",
          "::ffff:1.2.3.4:5",
          "::ffff:.1.2.3",
          "::ffff:1.2.3.",
          ".::1",
          "..",
          "::.",
          "::a.2.3.4",
          "::256.1.1.1",
          "0:0:0:0:0:ffff:10.0.0.1",
          "64:ff9b::1.2.3.4",
          "fe80::1%eth0",
          "fe80::1%1",
          "[::1]",
          "::1 ",
          " ::1",
          "2001:db8::",
          "2001:db8:0:0:1:0:0:1",
          "2001:0:0:1:0:0:0:1",
          "2001:db8:ab00::1",
          "fd00::9",
          "fd12:3456:789a:1::1",
          "1:0:0:0:1:0:0:0",
          "0:1:0:0:0:1:0:0",
          "2001:db8:1:2::7",
          "1:2:3:4:5:6:7:8:9",
          "0.0.0.0",
          "255.255.255.255",
          "256.0.0.0",
          "1.2.3",
          "1.2.3.4.5",
          "01.2.3.4",
          "1.02.3.4",
          "1.2.3.4.",
          ".1.2.3.4",
          "1..2.3",
          "1.2.3.-4",
          "+1.2.3.4",
          "0x7f.0.0.1",
          "127.1",
          "1.2.3.4:80",
          "localhost",
          "unknown",
          "_hidden",
          "0.0.0.00",
          "9.9.9.9",
          "1111:2222:3333:4444:5555:6666:777.88.99.100",
          "::ffff:0.0.0.0",
          "::fffe:1.2.3.4",
          "1:2:3:4:5:6:7:8000",
          "a:b:c:d:e:f:0:1",
          "0:0:0:0:0:0:0:1",
          "::0:0:0:0:0:0:1",
          "0:0:0:0:0:0:1::",
          "1::2:0:0:3",
          "1:0:0:2:0:0:0:3");

  private static String randomIpv4(Random rnd) {
    return rnd.nextInt(256)
        + "."
        + rnd.nextInt(256)
        + "."
        + rnd.nextInt(256)
        + "."
        + rnd.nextInt(256);
  }

  private static String randomIpv6(Random rnd) {
    int[] g = new int[8];
    for (int i = 0; i < 8; i++) {
      // zeros are common in real addresses and exercise "::" placement
      g[i] = rnd.nextInt(3) == 0 ? 0 : rnd.nextInt(4) == 0 ? rnd.nextInt(16) : rnd.nextInt(0x10000);
    }
    if (rnd.nextInt(8) == 0) { // IPv4-mapped
      g = new int[] {0, 0, 0, 0, 0, 0xffff, rnd.nextInt(0x10000), rnd.nextInt(0x10000)};
    }
    boolean v4Tail = rnd.nextInt(6) == 0;
    int groups = v4Tail ? 6 : 8;
    List<String> parts = new ArrayList<>();
    for (int i = 0; i < groups; i++) {
      String h = Integer.toHexString(g[i]);
      if (rnd.nextInt(5) == 0) {
        h = "0".repeat(rnd.nextInt(3)) + h; // leading zeros
      }
      if (rnd.nextBoolean()) {
        h = h.toUpperCase();
      }
      parts.add(h);
    }
    String text;
    if (rnd.nextInt(3) != 0) {
      // compress a random run of zero groups (or any run: then the literal is usually invalid)
      int start = rnd.nextInt(groups);
      int len = 1 + rnd.nextInt(groups - start);
      String left = String.join(":", parts.subList(0, start));
      String right = String.join(":", parts.subList(start + len, groups));
      text = left + "::" + right;
    } else {
      text = String.join(":", parts);
    }
    if (v4Tail) {
      String tail = (g[6] >> 8) + "." + (g[6] & 0xff) + "." + (g[7] >> 8) + "." + (g[7] & 0xff);
      text = text + (text.endsWith("::") ? "" : ":") + tail;
    }
    return text;
  }

  private static final String ALPHABET = "0123456789abcdefABCDEF:.::..%[] g-x";

  private static String mutate(String s, Random rnd) {
    StringBuilder sb = new StringBuilder(s);
    int edits = 1 + rnd.nextInt(3);
    for (int e = 0; e < edits; e++) {
      int op = rnd.nextInt(3);
      int pos = sb.length() == 0 ? 0 : rnd.nextInt(sb.length() + (op == 0 ? 1 : 0));
      char c = ALPHABET.charAt(rnd.nextInt(ALPHABET.length()));
      if (op == 0 || sb.length() == 0) {
        sb.insert(Math.min(pos, sb.length()), c);
      } else if (op == 1) {
        sb.deleteCharAt(pos);
      } else {
        sb.setCharAt(pos, c);
      }
    }
    return sb.toString();
  }
}
