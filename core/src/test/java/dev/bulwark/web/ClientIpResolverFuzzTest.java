package dev.bulwark.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.List;
import java.util.Map;

/**
 * Coverage-guided fuzzing of the forwarding-header parsers. In a normal test run this replays the
 * inputs under {@code src/test/resources/dev/bulwark/web/ClientIpResolverFuzzTestInputs/}; run with
 * {@code JAZZER_FUZZ=1} to fuzz.
 */
class ClientIpResolverFuzzTest {

  private static final ClientIpResolver XFF =
      ClientIpResolver.builder().trustedProxies("10.0.0.0/8", "::1").onWarning(w -> {}).build();
  private static final ClientIpResolver FWD =
      ClientIpResolver.builder()
          .trustedProxies("10.0.0.0/8", "::1")
          .forwardedHeader(ForwardedHeader.FORWARDED)
          .onWarning(w -> {})
          .build();

  @FuzzTest(maxDuration = "30s")
  void resolve_anyHeaders_neverThrowsAndAnswersWithAnAddress(FuzzedDataProvider data) {
    String peer = data.pickValue(new String[] {"10.0.0.5", "::1", "192.0.2.1", "garbage"});
    Headers h =
        Headers.of(
            "X-Forwarded-For", data.consumeString(300),
            "X-Forwarded-Proto", data.consumeString(20),
            "X-Forwarded-Host", data.consumeString(50),
            "Forwarded", data.consumeRemainingAsString());
    for (ClientIpResolver r : new ClientIpResolver[] {XFF, FWD}) {
      ResolvedClient c = r.resolve(peer, false, "host", h);
      assertThat(c.address()).isNotEmpty();
      if (!peer.equals("garbage")) {
        assertThat(IpAddresses.parse(c.address())).isPresent();
        assertThat(c.scheme()).isIn("http", "https");
      }
    }
    String forwarded = h.values("Forwarded").get(0);
    ForwardedParser.Elements parsed = ForwardedParser.parse(forwarded);
    List<Map<String, String>> reference = ReferenceForwardedParser.parse(forwarded);
    // the allocation-free parser refuses exactly what the map-based one refused, and reads the same
    assertThat(parsed == null).as("refused: %s", forwarded).isEqualTo(reference == null);
    if (parsed != null) {
      assertThat(parsed.size()).isPositive().isEqualTo(reference.size());
      for (int i = 0; i < parsed.size(); i++) {
        assertThat(parsed.forValue(i)).isEqualTo(reference.get(i).get("for"));
        assertThat(parsed.proto(i)).isEqualTo(reference.get(i).get("proto"));
        assertThat(parsed.host(i)).isEqualTo(reference.get(i).get("host"));
        String forValue = reference.get(i).get("for");
        assertThat(parsed.forAddress(i))
            .isEqualTo(
                forValue == null
                    ? null
                    : ClientIpResolver.parseNode(forValue, 0, forValue.length(), true));
      }
      ForwardedParser.Elements capped = ForwardedParser.parse(forwarded, 2);
      assertThat(capped == null).isEqualTo(reference.size() > 2);
    }
  }
}
