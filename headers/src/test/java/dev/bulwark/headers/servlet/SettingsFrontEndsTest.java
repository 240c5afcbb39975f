package dev.bulwark.headers.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.headers.ContentSecurityPolicy;
import dev.bulwark.headers.CookieHardening;
import dev.bulwark.headers.CrossOriginEmbedderPolicy;
import dev.bulwark.headers.CrossOriginOpenerPolicy;
import dev.bulwark.headers.CrossOriginResourcePolicy;
import dev.bulwark.headers.CspReportLimits;
import dev.bulwark.headers.PermissionsPolicy;
import dev.bulwark.headers.ReferrerPolicy;
import dev.bulwark.headers.SecurityHeadersPolicy;
import dev.bulwark.headers.StrictTransportSecurity;
import dev.bulwark.headers.cors.CorsPolicy;
import dev.bulwark.headers.csrf.CsrfPolicy;
import dev.bulwark.headers.csrf.CsrfTokens;
import dev.bulwark.testing.JettyContainer;
import dev.bulwark.testing.ServletContainer;
import dev.bulwark.testing.TomcatContainer;
import dev.bulwark.web.ConfigurationException;
import dev.bulwark.web.HmacKeys;
import dev.bulwark.web.Settings;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServlet;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One settings vocabulary per control, three front-ends: {@code web.xml} init-params read by a real
 * Jetty and Tomcat, the same map through {@link Settings#of} in code, and the equivalent builder
 * calls all give a policy with the same description; an unknown key, a misspelt key and a bad value
 * each stop start-up with the binder's message.
 */
class SettingsFrontEndsTest {

  interface Factory {
    ServletContainer create() throws Exception;
  }

  /** One control: its settings, the builder calls that mean the same, and three broken settings. */
  record Control(
      String filterName,
      Class<? extends Filter> probe,
      Map<String, String> settings,
      Supplier<Object> builder,
      Function<Settings, Object> fromSettings,
      Function<String, Object> initialised,
      String misspelt,
      String meant,
      String badKey,
      String badValue) {
    @Override
    public String toString() {
      return filterName;
    }
  }

  static final String KEY = Base64.getEncoder().encodeToString(new byte[32]);

  static Map<String, String> ordered(String... kv) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put(kv[i], kv[i + 1]);
    }
    return m;
  }

  static final Control HEADERS =
      new Control(
          "SecurityHeadersFilter",
          FilterProbe.Headers.class,
          ordered(
              "contentSecurityPolicy",
              "default-src 'self'; script-src 'nonce-{nonce}' 'strict-dynamic'; object-src 'none'",
              "contentSecurityPolicyReportOnly",
              "default-src 'none'; report-uri /csp-reports",
              "strictTransportSecurity",
              "max-age=31536000; includeSubDomains; preload",
              "referrerPolicy",
              "strict-origin-when-cross-origin",
              "frameOptions",
              "off",
              "crossOriginOpenerPolicy",
              "same-origin-allow-popups",
              "crossOriginResourcePolicy",
              "same-site",
              "crossOriginEmbedderPolicy",
              "credentialless",
              "permissionsPolicyAllow",
              "fullscreen=self; payment=self https://pay.example.com",
              "originAgentCluster",
              "false",
              "cacheControl",
              "always",
              "removeHeaders",
              "X-Powered-By, X-AspNet-Version",
              "scriptReadableCookies",
              "theme",
              "cookieSameSite",
              "strict",
              "apiProfileForPaths",
              "/api/**",
              "noHeadersForPaths",
              "/static/**, *.png"),
          () ->
              SecurityHeadersPolicy.builder()
                  .contentSecurityPolicy(
                      ContentSecurityPolicy.emptyBuilder()
                          .directive("default-src", ContentSecurityPolicy.SELF)
                          .directive(
                              "script-src",
                              ContentSecurityPolicy.NONCE,
                              ContentSecurityPolicy.STRICT_DYNAMIC)
                          .directive("object-src", ContentSecurityPolicy.NONE)
                          .build())
                  .contentSecurityPolicy(
                      ContentSecurityPolicy.emptyBuilder()
                          .directive("default-src", ContentSecurityPolicy.NONE)
                          .reportUri("/csp-reports")
                          .reportOnly()
                          .build())
                  .strictTransportSecurity(
                      StrictTransportSecurity.builder()
                          .maxAge(Duration.ofDays(365))
                          .includeSubDomains(true)
                          .preload()
                          .build())
                  .referrerPolicy(ReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN)
                  .disable("X-Frame-Options")
                  .crossOriginOpenerPolicy(CrossOriginOpenerPolicy.SAME_ORIGIN_ALLOW_POPUPS)
                  .crossOriginResourcePolicy(CrossOriginResourcePolicy.SAME_SITE)
                  .crossOriginEmbedderPolicy(CrossOriginEmbedderPolicy.CREDENTIALLESS)
                  .permissionsPolicy(
                      PermissionsPolicy.builder()
                          .allow("fullscreen", "self")
                          .allow("payment", "self", "https://pay.example.com")
                          .build())
                  .disable("Origin-Agent-Cluster")
                  .cacheControl(SecurityHeadersPolicy.CacheControl.ALWAYS)
                  .removeHeaders("X-Powered-By", "X-AspNet-Version")
                  .cookieHardening(
                      CookieHardening.builder()
                          .scriptReadable("theme")
                          .defaultSameSite(CookieHardening.SameSite.STRICT)
                          .build())
                  .apiProfileFor("/api/**")
                  .noHeadersForPath("/static/**")
                  .noHeadersForPath("*.png")
                  .build(),
          SecurityHeadersPolicy::fromSettings,
          name -> FilterProbe.initialised(name, SecurityHeadersFilter.class).policy(),
          "contentSecurityPolicyy",
          "contentSecurityPolicy",
          "frameOptions",
          "ALLOW-FROM https://a.example");

  static final Control CORS =
      new Control(
          "CorsFilter",
          FilterProbe.Cors.class,
          ordered(
              "allowedOrigins",
              "https://app.example.com, http://localhost:3000",
              "allowedOriginPatterns",
              "https://*.preview.example.com",
              "allowedMethods",
              "GET, POST, PUT",
              "allowedHeaders",
              "Content-Type, Authorization",
              "exposedHeaders",
              "X-Request-Id",
              "allowCredentials",
              "true",
              "maxAge",
              "PT20M"),
          () ->
              CorsPolicy.builder()
                  .allowedOrigins("https://app.example.com", "http://localhost:3000")
                  .allowedOriginPatterns("https://*.preview.example.com")
                  .allowedMethods("GET", "POST", "PUT")
                  .allowedHeaders("Content-Type", "Authorization")
                  .exposedHeaders("X-Request-Id")
                  .allowCredentials(true)
                  .maxAge(Duration.ofMinutes(20))
                  .build(),
          CorsPolicy::fromSettings,
          name -> FilterProbe.initialised(name, CorsFilter.class).policy(),
          "allowedOrigin",
          "allowedOrigins",
          "maxAge",
          "forever");

  static final Control CSRF =
      new Control(
          "CsrfFilter",
          FilterProbe.Csrf.class,
          ordered(
              "trustedOrigins",
              "https://login.example.com",
              "bypassPaths",
              "/webhooks/**, /csp-reports",
              "allowSameSite",
              "true",
              "missingHeaders",
              "reject",
              "tokens",
              "true",
              "tokenKey",
              KEY),
          () ->
              CsrfPolicy.builder()
                  .trustedOrigins("https://login.example.com")
                  .bypassPaths("/webhooks/**", "/csp-reports")
                  .allowSameSite(true)
                  .missingHeaders(CsrfPolicy.MissingHeaders.REJECT)
                  .tokens(CsrfTokens.withKeys(HmacKeys.fromBase64(KEY)))
                  .build(),
          CsrfPolicy::fromSettings,
          name -> FilterProbe.initialised(name, CsrfFilter.class).policy(),
          "trustedOrigin",
          "trustedOrigins",
          "missingHeaders",
          "deny");

  static Stream<Arguments> everyControlInEveryContainer() {
    Factory jetty = JettyContainer::new;
    Factory tomcat = TomcatContainer::new;
    return Stream.of(HEADERS, CORS, CSRF)
        .flatMap(c -> Stream.of(Arguments.of(jetty, c), Arguments.of(tomcat, c)));
  }

  static Stream<Control> everyControl() {
    return Stream.of(HEADERS, CORS, CSRF);
  }

  private ServletContainer container;

  @AfterEach
  void stop() throws Exception {
    if (container != null) {
      container.close();
    }
  }

  /** Answers 200, so that a started application can be told from a failed one. */
  static final class Ok extends HttpServlet {
    private static final long serialVersionUID = 1L;
  }

  private ServletContainer webXml(Factory f, Control c, Map<String, String> initParams)
      throws Exception {
    container = f.create();
    return container.filter(c.filterName(), c.probe(), initParams, "/*");
  }

  @ParameterizedTest(name = "{1} in {0}")
  @MethodSource("everyControlInEveryContainer")
  void sameSettings_inTheContainer_inCode_andAsBuilderCalls_describeTheSamePolicy(
      Factory f, Control c) throws Exception {
    webXml(f, c, c.settings()).start();
    String fromWebXml = c.initialised().apply(c.filterName()).toString();
    String fromSettings = c.fromSettings().apply(Settings.of("bulwark.x", c.settings())).toString();
    String fromBuilder = c.builder().get().toString();
    assertThat(fromWebXml).isEqualTo(fromSettings).isEqualTo(fromBuilder);
  }

  @ParameterizedTest(name = "{1} in {0}")
  @MethodSource("everyControlInEveryContainer")
  void unknownKey_stopsStartUp_withTheBindersMessage(Factory f, Control c) throws Exception {
    Map<String, String> m = new LinkedHashMap<>(c.settings());
    m.put("frobnicate", "1");
    ServletContainer s = webXml(f, c, m);
    assertThatThrownBy(s::start)
        .hasStackTraceContaining(
            "Filter '"
                + c.filterName()
                + "': unknown init-param 'frobnicate'. Known init-params: ");
  }

  @ParameterizedTest(name = "{1} in {0}")
  @MethodSource("everyControlInEveryContainer")
  void misspeltKey_stopsStartUp_withDidYouMean(Factory f, Control c) throws Exception {
    ServletContainer s = webXml(f, c, Map.of(c.misspelt(), "x"));
    assertThatThrownBy(s::start)
        .hasStackTraceContaining(
            "Filter '"
                + c.filterName()
                + "': unknown init-param '"
                + c.misspelt()
                + "'. Did you mean '"
                + c.meant()
                + "'?");
  }

  @ParameterizedTest(name = "{1} in {0}")
  @MethodSource("everyControlInEveryContainer")
  void badValue_stopsStartUp_namingTheKeyAndTheValue(Factory f, Control c) throws Exception {
    ServletContainer s = webXml(f, c, Map.of(c.badKey(), c.badValue()));
    assertThatThrownBy(s::start)
        .hasStackTraceContaining(
            "Filter '"
                + c.filterName()
                + "': init-param '"
                + c.badKey()
                + "' has an invalid value '"
                + c.badValue()
                + "'");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("everyControl")
  void inCode_brokenSettings_failWithTheSameMessagesNamingTheSource(Control c) {
    assertThatThrownBy(
            () -> c.fromSettings().apply(Settings.of("bulwark.x", Map.of(c.misspelt(), "x"))))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageStartingWith("'bulwark.x': unknown setting '" + c.misspelt() + "'.")
        .hasMessageContaining("Did you mean '" + c.meant() + "'?");
    assertThatThrownBy(
            () ->
                c.fromSettings().apply(Settings.of("bulwark.x", Map.of(c.badKey(), c.badValue()))))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageStartingWith(
            "'bulwark.x': setting '"
                + c.badKey()
                + "' has an invalid value '"
                + c.badValue()
                + "'");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("everyControl")
  void noSettings_isTheDefault_andDiffersFromTheConfiguredPolicy(Control c) {
    if (c == CORS) {
      // CORS has no default: an origin (or sameOriginOnly) is required
      assertThatThrownBy(() -> CorsPolicy.fromSettings(Settings.empty("bulwark.cors")))
          .hasMessageContaining("at least one allowed origin");
      return;
    }
    String empty = c.fromSettings().apply(Settings.empty("bulwark.x")).toString();
    assertThat(empty).isNotEqualTo(c.builder().get().toString());
    assertThat(empty)
        .isEqualTo(
            c == HEADERS
                ? SecurityHeadersPolicy.defaults().toString()
                : CsrfPolicy.defaults().toString());
  }

  @Test
  void descriptions_nameEverySetting_andNeverTheKey() {
    assertThat(HEADERS.builder().get().toString())
        .contains(
            "Content-Security-Policy: default-src 'self'; script-src 'nonce-{nonce}'",
            "Content-Security-Policy-Report-Only: default-src 'none'; report-uri /csp-reports",
            "Strict-Transport-Security: max-age=31536000; includeSubDomains; preload",
            "Cross-Origin-Embedder-Policy: credentialless",
            "payment=(self \"https://pay.example.com\")",
            "off=[X-Frame-Options, Origin-Agent-Cluster]",
            "cacheControl=ALWAYS",
            "removeHeaders=[X-Powered-By, X-AspNet-Version]",
            "HttpOnly except [theme], SameSite=Strict",
            "non-document responses on [/api/**]",
            "*.png -> no headers");
    assertThat(CORS.builder().get().toString())
        .isEqualTo(
            "CorsPolicy{origins=[https://app.example.com, http://localhost:3000],"
                + " originPatterns=[https://*.preview.example.com], methods=[GET, POST, PUT],"
                + " allowedHeaders=[Content-Type, Authorization], exposedHeaders=[X-Request-Id],"
                + " allowCredentials=true, maxAge=PT20M}");
    assertThat(CorsPolicy.builder().dangerouslyAllowAnyOrigin().build().toString())
        .startsWith("CorsPolicy{origins=* (dangerouslyAllowAnyOrigin)");
    assertThat(CSRF.builder().get().toString())
        .isEqualTo(
            "CsrfPolicy{trustedOrigins=[https://login.example.com], bypassPaths=[/webhooks/**,"
                + " /csp-reports], allowSameSite=true, missingHeaders=REJECT,"
                + " tokens=CsrfTokens[HmacKeys[HmacSHA256, 1 key, hidden]]}")
        .doesNotContain(KEY);
  }

  @Test
  void cspReportLimits_settingsAndBuilder_describeTheSameLimits_andTheServletUsesThem()
      throws Exception {
    Map<String, String> m = Map.of("maxBytes", "2048");
    String fromBuilder = CspReportLimits.builder().maxBytes(2048).build().toString();
    assertThat(CspReportLimits.fromSettings(Settings.of("bulwark.cspReports", m)).toString())
        .isEqualTo(fromBuilder)
        .isEqualTo("CspReportLimits{maxBytes=2048}");
    CspReportServlet servlet = new CspReportServlet();
    servlet.init(InitParamsTest.servletConfig("reports", m));
    assertThat(servlet.limits().toString()).isEqualTo(fromBuilder);
    assertThatThrownBy(
            () ->
                CspReportLimits.fromSettings(
                    Settings.of("bulwark.cspReports", Map.of("maxBytes", "100"))))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("setting 'maxBytes' has an invalid value '100'")
        .hasMessageContaining("between 1024 and 1048576, not 100");
  }
}
