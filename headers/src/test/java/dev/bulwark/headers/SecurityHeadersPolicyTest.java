package dev.bulwark.headers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.headers.SecurityHeadersPolicy.Profile;
import dev.bulwark.web.ConfigurationException;
import dev.bulwark.web.Settings;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The two profiles of {@link SecurityHeadersPolicy}: which headers, which responses, settings. */
class SecurityHeadersPolicyTest {

  private static List<String> names(SecurityHeadersPolicy p, Profile profile) {
    return p.headers(profile).stream().map(SecurityHeader::headerName).toList();
  }

  @Test
  void apiProfile_isTheOwaspRestSet() {
    SecurityHeadersPolicy p = SecurityHeadersPolicy.defaults();
    assertThat(names(p, Profile.API))
        .containsExactly(
            "Content-Security-Policy",
            "Cross-Origin-Resource-Policy",
            "Strict-Transport-Security",
            "X-Content-Type-Options",
            "X-Frame-Options");
    HeaderContext secure = new HeaderContext(true, null);
    assertThat(p.headers(Profile.API).get(0).value(secure)).isEqualTo("frame-ancestors 'none'");
    assertThat(p.headers(Profile.API).get(4).value(secure)).isEqualTo("DENY");
    assertThat(p.headers(Profile.DOCUMENT)).isEqualTo(p.headers()).hasSize(13);
  }

  @Test
  void apiProfile_keepsWhatTheDocumentSetDisabledDisabled_andCustomHeaders() {
    SecurityHeadersPolicy p =
        SecurityHeadersPolicy.builder()
            .disable("Strict-Transport-Security")
            .frameOptions(FrameOptions.SAMEORIGIN)
            .header(SecurityHeader.fixed("X-Robots-Tag", "noindex"))
            .build();
    assertThat(names(p, Profile.API))
        .doesNotContain("Strict-Transport-Security")
        .contains("X-Robots-Tag", "X-Frame-Options");
    assertThat(
            p.headers(Profile.API).stream().filter(h -> h.headerName().equals("X-Frame-Options")))
        .singleElement()
        .isEqualTo(FrameOptions.DENY);
  }

  @ParameterizedTest
  @CsvSource(
      nullValues = "NULL",
      value = {
        "/x, application/json, API",
        "/x, application/json; charset=UTF-8, API",
        "/x, Application/Problem+JSON, API",
        "/x, application/ld+json, API",
        "/x, text/html;charset=UTF-8, DOCUMENT",
        "/x, NULL, DOCUMENT",
        "/x, '', DOCUMENT",
        "/x, text/plain, DOCUMENT",
        "/x, image/svg+xml, DOCUMENT",
        "/x, text/json, DOCUMENT",
        "/api/items, NULL, API",
        "/api/items, text/plain, API",
        "/api/items, application/octet-stream, API",
        "/api/items, text/html, DOCUMENT",
        "/api/items, application/xml, DOCUMENT",
        "/api/items, application/xhtml+xml, DOCUMENT",
        "/api/items, text/javascript, DOCUMENT",
        "/api/items, application/pdf, DOCUMENT",
        "/api/items, multipart/x-mixed-replace, DOCUMENT",
        "/apix, NULL, DOCUMENT",
      })
  void profileFor_byContentTypeThenPath_failsSafeToTheDocumentSet(
      String path, String type, Profile expected) {
    SecurityHeadersPolicy p = SecurityHeadersPolicy.builder().apiProfileFor("/api/**").build();
    assertThat(p.profileFor(path, type, false)).isEqualTo(expected);
  }

  @Test
  void profileFor_nonceReadOrDocumentProfileOnly_isAlwaysTheDocumentSet() {
    SecurityHeadersPolicy p = SecurityHeadersPolicy.builder().apiProfileFor("/api/**").build();
    assertThat(p.profileFor("/api/x", "application/json", true)).isEqualTo(Profile.DOCUMENT);
    SecurityHeadersPolicy only = SecurityHeadersPolicy.builder().documentProfileOnly().build();
    assertThat(only.documentProfileOnly()).isTrue();
    assertThat(only.profileFor("/x", "application/json", false)).isEqualTo(Profile.DOCUMENT);
  }

  @Test
  void apiProfileFor_twice_throwsNamingTheSetting() {
    SecurityHeadersPolicy.Builder b = SecurityHeadersPolicy.builder().apiProfileFor("/api/**");
    assertThatThrownBy(() -> b.apiProfileFor("/v2/**"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage(
            "SecurityHeadersPolicy.Builder: apiProfileFor was already set (to [/api/**]); each"
                + " setting may be given once");
  }

  @Test
  void apiProfileFor_noOrMalformedPattern_throwsNamingTheSetting() {
    assertThatThrownBy(() -> SecurityHeadersPolicy.builder().apiProfileFor())
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("apiProfileFor needs at least one");
    assertThatThrownBy(() -> SecurityHeadersPolicy.builder().apiProfileFor("api/**"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageStartingWith("apiProfileFor: ");
  }

  @Test
  void documentProfileOnly_withApiProfileFor_failsAtBuild_andTwiceAtOnce() {
    SecurityHeadersPolicy.Builder both =
        SecurityHeadersPolicy.builder().documentProfileOnly().apiProfileFor("/api/**");
    assertThatThrownBy(both::build)
        .isInstanceOf(ConfigurationException.class)
        .hasMessageStartingWith("documentProfileOnly() contradicts apiProfileFor[/api/**]");
    assertThatThrownBy(
            () -> SecurityHeadersPolicy.builder().documentProfileOnly().documentProfileOnly())
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("documentProfileOnly was already set");
  }

  @Test
  void toString_describesBothProfilesAndTheRules() {
    SecurityHeadersPolicy p =
        SecurityHeadersPolicy.builder()
            .contentSecurityPolicy(ContentSecurityPolicy.strict().build())
            .apiProfileFor("/api/**")
            .noHeadersForPath("/static/**")
            .build();
    assertThat(p.toString())
        .contains("document=[Content-Security-Policy: ")
        .contains("'nonce-{nonce}'")
        .contains("api=[Content-Security-Policy: frame-ancestors 'none'")
        .contains("non-document responses on [/api/**]")
        .contains("cacheControl=WHEN_AUTHENTICATED")
        .contains("/static/** -> no headers");
    assertThat(SecurityHeadersPolicy.builder().documentProfileOnly().build().toString())
        .contains("api=off (documentProfileOnly)");
  }

  @Test
  void fromSettings_namesTheTwoBuiltInPolicies() {
    SecurityHeadersPolicy strict =
        SecurityHeadersPolicy.fromSettings(
            Settings.of("bulwark.headers", Map.of("contentSecurityPolicy", "strict")));
    assertThat(strict.usesNonce()).isTrue();
    assertThat(strict.toString())
        .isEqualTo(
            SecurityHeadersPolicy.builder()
                .contentSecurityPolicy(ContentSecurityPolicy.strict().build())
                .build()
                .toString());
    SecurityHeadersPolicy named =
        SecurityHeadersPolicy.fromSettings(
            Settings.of("bulwark.headers", Map.of("contentSecurityPolicy", "default")));
    assertThat(named.toString()).isEqualTo(SecurityHeadersPolicy.defaults().toString());
    assertThat(named.usesNonce()).isFalse();
  }
}
