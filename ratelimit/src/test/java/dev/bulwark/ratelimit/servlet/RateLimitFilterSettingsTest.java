package dev.bulwark.ratelimit.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.ratelimit.InMemoryRateLimitStore;
import dev.bulwark.ratelimit.KeyFunction;
import dev.bulwark.ratelimit.Limit;
import dev.bulwark.ratelimit.RateLimitControl;
import dev.bulwark.ratelimit.RateLimitHeaders;
import dev.bulwark.ratelimit.RateLimitPolicy;
import dev.bulwark.ratelimit.RateLimitRule;
import dev.bulwark.ratelimit.RateLimiter;
import dev.bulwark.testing.JettyContainer;
import dev.bulwark.testing.ServletContainer;
import dev.bulwark.testing.TomcatContainer;
import dev.bulwark.web.ClientIpResolver;
import dev.bulwark.web.Settings;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One vocabulary for the rate limit: the same settings as {@code web.xml} init-params (in real
 * Jetty and Tomcat), as a {@link Settings} map in code, and as builder calls describe the same
 * filter; an unknown key, a misspelt key and a bad value each stop start-up with the binder's
 * message.
 */
class RateLimitFilterSettingsTest {

  interface Factory {
    ServletContainer create() throws Exception;
  }

  static Stream<Factory> containers() {
    return Stream.of(JettyContainer::new, TomcatContainer::new);
  }

  private ServletContainer container;

  @AfterEach
  void stop() throws Exception {
    if (container != null) {
      container.close();
    }
  }

  static final class Ok extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse res) throws IOException {
      res.getWriter().write("ok");
    }
  }

  /** Every setting of the vocabulary, each away from its default. */
  private static Map<String, String> everySetting() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("rule", "api");
    m.put("limits", "burst=20/1s, hourly=1000/1h");
    m.put("refill", "interval");
    m.put("paths", "/api/**, /login");
    m.put("methods", "POST, GET");
    m.put("key", "header:X-API-Key");
    m.put("cost", "2");
    m.put("countOnlyStatuses", "401, 5xx");
    m.put("headers", "ietf, x-ratelimit");
    m.put("maxKeys", "5000");
    m.put("trustedProxies", "10.0.0.0/8");
    return m;
  }

  /** The same filter, set up by builder calls. */
  private static RateLimitFilter byBuilderCalls() {
    RateLimitRule rule =
        RateLimitRule.builder("api")
            .limit(Limit.of("burst", 20, Duration.ofSeconds(1)).withRefill(Limit.Refill.INTERVAL))
            .limit(Limit.of("hourly", 1000, Duration.ofHours(1)).withRefill(Limit.Refill.INTERVAL))
            .paths("/api/**", "/login")
            .methods("POST", "GET")
            .key(KeyFunction.header("X-API-Key"))
            .cost(2)
            .countOnlyStatuses("401", "5xx")
            .build();
    RateLimiter limiter =
        RateLimiter.builder(RateLimitPolicy.of(rule))
            .store(InMemoryRateLimitStore.builder().maxKeys(5000).build())
            .build();
    return RateLimitFilter.builder(limiter)
        .headers(
            RateLimitHeaders.builder()
                .formats(RateLimitHeaders.Format.IETF, RateLimitHeaders.Format.X_RATELIMIT)
                .build())
        .clientIpResolver(ClientIpResolver.builder().trustedProxies("10.0.0.0/8").build())
        .build();
  }

  @ParameterizedTest
  @MethodSource("containers")
  void webXml_settingsInCode_andBuilderCalls_describeTheSameFilter(Factory f) throws Exception {
    ServletContainer c = f.create();
    String name = "rateLimit-" + c.name();
    container =
        c.filter(name, DescribingRateLimitFilter.class, everySetting(), "/*")
            .servlet("ok", new Ok(), "/*")
            .start();
    String webXml = DescribingRateLimitFilter.DESCRIPTIONS.get(name);
    String inCode =
        new RateLimitFilter(
                RateLimitControl.fromSettings(Settings.of("bulwark.ratelimit", everySetting())))
            .toString();
    String builder = byBuilderCalls().toString();

    assertThat(webXml).isEqualTo(inCode).isEqualTo(builder);
    // and the description says what was set, so equal descriptions mean equal settings
    assertThat(webXml)
        .contains(
            "RateLimitRule[api",
            "paths=[/api/**, /login]",
            "methods=[GET, HEAD, POST]",
            "key=header:X-API-Key",
            "burst=20/PT1S interval",
            "hourly=1000/PT1H interval",
            "cost=2",
            "countOnlyStatuses=401, 5xx",
            "formats=ietf, x-ratelimit",
            "maxKeys=5000",
            "trustedProxies=[10.0.0.0/8]");
  }

  @ParameterizedTest
  @MethodSource("containers")
  void webXml_unknownKey_stopsStartUpWithTheBindersMessage(Factory f) throws Exception {
    container =
        f.create()
            .filter(
                "RateLimitFilter",
                RateLimitFilter.class,
                Map.of("limits", "a=1/1s", "burst", "5"),
                "/*")
            .servlet("ok", new Ok(), "/*");
    assertThatThrownBy(container::start)
        .hasStackTraceContaining("Filter 'RateLimitFilter': unknown init-param 'burst'.")
        .hasStackTraceContaining("Known init-params: rule, refill, limits,");
  }

  @ParameterizedTest
  @MethodSource("containers")
  void webXml_misspeltKey_stopsStartUpSuggestingTheName(Factory f) throws Exception {
    container =
        f.create()
            .filter(
                "RateLimitFilter",
                RateLimitFilter.class,
                Map.of("limits", "a=1/1s", "maxkey", "5"),
                "/*")
            .servlet("ok", new Ok(), "/*");
    assertThatThrownBy(container::start)
        .hasStackTraceContaining(
            "Filter 'RateLimitFilter': unknown init-param 'maxkey'. Did you mean 'maxKeys'?");
  }

  @ParameterizedTest
  @MethodSource("containers")
  void webXml_badValue_stopsStartUpNamingKeyValueAndForm(Factory f) throws Exception {
    container =
        f.create()
            .filter("RateLimitFilter", RateLimitFilter.class, Map.of("limits", "burst=0/1s"), "/*")
            .servlet("ok", new Ok(), "/*");
    assertThatThrownBy(container::start)
        .hasStackTraceContaining(
            "Filter 'RateLimitFilter': init-param 'limits' has an invalid value 'burst=0/1s'")
        .hasStackTraceContaining("capacity must be at least 1")
        .hasStackTraceContaining("Accepted: comma-separated name=capacity/period");
  }
}
