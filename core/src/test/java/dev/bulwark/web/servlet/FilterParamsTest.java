package dev.bulwark.web.servlet;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.event.SecurityEventPublisher;
import dev.bulwark.testing.FilterConfigs;
import dev.bulwark.validation.servlet.RequestLimitsFilter;
import dev.bulwark.web.ClientIpResolver;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletException;
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
}
