package dev.bulwark.headers.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.headers.CspReportLimits;
import dev.bulwark.headers.HeaderContext;
import dev.bulwark.headers.SecurityHeader;
import dev.bulwark.headers.SecurityHeadersPolicy;
import dev.bulwark.testing.FilterConfigs;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** web.xml configuration: the same builders, and start-up fails on anything unknown or invalid. */
class InitParamsTest {

  static FilterConfig config(String name, Map<String, String> params) {
    return FilterConfigs.of(name, params);
  }

  private static Map<String, String> values(SecurityHeadersPolicy p, boolean secure) {
    Map<String, String> out = new LinkedHashMap<>();
    for (SecurityHeader h : p.headers()) {
      String v = h.value(new HeaderContext(secure, "N"));
      if (v != null) {
        out.put(h.headerName(), v);
      }
    }
    return out;
  }

  @Test
  void securityHeaders_initParams_feedTheBuilder() throws Exception {
    SecurityHeadersFilter f = new SecurityHeadersFilter();
    f.init(
        config(
            "headers",
            Map.of(
                "contentSecurityPolicy", "default-src 'self'; script-src 'nonce-{nonce}'",
                "strictTransportSecurity", "max-age=31536000; includeSubDomains; preload",
                "frameOptions", "off",
                "referrerPolicy", "strict-origin-when-cross-origin",
                "permissionsPolicyAllow", "fullscreen=self; payment=self https://pay.example.com",
                "crossOriginEmbedderPolicy", "require-corp",
                "cacheControl", "always",
                "noHeadersForPaths", "/static/**, *.png")));
    SecurityHeadersPolicy p = f.policy();
    Map<String, String> v = values(p, true);
    assertThat(v)
        .containsEntry("Content-Security-Policy", "default-src 'self'; script-src 'nonce-N'")
        .containsEntry("Strict-Transport-Security", "max-age=31536000; includeSubDomains; preload")
        .containsEntry("Referrer-Policy", "strict-origin-when-cross-origin")
        .containsEntry("Cross-Origin-Embedder-Policy", "require-corp")
        .doesNotContainKey("X-Frame-Options");
    assertThat(v.get("Permissions-Policy"))
        .contains("fullscreen=(self)", "payment=(self \"https://pay.example.com\")", "camera=()");
    assertThat(p.usesNonce()).isTrue();
    assertThat(p.cacheControl()).isEqualTo(SecurityHeadersPolicy.CacheControl.ALWAYS);
    assertThat(p.forPath("/static/a.js")).isNull();
    assertThat(p.forPath("/img/a.png")).isNull();
    assertThat(p.forPath("/page")).isSameAs(p);
  }

  @Test
  void securityHeaders_unknownInitParam_stopsStartUpWithASuggestion() {
    assertThatThrownBy(
            () ->
                new SecurityHeadersFilter()
                    .init(
                        config("headers", Map.of("contentSecurityPolicyy", "default-src 'self'"))))
        .isInstanceOf(ServletException.class)
        .hasMessageContaining("Did you mean 'contentSecurityPolicy'");
  }

  @Test
  void securityHeaders_invalidValue_stopsStartUpNamingTheParam() {
    assertThatThrownBy(
            () ->
                new SecurityHeadersFilter()
                    .init(config("headers", Map.of("contentSecurityPolicy", "default-src self"))))
        .isInstanceOf(ServletException.class)
        .hasMessageContaining("contentSecurityPolicy")
        .hasMessageContaining("did you mean 'self' (with the single quotes)");
    assertThatThrownBy(
            () ->
                new SecurityHeadersFilter()
                    .init(
                        config(
                            "headers",
                            Map.of("strictTransportSecurity", "max-age=1; includeSubdomains"))))
        .hasMessageContaining("includeSubDomains");
  }

  @Test
  void filterBuiltInCode_givenInitParamsToo_stopsStartUp() {
    Filter f = new SecurityHeadersFilter(SecurityHeadersPolicy.defaults());
    assertThatThrownBy(() -> f.init(config("headers", Map.of("frameOptions", "DENY"))))
        .hasMessageContaining("use one or the other");
  }

  @Test
  void cors_credentialsWithAnyOrigin_inWebXml_stopsStartUp() {
    assertThatThrownBy(
            () ->
                new CorsFilter()
                    .init(
                        config(
                            "cors",
                            Map.of(
                                "dangerouslyAllowAnyOrigin", "true", "allowCredentials", "true"))))
        .isInstanceOf(ServletException.class)
        .hasMessageContaining("allowCredentials(true)");
  }

  @Test
  void cors_validInitParams_start() throws Exception {
    new CorsFilter()
        .init(
            config(
                "cors",
                Map.of(
                    "allowedOrigins", "https://a.example, https://b.example",
                    "allowedOriginPatterns", "https://*.preview.example",
                    "allowedMethods", "GET,POST",
                    "allowedHeaders", "Content-Type",
                    "maxAge", "10m")));
    assertThatThrownBy(
            () ->
                new CorsFilter().init(config("cors", Map.of("allowedOrigin", "https://a.example"))))
        .hasMessageContaining("Did you mean 'allowedOrigins'");
  }

  @Test
  void csrf_tokenKey_isValidatedAndNeverEchoed() {
    assertThatThrownBy(
            () ->
                new CsrfFilter()
                    .init(config("csrf", Map.of("tokens", "true", "tokenKey", "c2hvcnQ="))))
        .isInstanceOf(ServletException.class)
        .hasMessageContaining("tokenKey")
        .hasMessageNotContaining("c2hvcnQ=");
    String key = java.util.Base64.getEncoder().encodeToString(new byte[32]);
    assertThatThrownBy(() -> new CsrfFilter().init(config("csrf", Map.of("tokenKey", key))))
        .isInstanceOf(ServletException.class)
        .hasMessage(
            "Filter 'csrf': tokenKey is set but tokens is not true: set tokens=true, or drop"
                + " tokenKey")
        .hasMessageNotContaining(key);
  }

  @Test
  void csrf_tokensWithoutKey_useARandomKey_andSayWhereTheyCameFrom() throws Exception {
    CsrfFilter f = new CsrfFilter();
    f.init(config("csrf", Map.of("tokens", "true")));
    assertThat(f.policy().tokens()).isNotNull();
    assertThat(f.policy().tokens().isProcessLocal()).isTrue();
    assertThat(f.policy().toString()).contains("random (this process only)");
  }

  @Test
  void securityHeaders_hardenCookiesOffWithCookieSettings_stopsStartUp() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("hardenCookies", "false");
    m.put("scriptReadableCookies", "theme");
    assertThatThrownBy(() -> new SecurityHeadersFilter().init(config("headers", m)))
        .isInstanceOf(ServletException.class)
        .hasMessageStartingWith("Filter 'headers': hardenCookies=false contradicts");
  }

  @Test
  void cspReportServlet_initParams_setTheLimit_andUnknownOnesStopStartUp() throws Exception {
    CspReportServlet s = new CspReportServlet();
    s.init(servletConfig("reports", Map.of("maxBytes", "2048")));
    assertThat(s.limits().maxBytes()).isEqualTo(2048);
    assertThatThrownBy(
            () -> new CspReportServlet().init(servletConfig("reports", Map.of("maxByte", "2048"))))
        .isInstanceOf(ServletException.class)
        .hasMessageContaining("Did you mean 'maxBytes'?");
    assertThatThrownBy(
            () ->
                new CspReportServlet()
                    .init(servletConfig("reports", Map.of("maxBytes", "99999999999"))))
        .isInstanceOf(ServletException.class)
        .hasMessageContaining("init-param 'maxBytes' has an invalid value '99999999999'");
    assertThatThrownBy(
            () ->
                new CspReportServlet(event -> {}, CspReportLimits.defaults())
                    .init(servletConfig("reports", Map.of("maxBytes", "2048"))))
        .isInstanceOf(ServletException.class)
        .hasMessageContaining("use one or the other");
  }

  static jakarta.servlet.ServletConfig servletConfig(String name, Map<String, String> params) {
    FilterConfig f = FilterConfigs.of(name, params);
    return new jakarta.servlet.ServletConfig() {
      @Override
      public String getServletName() {
        return name;
      }

      @Override
      public jakarta.servlet.ServletContext getServletContext() {
        return f.getServletContext();
      }

      @Override
      public String getInitParameter(String n) {
        return f.getInitParameter(n);
      }

      @Override
      public java.util.Enumeration<String> getInitParameterNames() {
        return f.getInitParameterNames();
      }
    };
  }

  @Test
  void csrf_validInitParams_start() throws Exception {
    new CsrfFilter()
        .init(
            config(
                "csrf",
                Map.of(
                    "trustedOrigins", "https://login.example.com",
                    "bypassPaths", "/webhooks/**",
                    "missingHeaders", "reject",
                    "tokens", "true",
                    "tokenKey", java.util.Base64.getEncoder().encodeToString(new byte[32]))));
  }

  @Test
  void securityHeaders_profileInitParams_feedTheBuilder_andContradictionsStopStartUp()
      throws Exception {
    SecurityHeadersFilter f = new SecurityHeadersFilter();
    f.init(config("headers", Map.of("apiProfileForPaths", "/api/**, /v2/*")));
    assertThat(f.policy().profileFor("/v2/x", null, false))
        .isEqualTo(SecurityHeadersPolicy.Profile.API);
    SecurityHeadersFilter only = new SecurityHeadersFilter();
    only.init(config("headers", Map.of("documentProfileOnly", "true")));
    assertThat(only.policy().documentProfileOnly()).isTrue();
    Map<String, String> both = new LinkedHashMap<>();
    both.put("documentProfileOnly", "true");
    both.put("apiProfileForPaths", "/api/**");
    assertThatThrownBy(() -> new SecurityHeadersFilter().init(config("headers", both)))
        .isInstanceOf(ServletException.class)
        .hasMessageStartingWith(
            "Filter 'headers': documentProfileOnly() contradicts apiProfileFor[/api/**]");
    assertThatThrownBy(
            () ->
                new SecurityHeadersFilter()
                    .init(config("headers", Map.of("apiProfileForPaths", "api"))))
        .isInstanceOf(ServletException.class)
        .hasMessageContaining("apiProfileForPaths");
  }
}
