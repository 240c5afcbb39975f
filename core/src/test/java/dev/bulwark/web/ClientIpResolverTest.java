package dev.bulwark.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ClientIpResolverTest {

  private final List<ClientIpResolver.Warning> warnings = new ArrayList<>();

  private ClientIpResolver xff(String... trusted) {
    return ClientIpResolver.builder().trustedProxies(trusted).onWarning(warnings::add).build();
  }

  private ClientIpResolver forwarded(String... trusted) {
    return ClientIpResolver.builder()
        .trustedProxies(trusted)
        .forwardedHeader(ForwardedHeader.FORWARDED)
        .onWarning(warnings::add)
        .build();
  }

  @Test
  void resolve_noTrustedProxy_ignoresSpoofedHeaderAndWarnsOnce() {
    ClientIpResolver r = xff();
    ResolvedClient c =
        r.resolve("203.0.113.9", false, "app", Headers.of("X-Forwarded-For", "1.1.1.1"));
    r.resolve("203.0.113.9", false, "app", Headers.of("X-Forwarded-For", "2.2.2.2"));
    assertThat(c.address()).isEqualTo("203.0.113.9");
    assertThat(c.viaTrustedProxy()).isFalse();
    assertThat(warnings)
        .containsExactly(ClientIpResolver.Warning.FORWARDED_HEADER_WITHOUT_TRUSTED_PROXY);
  }

  /** Chains as nginx, ALB and a two-tier LB + ingress write them. */
  @ParameterizedTest(name = "[{index}] peer={0} xff={1} -> {2}")
  @CsvSource(
      delimiter = '|',
      value = {
        // one trusted proxy appends the client
        "10.0.0.5 | 198.51.100.7 | 198.51.100.7",
        // the client spoofed an entry; the proxy appended the real one
        "10.0.0.5 | 6.6.6.6, 198.51.100.7 | 198.51.100.7",
        // two trusted tiers
        "10.0.0.5 | 6.6.6.6, 198.51.100.7, 10.0.0.9 | 198.51.100.7",
        // peer not trusted: the header is ignored
        "192.0.2.44 | 198.51.100.7 | 192.0.2.44",
        // every hop trusted: the left-most one
        "10.0.0.5 | 10.1.1.1, 10.2.2.2 | 10.1.1.1",
        // ports and brackets as some load balancers write them
        "10.0.0.5 | 198.51.100.7:4711 | 198.51.100.7",
        "10.0.0.5 | [2001:db8::7]:4711 | 2001:db8::7",
        "10.0.0.5 | 2001:DB8:0::7 | 2001:db8::7",
        "10.0.0.5 | ::ffff:198.51.100.7 | 198.51.100.7",
        // IPv6 peer trusted
        "::1 | 198.51.100.7 | 198.51.100.7",
        "[::1] | 198.51.100.7 | 198.51.100.7",
        // a malformed entry reached on the walk: the socket peer
        "10.0.0.5 | garbage | 10.0.0.5",
        "10.0.0.5 | 198.51.100.7, , 10.0.0.9 | 10.0.0.5",
        // malformed entries left of the client are never read
        "10.0.0.5 | garbage, 198.51.100.7 | 198.51.100.7",
      })
  void resolve_xForwardedForChains(String peer, String xff, String expected) {
    ResolvedClient c =
        xff("10.0.0.0/8", "::1").resolve(peer, false, null, Headers.of("X-Forwarded-For", xff));
    assertThat(c.address()).isEqualTo(expected);
  }

  @Test
  void resolve_severalHeaderLines_areOneList() {
    Headers h = Headers.of("X-Forwarded-For", "6.6.6.6", "X-Forwarded-For", "198.51.100.7");
    assertThat(xff("10.0.0.0/8").resolve("10.0.0.5", false, null, h).address())
        .isEqualTo("198.51.100.7");
  }

  /** The examples of RFC 7239 sections 4 and 7.1, behind a trusted proxy at 10.0.0.5. */
  @ParameterizedTest(name = "[{index}] {0} -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "for=\"_gazonk\" | 10.0.0.5",
        "For=\"[2001:db8:cafe::17]:4711\" | 2001:db8:cafe::17",
        "for=192.0.2.60;proto=http;by=203.0.113.43 | 192.0.2.60",
        "for=192.0.2.43, for=198.51.100.17 | 198.51.100.17",
        "for=192.0.2.43, for=10.1.1.1 | 192.0.2.43",
        "for=192.0.2.43,for=\"[2001:db8:cafe::17]\",for=unknown | 10.0.0.5",
        "for=unknown | 10.0.0.5",
        "for=192.0.2.43;for=192.0.2.44 | 10.0.0.5",
        "for=2001:db8::1 | 10.0.0.5",
        "for=\"192.0.2.43:_abc\" | 192.0.2.43",
        "by=10.0.0.5 | 10.0.0.5",
        "for=192.0.2.43;proto=https | 192.0.2.43",
      })
  void resolve_rfc7239Examples(String header, String expected) {
    ResolvedClient c =
        forwarded("10.0.0.0/8").resolve("10.0.0.5", false, null, Headers.of("Forwarded", header));
    assertThat(c.address()).isEqualTo(expected);
  }

  @Test
  void resolve_forwardedMode_ignoresXForwardedFor() {
    Headers h = Headers.of("X-Forwarded-For", "6.6.6.6", "Forwarded", "for=198.51.100.7");
    assertThat(forwarded("10.0.0.0/8").resolve("10.0.0.5", false, null, h).address())
        .isEqualTo("198.51.100.7");
  }

  @Test
  void resolve_xffMode_ignoresForwarded() {
    Headers h = Headers.of("Forwarded", "for=6.6.6.6", "X-Forwarded-For", "198.51.100.7");
    assertThat(xff("10.0.0.0/8").resolve("10.0.0.5", false, null, h).address())
        .isEqualTo("198.51.100.7");
  }

  @Test
  void resolve_trustedProxySaysHttps_isSecure() {
    Headers h =
        Headers.of(
            "X-Forwarded-For", "198.51.100.7",
            "X-Forwarded-Proto", "https",
            "X-Forwarded-Host", "app.example.com");
    ResolvedClient c = xff("10.0.0.0/8").resolve("10.0.0.5", false, "internal:8080", h);
    assertThat(c.secure()).isTrue();
    assertThat(c.scheme()).isEqualTo("https");
    assertThat(c.host()).isEqualTo("app.example.com");
    assertThat(c.viaTrustedProxy()).isTrue();
  }

  @Test
  void resolve_untrustedPeerSaysHttps_isNotSecure() {
    Headers h = Headers.of("X-Forwarded-Proto", "https", "X-Forwarded-Host", "evil.example");
    ResolvedClient c = xff("10.0.0.0/8").resolve("192.0.2.1", false, "app:8080", h);
    assertThat(c.secure()).isFalse();
    assertThat(c.host()).isEqualTo("app:8080");
  }

  @Test
  void resolve_forwardedProto_comesFromTheClientsElement() {
    ResolvedClient c =
        forwarded("10.0.0.0/8")
            .resolve(
                "10.0.0.5",
                false,
                null,
                Headers.of(
                    "Forwarded",
                    "for=198.51.100.7;proto=https;host=app.example.com, for=10.0.0.9;proto=http"));
    assertThat(c.secure()).isTrue();
    assertThat(c.host()).isEqualTo("app.example.com");
  }

  @Test
  void resolve_badProto_resolvesToPeerAndWarns() {
    Headers h = Headers.of("X-Forwarded-For", "198.51.100.7", "X-Forwarded-Proto", "javascript");
    ResolvedClient c = xff("10.0.0.0/8").resolve("10.0.0.5", true, null, h);
    assertThat(c.address()).isEqualTo("10.0.0.5");
    assertThat(c.secure()).isTrue();
    assertThat(warnings).containsExactly(ClientIpResolver.Warning.MALFORMED_FORWARDED_HEADER);
  }

  @Test
  void resolve_badForwardedHost_resolvesToPeer() {
    Headers h = Headers.of("X-Forwarded-For", "198.51.100.7", "X-Forwarded-Host", "a b<script>");
    assertThat(xff("10.0.0.0/8").resolve("10.0.0.5", false, null, h).address())
        .isEqualTo("10.0.0.5");
  }

  @Test
  void rateLimitKey_groupsIpv6ByPrefix() {
    ClientIpResolver r = ClientIpResolver.direct();
    assertThat(r.resolve("2001:db8:ab12:3400::1", false, null, Headers.of()).rateLimitKey())
        .isEqualTo("2001:db8:ab12:3400::/56");
    assertThat(r.resolve("2001:db8:ab12:34ff:ffff::9", false, null, Headers.of()).rateLimitKey())
        .isEqualTo("2001:db8:ab12:3400::/56");
    assertThat(r.resolve("2001:db8:ab12:3500::1", false, null, Headers.of()).rateLimitKey())
        .isEqualTo("2001:db8:ab12:3500::/56");
    assertThat(r.resolve("::ffff:192.0.2.1", false, null, Headers.of()).rateLimitKey())
        .isEqualTo("192.0.2.1");
  }

  @Test
  void rateLimitKey_prefixIsConfigurable() {
    ClientIpResolver r = ClientIpResolver.builder().ipv6KeyPrefix(64).build();
    assertThat(r.resolve("2001:db8:1:2:3:4:5:6", false, null, Headers.of()).rateLimitKey())
        .isEqualTo("2001:db8:1:2::/64");
  }

  @Test
  void build_ipv6PrefixOutOfRange_throws() {
    assertThatThrownBy(() -> ClientIpResolver.builder().ipv6KeyPrefix(65))
        .hasMessageContaining("between 32 and 64");
    assertThatThrownBy(() -> ClientIpResolver.builder().ipv6KeyPrefix(31))
        .hasMessageContaining("between 32 and 64");
  }

  @Test
  void build_settingTwice_throws() {
    assertThatThrownBy(
            () -> ClientIpResolver.builder().trustedProxies("10.0.0.0/8").trustedProxies("::1"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("trustedProxies was already set");
  }

  @Test
  void build_everyAddressTrusted_warns() {
    xff("0.0.0.0/0");
    assertThat(warnings).containsExactly(ClientIpResolver.Warning.EVERY_ADDRESS_TRUSTED);
  }

  @Test
  void resolve_hugeSpoofedPrefix_isNotRead() {
    String spoof = "6.6.6.6, ".repeat(600);
    ResolvedClient c =
        xff("10.0.0.0/8")
            .resolve(
                "10.0.0.5", false, null, Headers.of("X-Forwarded-For", spoof + "198.51.100.7"));
    // over MAX_HEADER_CHARS: treated as malformed, never as a spoofed address
    assertThat(c.address()).isIn("198.51.100.7", "10.0.0.5");
    assertThat(c.address()).isNotEqualTo("6.6.6.6");
  }

  @Test
  void resolve_tooManyTrustedHops_resolvesToPeer() {
    String chain = "10.0.0.1, ".repeat(ClientIpResolver.MAX_HOPS + 1) + "10.0.0.2";
    ResolvedClient c =
        xff("10.0.0.0/8").resolve("10.0.0.5", false, null, Headers.of("X-Forwarded-For", chain));
    assertThat(c.address()).isEqualTo("10.0.0.5");
  }

  @Test
  void resolve_nonIpPeer_isReturnedAsIs() {
    ResolvedClient c =
        xff("10.0.0.0/8")
            .resolve("unix:/run/app.sock", false, null, Headers.of("X-Forwarded-For", "6.6.6.6"));
    assertThat(c.address()).isEqualTo("unix:/run/app.sock");
    assertThat(c.viaTrustedProxy()).isFalse();
  }
}
