package dev.bulwark.headers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.headers.testing.HeaderParsing;
import dev.bulwark.web.ConfigurationException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class HeaderUnitsTest {

  private static final HeaderContext PLAIN = new HeaderContext(false, null);
  private static final HeaderContext SECURE = new HeaderContext(true, null);

  @Test
  void hsts_default_isTwoYearsWithSubdomains_onSecureRequestsOnly() {
    StrictTransportSecurity h = StrictTransportSecurity.defaults();
    assertThat(h.value(SECURE)).isEqualTo("max-age=63072000; includeSubDomains");
    assertThat(h.value(PLAIN)).isNull();
  }

  @Test
  void hsts_preloadWithoutSubdomains_throws() {
    assertThatThrownBy(
            () -> StrictTransportSecurity.builder().includeSubDomains(false).preload().build())
        .hasMessageContaining("includeSubDomains(true)");
  }

  @Test
  void hsts_preloadWithShortMaxAge_throws() {
    assertThatThrownBy(
            () -> StrictTransportSecurity.builder().maxAge(Duration.ofDays(30)).preload().build())
        .hasMessageContaining("one year");
  }

  @Test
  void hsts_parse_misspeltIncludeSubDomains_throwsDidYouMean() {
    assertThatThrownBy(() -> StrictTransportSecurity.parse("max-age=600; includeSubdomains"))
        .hasMessageContaining("did you mean 'includeSubDomains'");
    assertThatThrownBy(() -> StrictTransportSecurity.parse("max-age=600; preloaded"))
        .hasMessageContaining("Did you mean 'preload'");
    assertThat(StrictTransportSecurity.parse("max-age=600").value(SECURE)).isEqualTo("max-age=600");
  }

  @Test
  void permissionsPolicy_denyAll_isAValidDictionaryOfEmptyLists() {
    var parsed = HeaderParsing.permissionsPolicy(PermissionsPolicy.denyAll().value(PLAIN));
    assertThat(parsed.keySet()).containsAll(PermissionsPolicy.DEFAULT_DENIED);
    assertThat(parsed.values()).allMatch(List::isEmpty);
  }

  @Test
  void permissionsPolicy_allow_quotesOriginsAndKeepsSelfBare() {
    String v =
        PermissionsPolicy.builder()
            .allow("payment", "self", "https://pay.example.com")
            .build()
            .value(PLAIN);
    assertThat(HeaderParsing.permissionsPolicy(v))
        .containsEntry("payment", List.of("self", "\"https://pay.example.com\""));
  }

  @Test
  void permissionsPolicy_quotedSelf_throwsDidYouMean() {
    assertThatThrownBy(() -> PermissionsPolicy.builder().allow("camera", "'self'"))
        .hasMessageContaining("did you mean");
  }

  @Test
  void enums_parseHeaderValues_andSuggestOnTypos() {
    assertThat(ReferrerPolicy.fromHeaderValue("strict-origin-when-cross-origin"))
        .isEqualTo(ReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN);
    assertThatThrownBy(() -> ReferrerPolicy.fromHeaderValue("no-referer"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageStartingWith("Referrer-Policy must be one of no-referrer, same-origin,")
        .hasMessageContaining("not 'no-referer'")
        .hasMessageEndingWith("Did you mean 'no-referrer'?");
    assertThat(FrameOptions.fromHeaderValue("sameorigin")).isEqualTo(FrameOptions.SAMEORIGIN);
  }

  /** The five header enums share one lookup: every constant round-trips, in any case. */
  @Test
  void enums_everyConstant_roundTripsThroughItsHeaderValue() {
    for (ReferrerPolicy c : ReferrerPolicy.values()) {
      assertThat(ReferrerPolicy.fromHeaderValue(" " + c.headerValue().toUpperCase() + " "))
          .isEqualTo(c);
    }
    for (FrameOptions c : FrameOptions.values()) {
      assertThat(FrameOptions.fromHeaderValue(c.headerValue().toLowerCase())).isEqualTo(c);
    }
    for (CrossOriginOpenerPolicy c : CrossOriginOpenerPolicy.values()) {
      assertThat(CrossOriginOpenerPolicy.fromHeaderValue(c.headerValue())).isEqualTo(c);
    }
    for (CrossOriginResourcePolicy c : CrossOriginResourcePolicy.values()) {
      assertThat(CrossOriginResourcePolicy.fromHeaderValue(c.headerValue())).isEqualTo(c);
    }
    for (CrossOriginEmbedderPolicy c : CrossOriginEmbedderPolicy.values()) {
      assertThat(CrossOriginEmbedderPolicy.fromHeaderValue(c.headerValue())).isEqualTo(c);
    }
    assertThatThrownBy(() -> CrossOriginEmbedderPolicy.fromHeaderValue("require-corb"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage(
            "Cross-Origin-Embedder-Policy must be one of require-corp, credentialless, not"
                + " 'require-corb'. Did you mean 'require-corp'?");
  }

  @Test
  void fixedHeader_withLineBreak_isRefused() {
    assertThatThrownBy(() -> SecurityHeader.fixed("X-Test", "a\r\nSet-Cookie: x=y"))
        .isInstanceOf(ConfigurationException.class);
    assertThatThrownBy(() -> SecurityHeader.fixed("X Test", "a"))
        .isInstanceOf(ConfigurationException.class);
  }

  @Test
  void cookieHardening_addsMissingAttributes_andNeverWeakensExistingOnes() {
    CookieHardening h = CookieHardening.builder().scriptReadable("theme").build();
    assertThat(h.harden("JSESSIONID=abc; Path=/", true))
        .isEqualTo("JSESSIONID=abc; Path=/; Secure; HttpOnly; SameSite=Lax");
    assertThat(h.harden("theme=dark", false)).isEqualTo("theme=dark; SameSite=Lax");
    assertThat(h.harden("a=b; SameSite=Strict; secure; httponly", true))
        .isEqualTo("a=b; SameSite=Strict; secure; httponly");
  }

  @Test
  void policy_disableUnknownHeader_throwsDidYouMean() {
    assertThatThrownBy(() -> SecurityHeadersPolicy.builder().disable("X-Frame-Option"))
        .hasMessageContaining("Did you mean 'X-Frame-Options'");
  }

  @Test
  void policy_writtenAndRemovedHeader_throws() {
    assertThatThrownBy(
            () ->
                SecurityHeadersPolicy.builder().header(SecurityHeader.fixed("Server", "x")).build())
        .hasMessageContaining("both written and removed");
  }

  @Test
  void policy_coepIsOptIn() {
    assertThat(SecurityHeadersPolicy.defaults().headers())
        .extracting(SecurityHeader::headerName)
        .doesNotContain("Cross-Origin-Embedder-Policy");
    assertThat(
            SecurityHeadersPolicy.builder()
                .crossOriginEmbedderPolicy(CrossOriginEmbedderPolicy.REQUIRE_CORP)
                .build()
                .headers())
        .contains(CrossOriginEmbedderPolicy.REQUIRE_CORP);
  }
}
