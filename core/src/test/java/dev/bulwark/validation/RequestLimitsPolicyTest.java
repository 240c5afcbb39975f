package dev.bulwark.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.event.SecurityEventPublisher;
import dev.bulwark.testing.FilterConfigs;
import dev.bulwark.validation.servlet.RequestLimitsFilter;
import dev.bulwark.web.ConfigurationException;
import dev.bulwark.web.Settings;
import jakarta.servlet.ServletException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** One vocabulary: web.xml init-params, a settings map in code and the builder agree. */
class RequestLimitsPolicyTest {

  private static final Map<String, String> SETTINGS =
      Map.of(
          "maxBodyBytes", "16384",
          "allowedContentTypes", "application/json, Application/CSP-Report",
          "checkEncoding", "false");

  @Test
  void webXml_settings_andBuilder_describeTheSamePolicy() throws Exception {
    RequestLimitsPolicy built =
        RequestLimitsPolicy.builder()
            .maxBodyBytes(16384)
            .allowedContentTypes("application/json", "application/csp-report")
            .dangerouslySkipEncodingCheck()
            .build();
    RequestLimitsPolicy fromSettings =
        RequestLimitsPolicy.fromSettings(Settings.of("bulwark.request-limits", SETTINGS));
    RequestLimitsFilter webXml = new RequestLimitsFilter();
    webXml.init(FilterConfigs.of("RequestLimitsFilter", SETTINGS));
    assertThat(fromSettings.toString())
        .isEqualTo(built.toString())
        .isEqualTo(
            "RequestLimitsPolicy[maxBodyBytes=16384, allowedContentTypes=[application/json,"
                + " application/csp-report], dangerouslySkipEncodingCheck]");
    assertThat(webXml.toString()).isEqualTo("RequestLimitsFilter[" + built + "]");
    assertThat(RequestLimitsPolicy.defaults().toString()).endsWith(", checkEncoding]");
  }

  @Test
  void badSettings_nameTheKeyAndTheForm() {
    assertThatThrownBy(
            () ->
                RequestLimitsPolicy.fromSettings(
                    Settings.of("bulwark.request-limits", Map.of("maxBodySize", "1"))))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("unknown setting 'maxBodySize'. Did you mean 'maxBodyBytes'?");
    assertThatThrownBy(
            () ->
                new RequestLimitsFilter()
                    .init(FilterConfigs.of("limits", Map.of("allowedContentTypes", "text/*"))))
        .isInstanceOf(ServletException.class)
        .hasMessageContaining("Filter 'limits': init-param 'allowedContentTypes' has an invalid")
        .hasMessageContaining("no wildcards");
    assertThatThrownBy(() -> RequestLimitsPolicy.builder().maxBodyBytes(0))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("at least 1");
    assertThatThrownBy(() -> RequestLimitsPolicy.builder().maxBodyBytes(5).maxBodyBytes(6))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("maxBodyBytes was already set (to 5)");
  }

  @Test
  void filterBuiltInCode_keepsItsLimits() {
    assertThat(
            new RequestLimitsFilter(
                    10,
                    java.util.List.of("application/json"),
                    true,
                    SecurityEventPublisher.of(e -> {}))
                .toString())
        .contains("maxBodyBytes=10");
  }
}
