package dev.bulwark.headers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.headers.cors.CorsPolicy;
import dev.bulwark.headers.csrf.CsrfPolicy;
import dev.bulwark.headers.csrf.CsrfTokens;
import dev.bulwark.web.ConfigurationException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Every builder of the module follows one rule: a setting is given once (a second call names it and
 * its earlier value), a bad argument fails in the setter, and every failure is a {@link
 * ConfigurationException}.
 */
class BuilderDisciplineTest {

  @Test
  void securityHeaders_sameHeaderTwice_anyCaseOrDisabled_throwsNamingTheEarlierValue() {
    assertThatThrownBy(
            () ->
                SecurityHeadersPolicy.builder()
                    .frameOptions(FrameOptions.SAMEORIGIN)
                    .header(SecurityHeader.fixed("x-frame-options", "DENY")))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage(
            "SecurityHeadersPolicy.Builder: X-Frame-Options was already set (to SAMEORIGIN); each"
                + " setting may be given once");
    assertThatThrownBy(
            () ->
                SecurityHeadersPolicy.builder()
                    .disable("Referrer-Policy")
                    .referrerPolicy(ReferrerPolicy.SAME_ORIGIN))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("Referrer-Policy was already set (to off)");
    assertThatThrownBy(
            () ->
                SecurityHeadersPolicy.builder()
                    .cacheControl(SecurityHeadersPolicy.CacheControl.ALWAYS)
                    .cacheControl(SecurityHeadersPolicy.CacheControl.NEVER))
        .hasMessageContaining("cacheControl was already set (to ALWAYS)");
  }

  @Test
  void securityHeaders_cookieHardeningOff_isANamedMethod_andExcludesTheOther() {
    SecurityHeadersPolicy off = SecurityHeadersPolicy.builder().noCookieHardening().build();
    assertThat(off.cookieHardening()).isNull();
    assertThat(off.toString()).contains("cookieHardening=off (noCookieHardening)");
    assertThatThrownBy(
            () ->
                SecurityHeadersPolicy.builder()
                    .noCookieHardening()
                    .cookieHardening(CookieHardening.defaults()))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("cookieHardening was already set (to off)");
  }

  @Test
  void securityHeaders_badArguments_failInTheSetter() {
    assertThatThrownBy(() -> SecurityHeadersPolicy.builder().noHeadersForPath("static"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageStartingWith("noHeadersForPath: ");
    assertThatThrownBy(
            () ->
                SecurityHeadersPolicy.builder()
                    .noHeadersForPath("/static/**")
                    .noHeadersForPath("/static/**"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("would never apply");
    assertThatThrownBy(() -> SecurityHeadersPolicy.builder().removeHeaders("X Powered"))
        .isInstanceOf(ConfigurationException.class);
    assertThatThrownBy(() -> SecurityHeadersPolicy.builder().disable("X-Frame-Option"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("Did you mean 'X-Frame-Options'");
  }

  @Test
  void csp_presetDirectivesMayBeSetOnce_explicitOnesNotTwice() {
    ContentSecurityPolicy csp =
        ContentSecurityPolicy.strict().directive("default-src", ContentSecurityPolicy.NONE).build();
    assertThat(csp.directives().get("default-src")).containsExactly("'none'");
    assertThatThrownBy(
            () ->
                ContentSecurityPolicy.builder()
                    .directive("img-src", "'self'")
                    .directive("img-src", "data:"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage(
            "ContentSecurityPolicy.Builder: img-src was already set (to 'self'); each setting may"
                + " be given once");
    assertThatThrownBy(() -> ContentSecurityPolicy.builder().remove("font-scr"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("did you mean 'font-src'");
    assertThatThrownBy(() -> ContentSecurityPolicy.strict().remove("worker-src"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("no directive worker-src to remove");
    assertThatThrownBy(() -> ContentSecurityPolicy.builder().reportOnly().reportOnly())
        .hasMessageContaining("reportOnly was already set");
  }

  @Test
  void hsts_everySettingOnce_andNegativeMaxAgeAtOnce() {
    assertThatThrownBy(
            () ->
                StrictTransportSecurity.builder()
                    .maxAge(Duration.ofDays(1))
                    .maxAge(Duration.ofDays(2)))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("maxAge was already set (to PT24H)");
    assertThatThrownBy(() -> StrictTransportSecurity.builder().maxAge(Duration.ofSeconds(-1)))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("PT-1S");
    assertThatThrownBy(() -> StrictTransportSecurity.parse("max-age=1; max-age=2"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("twice");
    assertThatThrownBy(
            () -> StrictTransportSecurity.builder().includeSubDomains(false).preload().build())
        .isInstanceOf(ConfigurationException.class);
  }

  @Test
  void permissionsAndCookies_oneSettingPerFeatureOrAttribute() {
    assertThatThrownBy(() -> PermissionsPolicy.builder().allow("camera", "self").deny("camera"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("camera was already set (to self)");
    assertThat(
            PermissionsPolicy.parse("camera=; fullscreen=self")
                .value(new HeaderContext(false, null)))
        .contains("camera=()", "fullscreen=(self)");
    assertThatThrownBy(() -> PermissionsPolicy.parse("camera"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("is not feature=allowlist");
    assertThatThrownBy(
            () ->
                CookieHardening.builder()
                    .defaultSameSite(CookieHardening.SameSite.STRICT)
                    .defaultSameSite(CookieHardening.SameSite.LAX))
        .isInstanceOf(ConfigurationException.class);
    assertThatThrownBy(() -> CookieHardening.builder().scriptReadable("a b"))
        .isInstanceOf(ConfigurationException.class);
  }

  @Test
  void cors_scalarSettingsOnce_listsAddUp_combinationsAtBuild() {
    CorsPolicy p =
        CorsPolicy.builder()
            .allowedOrigins("https://a.example")
            .allowedOrigins("https://b.example")
            .build();
    assertThat(p.isAllowed("https://b.example")).isTrue();
    assertThatThrownBy(() -> CorsPolicy.builder().allowCredentials(true).allowCredentials(false))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("allowCredentials was already set (to true)");
    assertThatThrownBy(() -> CorsPolicy.builder().allowedMethods("GET").allowedMethods("POST"))
        .hasMessageContaining("allowedMethods was already set (to [GET])");
    assertThatThrownBy(() -> CorsPolicy.builder().maxAge(Duration.ofHours(25)))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("PT25H");
    assertThatThrownBy(
            () ->
                CorsPolicy.builder()
                    .allowedOrigins("https://a.example")
                    .dangerouslyAllowAnyOrigin()
                    .build())
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("use one or the other");
  }

  @Test
  void csrf_scalarSettingsOnce_andTokensAreANamedSetting() {
    assertThatThrownBy(
            () ->
                CsrfPolicy.builder()
                    .missingHeaders(CsrfPolicy.MissingHeaders.REJECT)
                    .missingHeaders(CsrfPolicy.MissingHeaders.ALLOW))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("missingHeaders was already set (to REJECT)");
    assertThatThrownBy(() -> CsrfPolicy.builder().bypassPaths("webhooks"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageStartingWith("bypassPaths: ");
    assertThatThrownBy(() -> CsrfPolicy.builder().trustedOrigins("https://a.example/"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("trailing '/'");
    CsrfTokens t = CsrfTokens.withRandomKey();
    assertThatThrownBy(() -> CsrfPolicy.builder().tokens(t).tokens(t))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("tokens was already set");
    assertThat(CsrfPolicy.builder().tokens(t).build().tokens()).isSameAs(t);
    assertThat(CsrfPolicy.defaults().tokens()).isNull();
  }

  @Test
  void cspReportLimits_outOfRangeOrTwice_throws() {
    assertThatThrownBy(() -> CspReportLimits.builder().maxBytes(100))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("not 100");
    assertThatThrownBy(() -> CspReportLimits.builder().maxBytes(2048).maxBytes(4096))
        .hasMessageContaining("maxBytes was already set (to 2048)");
  }
}
