package dev.bulwark.ratelimit.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.ratelimit.Limit;
import dev.bulwark.ratelimit.RateLimitControl;
import dev.bulwark.ratelimit.RateLimitPolicy;
import dev.bulwark.ratelimit.RateLimitRule;
import dev.bulwark.ratelimit.RateLimiter;
import dev.bulwark.testing.FilterConfigs;
import dev.bulwark.web.ConfigurationException;
import dev.bulwark.web.Settings;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** web.xml configuration fails start-up on anything it does not understand. */
class RateLimitFilterInitParamsTest {

  private static FilterConfig config(Map<String, String> params) {
    return FilterConfigs.of("RateLimitFilter", params);
  }

  @Test
  void init_validParams_succeeds() {
    assertThatCode(
            () ->
                new RateLimitFilter()
                    .init(
                        config(
                            Map.of(
                                "limits", "burst=20/1s, hourly=1000/1h",
                                "key", "header:X-API-Key",
                                "countOnlyStatuses", "401, 5xx",
                                "headers", "ietf, x-ratelimit",
                                "maxKeys", "5000",
                                "trustedProxies", "10.0.0.0/8",
                                "cost", "2"))))
        .doesNotThrowAnyException();
  }

  @Test
  void init_misspeltParam_failsStartUpSuggestingTheName() {
    assertThatThrownBy(
            () -> new RateLimitFilter().init(config(Map.of("limits", "a=1/1s", "maxkey", "5"))))
        .isInstanceOf(ServletException.class)
        .hasMessageContaining("unknown init-param 'maxkey'")
        .hasMessageContaining("Did you mean 'maxKeys'?");
  }

  @Test
  void init_missingLimits_failsStartUp() {
    assertThatThrownBy(() -> new RateLimitFilter().init(config(Map.of("paths", "/api/**"))))
        .isInstanceOf(ServletException.class)
        .hasMessageContaining("'limits' is required");
  }

  @Test
  void init_invalidValues_failStartUpNamingTheParam() {
    assertThatThrownBy(() -> new RateLimitFilter().init(config(Map.of("limits", "burst=0/1s"))))
        .isInstanceOf(ServletException.class)
        .hasMessageContaining("init-param 'limits'")
        .hasMessageContaining("capacity must be at least 1");
    assertThatThrownBy(
            () -> new RateLimitFilter().init(config(Map.of("limits", "a=1/1s", "refill", "fixed"))))
        .isInstanceOf(ServletException.class)
        .hasMessageContaining("init-param 'refill'");
    assertThatThrownBy(() -> new RateLimitFilter().init(config(Map.of("limits", "a=1/1s, a=2/1s"))))
        .isInstanceOf(ServletException.class)
        .hasMessageContaining("init-param 'limits'")
        .hasMessageContaining("two limits are named 'a'");
    assertThatThrownBy(
            () -> new RateLimitFilter().init(config(Map.of("limits", "a=1/1s", "key", "cookie"))))
        .hasMessageContaining("init-param 'key'");
    assertThatThrownBy(
            () ->
                new RateLimitFilter().init(config(Map.of("limits", "a=1/1s", "headers", "ietf2"))))
        .hasMessageContaining("init-param 'headers'");
    assertThatThrownBy(
            () ->
                new RateLimitFilter().init(config(Map.of("limits", "a=1/1s", "rule", "Bad Name"))))
        .hasMessageContaining("init-param 'rule'");
  }

  @Test
  void init_codeConfiguredFilterWithInitParams_failsStartUp() {
    RateLimiter limiter =
        RateLimiter.builder(
                RateLimitPolicy.of(
                    RateLimitRule.builder("x")
                        .limit(Limit.of("m", 1, Duration.ofMinutes(1)))
                        .build()))
            .build();
    assertThatThrownBy(() -> new RateLimitFilter(limiter).init(config(Map.of("limits", "a=1/1s"))))
        .hasMessageContaining("use one or the other");
  }

  @Test
  void fromSettings_otherFrontEnd_sameMessagesNamingTheSource() {
    assertThatThrownBy(
            () ->
                RateLimitControl.fromSettings(
                    Settings.of("bulwark.ratelimit", Map.of("limits", "a=1/1s", "maxkey", "5"))))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageStartingWith("'bulwark.ratelimit': unknown setting 'maxkey'.")
        .hasMessageContaining("Did you mean 'maxKeys'?");
    assertThatThrownBy(
            () ->
                RateLimitControl.fromSettings(
                    Settings.of("bulwark.ratelimit", Map.of("paths", "/api/**"))))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage(
            "'bulwark.ratelimit': 'limits' is required, such as burst=20/1s, hourly=1000/1h");
  }

  @Test
  void fromSettings_refillAppliesToEveryLimit_whereverItStands() {
    Map<String, String> m = new java.util.LinkedHashMap<>();
    m.put("limits", "a=1/1s, b=2/1m");
    m.put("refill", "interval");
    assertThat(RateLimitControl.fromSettings(Settings.of("t", m)).policy().rules().get(0).limits())
        .allMatch(l -> l.refill() == Limit.Refill.INTERVAL);
  }
}
