package dev.bulwark.headers;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.bulwark.headers.cors.CorsDecision;
import dev.bulwark.headers.cors.CorsPolicy;
import dev.bulwark.headers.csrf.CsrfTokens;
import dev.bulwark.headers.testing.HeaderParsing;
import dev.bulwark.web.ConfigurationException;

/**
 * Coverage-guided fuzzing of everything that parses untrusted or configured text: CSP and HSTS
 * configuration, {@code Origin} headers, CSRF tokens. In a normal test run this replays the inputs
 * under {@code src/test/resources/dev/bulwark/headers/HeaderParsersFuzzTestInputs/}; run with
 * {@code JAZZER_FUZZ=1} to fuzz.
 */
class HeaderParsersFuzzTest {

  private static final CorsPolicy CORS =
      CorsPolicy.builder()
          .allowedOrigins("https://app.example.com")
          .allowedOriginPatterns("https://*.preview.example.com")
          .allowCredentials(true)
          .build();
  private static final CsrfTokens TOKENS = CsrfTokens.withRandomKey();

  @FuzzTest(maxDuration = "30s")
  void cspParse_anyText_eitherRefusesOrYieldsAWellFormedSingleLineHeader(FuzzedDataProvider data) {
    String text = data.consumeRemainingAsString();
    ContentSecurityPolicy csp;
    try {
      csp = ContentSecurityPolicy.parse(text, false);
    } catch (ConfigurationException refused) {
      return;
    }
    String value = csp.value(new HeaderContext(true, "bm9uY2U="));
    assertThat(value).doesNotContain("\r", "\n", ",").isNotEmpty();
    assertThat(HeaderParsing.csp(value)).containsKey("default-src");
  }

  @FuzzTest(maxDuration = "30s")
  void hstsParse_anyText_eitherRefusesOrYieldsAValidHeader(FuzzedDataProvider data) {
    try {
      String v =
          StrictTransportSecurity.parse(data.consumeRemainingAsString())
              .value(new HeaderContext(true, null));
      assertThat(HeaderParsing.hsts(v)).containsKey("max-age");
    } catch (ConfigurationException refused) {
      // refused with a message
    }
  }

  @FuzzTest(maxDuration = "30s")
  void corsEvaluate_anyOrigin_neverReflectsAnOriginThatIsNotAllowed(FuzzedDataProvider data) {
    String origin = data.consumeString(200);
    String method = data.pickValue(new String[] {"GET", "POST", "OPTIONS"});
    String requestMethod = data.consumeBoolean() ? data.consumeString(10) : null;
    CorsDecision d =
        CORS.evaluate(
            method, origin, "http://127.0.0.1", requestMethod, data.consumeRemainingAsString());
    if (d.kind() == CorsDecision.Kind.ALLOWED || d.kind() == CorsDecision.Kind.PREFLIGHT_ALLOWED) {
      assertThat(CORS.isAllowed(origin)).isTrue();
      assertThat(d.headers().get("Access-Control-Allow-Origin")).isEqualTo(origin);
    } else {
      assertThat(d.headers()).isEmpty();
    }
  }

  @FuzzTest(maxDuration = "30s")
  void csrfTokens_anySubmittedValue_neverThrowsAndNeverMatchesAForgery(FuzzedDataProvider data) {
    String token = TOKENS.issue("s");
    String submitted = data.consumeString(600);
    String cookie = data.consumeRemainingAsString();
    assertThat(TOKENS.verify(cookie, "s")).isFalse();
    assertThat(TOKENS.matches(submitted, token)).isFalse();
  }
}
