package dev.bulwark.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Seeded random proxy chains: spoofed entries (any text, including trusted-looking addresses), then
 * the real client, then zero or more trusted proxies. The seed is in the test name, so a failure
 * reproduces by running that one case.
 */
class ClientIpResolverPropertyTest {

  private static final long BASE_SEED = 0x5eed_b01d_0a4bL;

  static LongStream seeds() {
    return LongStream.range(0, 500).map(i -> BASE_SEED + i);
  }

  private static final ClientIpResolver RESOLVER =
      ClientIpResolver.builder()
          .trustedProxies("10.0.0.0/8", "fd00::/8")
          .onWarning(w -> {})
          .build();

  private static final ClientIpResolver FORWARDED_RESOLVER =
      ClientIpResolver.builder()
          .trustedProxies("10.0.0.0/8", "fd00::/8")
          .forwardedHeader(ForwardedHeader.FORWARDED)
          .onWarning(w -> {})
          .build();

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void resolve_randomChain_returnsTheRealClientAndNeverASpoofedEntry(long seed) {
    Random rnd = new Random(seed);
    String client = untrustedAddress(rnd);
    Set<String> spoofed = new HashSet<>();
    List<String> entries = new ArrayList<>();
    int spoofCount = rnd.nextInt(5);
    for (int i = 0; i < spoofCount; i++) {
      String s = spoofEntry(rnd);
      if (!s.equals(client)) {
        spoofed.add(s);
        entries.add(s);
      }
    }
    entries.add(client);
    int proxies = rnd.nextInt(4);
    for (int i = 0; i < proxies; i++) {
      entries.add(trustedAddress(rnd));
    }
    String peer = trustedAddress(rnd);

    String xff = String.join(rnd.nextBoolean() ? ", " : ",", entries);
    ResolvedClient viaXff = RESOLVER.resolve(peer, false, null, Headers.of("X-Forwarded-For", xff));
    assertThat(viaXff.address()).as("seed %d, XFF %s", seed, xff).isEqualTo(canonical(client));
    assertThat(spoofed).doesNotContain(viaXff.address());

    List<String> elements = new ArrayList<>();
    for (String e : entries) {
      elements.add("for=\"" + (e.contains(":") && !e.startsWith("[") ? "[" + e + "]" : e) + "\"");
    }
    String fwd = String.join(", ", elements);
    ResolvedClient viaFwd =
        FORWARDED_RESOLVER.resolve(peer, false, null, Headers.of("Forwarded", fwd));
    assertThat(viaFwd.address())
        .as("seed %d, Forwarded %s", seed, fwd)
        .isEqualTo(canonical(client));
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void resolve_untrustedPeer_isAlwaysThePeer(long seed) {
    Random rnd = new Random(seed);
    String peer = untrustedAddress(rnd);
    List<String> entries = new ArrayList<>();
    for (int i = 0; i < 1 + rnd.nextInt(4); i++) {
      entries.add(rnd.nextBoolean() ? trustedAddress(rnd) : spoofEntry(rnd));
    }
    ResolvedClient c =
        RESOLVER.resolve(
            peer, false, null, Headers.of("X-Forwarded-For", String.join(",", entries)));
    assertThat(c.address()).as("seed %d", seed).isEqualTo(canonical(peer));
    assertThat(c.viaTrustedProxy()).isFalse();
  }

  private static String canonical(String s) {
    return IpAddresses.toCanonicalString(IpAddresses.parse(s).orElseThrow());
  }

  private static String untrustedAddress(Random rnd) {
    if (rnd.nextBoolean()) {
      int first;
      do {
        first = 1 + rnd.nextInt(223);
      } while (first == 10);
      return first + "." + rnd.nextInt(256) + "." + rnd.nextInt(256) + "." + rnd.nextInt(256);
    }
    return String.format(
        "2001:db8:%x:%x::%x", rnd.nextInt(0x10000), rnd.nextInt(0x10000), 1 + rnd.nextInt(0xfffe));
  }

  private static String trustedAddress(Random rnd) {
    if (rnd.nextBoolean()) {
      return "10." + rnd.nextInt(256) + "." + rnd.nextInt(256) + "." + rnd.nextInt(256);
    }
    return String.format("fd00:%x::%x", rnd.nextInt(0x10000), 1 + rnd.nextInt(0xfffe));
  }

  /** What a client may write to the left of its own entry: anything, trusted-looking or not. */
  private static String spoofEntry(Random rnd) {
    return switch (rnd.nextInt(4)) {
      case 0 -> trustedAddress(rnd);
      case 1 -> untrustedAddress(rnd);
      case 2 -> "127.0.0.1";
      default -> "1.1.1." + rnd.nextInt(256);
    };
  }
}
