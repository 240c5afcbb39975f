package dev.bulwark.web.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.event.SecurityEventPublisher;
import dev.bulwark.testing.FilterConfigs;
import dev.bulwark.validation.servlet.RequestLimitsFilter;
import dev.bulwark.web.ClientIpResolver;
import dev.bulwark.web.ConfigurationException;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** A filter built in code never ignores init-params given to it as well. */
class FilterParamsTest {

  private static FilterConfig config(Map<String, String> params) {
    return FilterConfigs.of("limits", new TreeMap<>(params));
  }

  @Test
  void refuseWhenConfiguredInCode_namesTheFilterAndTheParams() {
    assertThatThrownBy(
            () ->
                FilterParams.refuseWhenConfiguredInCode(
                    config(Map.of("maxBodyBytes", "1")), "its limits"))
        .isInstanceOf(ServletException.class)
        .hasMessageContaining("'limits'")
        .hasMessageContaining("[maxBodyBytes]")
        .hasMessageContaining("use one or the other");
    assertThatCode(() -> FilterParams.refuseWhenConfiguredInCode(config(Map.of()), "x"))
        .doesNotThrowAnyException();
  }

  @Test
  void filtersBuiltInCode_givenInitParamsToo_stopStartUp() {
    List<Filter> builtInCode =
        List.of(
            new RequestLimitsFilter(
                1024, List.of("application/json"), true, SecurityEventPublisher.logging()),
            new ClientIpFilter(ClientIpResolver.direct()));
    for (Filter f : builtInCode) {
      assertThatThrownBy(() -> f.init(config(Map.of("maxBodyBytes", "1048576"))))
          .as(f.getClass().getSimpleName())
          .isInstanceOf(ServletException.class)
          .hasMessageContaining("use one or the other");
    }
  }

  @Test
  void fromSettings_handsTheInitParamsToTheEngine_andARefusalStopsStartUpWithItsMessage()
      throws Exception {
    ClientIpResolver built =
        FilterParams.fromSettings(
            config(Map.of("trustedProxies", "10.0.0.0/8")), ClientIpResolver::fromSettings);
    assertThat(built.toString()).contains("10.0.0.0/8");
    assertThatThrownBy(
            () ->
                FilterParams.fromSettings(
                    config(Map.of("trustedProxies", "10.0.0.0/99")),
                    ClientIpResolver::fromSettings))
        .isInstanceOf(ServletException.class)
        .hasMessageContaining("'limits'")
        .hasMessageContaining("trustedProxies")
        .hasCauseInstanceOf(ConfigurationException.class);
  }

  @Test
  void aFilterNeverInitialised_refusesEveryRequest_namingItself() {
    assertThatThrownBy(() -> FilterParams.initialised(null, "CorsFilter"))
        .isInstanceOf(ServletException.class)
        .hasMessageStartingWith("CorsFilter was not initialised");
    ServletRequest request = proxy(HttpServletRequest.class);
    ServletResponse response = proxy(HttpServletResponse.class);
    for (Filter f : List.<Filter>of(new ClientIpFilter(), new RequestLimitsFilter())) {
      assertThatThrownBy(
              () ->
                  f.doFilter(
                      request,
                      response,
                      (q, r) -> {
                        throw new AssertionError("passed through");
                      }))
          .as(f.getClass().getSimpleName())
          .isInstanceOf(ServletException.class)
          .hasMessageContaining(f.getClass().getSimpleName() + " was not initialised");
    }
  }

  private static <T> T proxy(Class<T> type) {
    return type.cast(
        Proxy.newProxyInstance(
            type.getClassLoader(),
            new Class<?>[] {type},
            (p, m, a) -> {
              throw new AssertionError("not expected: " + m.getName());
            }));
  }

  @Test
  void anHttpOnlyFilter_givenANonHttpExchange_refusesIt_neverPassesItOnUnchecked() {
    RequestLimitsFilter f =
        new RequestLimitsFilter(
            1024, List.of("application/json"), true, SecurityEventPublisher.logging());
    assertThatThrownBy(
            () ->
                f.doFilter(
                    proxy(ServletRequest.class),
                    proxy(ServletResponse.class),
                    (q, r) -> {
                      throw new AssertionError("passed through");
                    }))
        .isInstanceOf(ServletException.class)
        .hasMessageContaining("RequestLimitsFilter filters HTTP requests only");
  }
}
