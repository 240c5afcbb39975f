package dev.bulwark.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.web.ConfigurationException;
import dev.bulwark.web.HmacKeys;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class DeviceTrustPolicyTest {

  private static final HmacKeys KEYS = HmacKeys.of(new byte[32]);

  @Test
  void defaults_are30DaysAnd5Failures_andToStringDescribesWithoutKeys() {
    DeviceTrustPolicy p = DeviceTrustPolicy.builder(KEYS).build();
    assertThat(p.lifetime()).isEqualTo(Duration.ofDays(30));
    assertThat(p.maxFailures()).isEqualTo(5);
    assertThat(p.toString())
        .isEqualTo(
            "DeviceTrustPolicy[lifetime=PT720H, maxFailures=5,"
                + " keys=HmacKeys[HmacSHA256, 1 key, hidden]]");
    assertThat(BruteForcePolicy.builder().trustedDevices(p).build().toString())
        .contains("trustedDevices=DeviceTrustPolicy[");
    assertThat(BruteForcePolicy.defaults().toString()).contains("noTrustedDevices");
  }

  @Test
  void badSettings_throwConfigurationException_namingTheSetting() {
    assertThatThrownBy(() -> DeviceTrustPolicy.builder(KEYS).lifetime(Duration.ofMinutes(59)))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("lifetime must be 1 hour to 400 days");
    assertThatThrownBy(() -> DeviceTrustPolicy.builder(KEYS).lifetime(Duration.ofDays(401)))
        .isInstanceOf(ConfigurationException.class);
    assertThatThrownBy(() -> DeviceTrustPolicy.builder(KEYS).maxFailures(0))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("maxFailures");
    assertThatThrownBy(() -> DeviceTrustPolicy.builder(KEYS).maxFailures(3).maxFailures(4))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("maxFailures was already set (to 3)");
  }
}
