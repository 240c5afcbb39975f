package dev.bulwark.headers.cors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.web.ConfigurationException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CorsPolicyTest {

  @Test
  void build_credentialsWithAnyOrigin_throws() {
    assertThatThrownBy(
            () -> CorsPolicy.builder().dangerouslyAllowAnyOrigin().allowCredentials(true).build())
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("list the allowed origins");
  }

  @Test
  void build_noOrigin_throws() {
    assertThatThrownBy(() -> CorsPolicy.builder().build()).hasMessageContaining("allowedOrigins");
  }

  @Test
  void sameOriginOnly_refusesEveryForeignOrigin_andLetsSameOriginPass() {
    CorsPolicy p = CorsPolicy.sameOriginOnly();
    String own = "http://localhost:8080";
    assertThat(p.isAllowed("https://app.example.com")).isFalse();
    assertThat(p.evaluate("OPTIONS", "https://evil.example", own, "GET", null).kind())
        .isEqualTo(CorsDecision.Kind.REJECTED);
    assertThat(p.evaluate("GET", "https://evil.example", own, null, null).kind())
        .isEqualTo(CorsDecision.Kind.REJECTED);
    assertThat(p.evaluate("OPTIONS", own, own, "GET", null).kind())
        .as("a same-origin preflight is not answered either: browsers never send one")
        .isEqualTo(CorsDecision.Kind.REJECTED);
    assertThat(p.evaluate("POST", own, own, null, null).kind())
        .isEqualTo(CorsDecision.Kind.NOT_CORS);
    assertThat(p.evaluate("GET", null, own, null, null).kind())
        .isEqualTo(CorsDecision.Kind.NOT_CORS);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"*", "https://app.example.com/", "app.example.com", "https://a.example/path"})
  void allowedOrigins_notAnOrigin_throwsWithTheFix(String origin) {
    assertThatThrownBy(() -> CorsPolicy.builder().allowedOrigins(origin))
        .isInstanceOf(ConfigurationException.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"https://*", "https://*.com", "https://a.*.example.com", "*.example.com"})
  void allowedOriginPatterns_tooBroadOrMalformed_throws(String pattern) {
    assertThatThrownBy(() -> CorsPolicy.builder().allowedOriginPatterns(pattern))
        .isInstanceOf(ConfigurationException.class);
  }

  @Test
  void isAllowed_normalisesCaseAndDefaultPort_butMatchesExactly() {
    CorsPolicy p = CorsPolicy.builder().allowedOrigins("https://App.Example.com:443").build();
    assertThat(p.isAllowed("https://app.example.com")).isTrue();
    assertThat(p.isAllowed("HTTPS://APP.EXAMPLE.COM")).isTrue();
    assertThat(p.isAllowed("http://app.example.com")).isFalse();
    assertThat(p.isAllowed("https://app.example.com:8443")).isFalse();
    assertThat(p.isAllowed("https://app.example.com.evil.net")).isFalse();
    assertThat(p.isAllowed("null")).isFalse();
  }

  @Test
  void pattern_isAnchoredOnWholeLabels() {
    CorsPolicy p = CorsPolicy.builder().allowedOriginPatterns("https://*.example.com").build();
    assertThat(p.isAllowed("https://a.example.com")).isTrue();
    assertThat(p.isAllowed("https://a.b.example.com")).isTrue();
    assertThat(p.isAllowed("https://example.com")).isFalse();
    assertThat(p.isAllowed("https://evilexample.com")).isFalse();
    assertThat(p.isAllowed("https://a.example.com.evil.net")).isFalse();
    assertThat(p.isAllowed("http://a.example.com")).isFalse();
    assertThat(p.isAllowed("https://a.example.com:444")).isFalse();
  }

  @Test
  void evaluate_preflight_returnsPrecomputedHeaders() {
    CorsPolicy p =
        CorsPolicy.builder()
            .allowedOrigins("https://app.example.com")
            .allowedMethods("GET", "PUT")
            .allowedHeaders("Content-Type")
            .maxAge(Duration.ofMinutes(5))
            .build();
    CorsDecision d = p.evaluate("OPTIONS", "https://app.example.com", null, "PUT", "content-type");
    assertThat(d.kind()).isEqualTo(CorsDecision.Kind.PREFLIGHT_ALLOWED);
    assertThat(d.headers())
        .containsEntry("Access-Control-Allow-Origin", "https://app.example.com")
        .containsEntry("Access-Control-Allow-Methods", "GET, PUT")
        .containsEntry("Access-Control-Allow-Headers", "Content-Type")
        .containsEntry("Access-Control-Max-Age", "300")
        .doesNotContainKey("Access-Control-Allow-Credentials");
    assertThat(p.evaluate("OPTIONS", "https://app.example.com", null, "DELETE", null).kind())
        .isEqualTo(CorsDecision.Kind.REJECTED);
  }

  @Test
  void evaluate_anyOrigin_sendsStarNotTheOrigin() {
    CorsPolicy p = CorsPolicy.builder().dangerouslyAllowAnyOrigin().build();
    assertThat(p.evaluate("GET", "https://x.example", null, null, null).headers())
        .containsEntry("Access-Control-Allow-Origin", "*");
  }

  @Test
  void maxAge_beyondOneDay_throws() {
    assertThatThrownBy(() -> CorsPolicy.builder().maxAge(Duration.ofDays(2)))
        .hasMessageContaining("24 hours");
  }
}
