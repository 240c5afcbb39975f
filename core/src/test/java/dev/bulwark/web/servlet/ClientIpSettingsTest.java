package dev.bulwark.web.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.testing.FilterConfigs;
import dev.bulwark.web.ClientIpResolver;
import dev.bulwark.web.ConfigurationException;
import dev.bulwark.web.ForwardedHeader;
import dev.bulwark.web.Settings;
import jakarta.servlet.ServletException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** One vocabulary: web.xml init-params, a settings map in code and the builder agree. */
class ClientIpSettingsTest {

  private static final Map<String, String> SETTINGS =
      Map.of(
          "trustedProxies", "10.0.0.0/8, fd00::/8",
          "forwardedHeader", "forwarded",
          "ipv6KeyPrefix", "48");

  @Test
  void webXml_settings_andBuilder_describeTheSameResolver() throws Exception {
    ClientIpResolver built =
        ClientIpResolver.builder()
            .trustedProxies("10.0.0.0/8", "fd00::/8")
            .forwardedHeader(ForwardedHeader.FORWARDED)
            .ipv6KeyPrefix(48)
            .build();
    ClientIpResolver fromSettings =
        ClientIpResolver.fromSettings(Settings.of("bulwark.client-ip", SETTINGS));
    ClientIpFilter webXml = new ClientIpFilter();
    webXml.init(FilterConfigs.of("ClientIpFilter", SETTINGS));
    assertThat(fromSettings.toString())
        .isEqualTo(built.toString())
        .isEqualTo(
            "ClientIpResolver[trustedProxies=[10.0.0.0/8, fd00::/8], forwardedHeader=FORWARDED,"
                + " ipv6KeyPrefix=48]");
    assertThat(webXml.toString()).isEqualTo("ClientIpFilter[" + built + "]");
  }

  @Test
  void badSettings_nameTheKey_inEveryFrontEnd() {
    assertThatThrownBy(
            () ->
                ClientIpResolver.fromSettings(
                    Settings.of("bulwark.client-ip", Map.of("trustedProxy", "10.0.0.0/8"))))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageStartingWith("'bulwark.client-ip': unknown setting 'trustedProxy'.")
        .hasMessageContaining("Did you mean 'trustedProxies'?");
    assertThatThrownBy(
            () ->
                ClientIpResolver.fromSettings(
                    Settings.of("bulwark.client-ip", Map.of("ipv6KeyPrefix", "128"))))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("setting 'ipv6KeyPrefix' has an invalid value '128'");
    assertThatThrownBy(
            () ->
                new ClientIpFilter()
                    .init(FilterConfigs.of("ClientIpFilter", Map.of("trustedProxies", "10.0.0/8"))))
        .isInstanceOf(ServletException.class)
        .hasMessageContaining("Filter 'ClientIpFilter': init-param 'trustedProxies'");
  }

  @Test
  void builder_secondCall_andBadValue_areConfigurationExceptions() {
    assertThatThrownBy(() -> ClientIpResolver.builder().ipv6KeyPrefix(56).ipv6KeyPrefix(48))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("ipv6KeyPrefix was already set (to 56)");
    assertThatThrownBy(() -> ClientIpResolver.builder().trustedProxies("not-a-cidr"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageStartingWith("trustedProxies: ");
    assertThat(ClientIpResolver.builder().trustedProxies("0.0.0.0/0").build().toString())
        .contains("(trusts every address!)");
  }
}
