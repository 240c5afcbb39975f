package dev.bulwark.examples.monitor;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.web.ConfigurationException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A store that cannot be reached at start-up stops the demo with one sentence, secrets left out.
 */
class StartupTest {

  private static int nothingListens() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  /** Any 32 bytes in base64: the same on every instance of one test. */
  static final String TOTP_KEY = "c2VhbHMgdGhlIFRPVFAgc2VjcmV0cyBvZiBhIHRlc3Q=";

  @Test
  void sharedStoreWithoutATotpKey_stopsStartUpNamingTheSetting() {
    Map<String, String> stores =
        Map.of(
            "BULWARK_REDIS_URL",
            "redis://127.0.0.1:6379",
            "BULWARK_JDBC_URL",
            "jdbc:postgresql://127.0.0.1/monitor");
    for (String store : stores.keySet()) {
      assertThatThrownBy(() -> MonitorConfig.from(Map.of(store, stores.get(store))))
          .as(store)
          .isInstanceOf(ConfigurationException.class)
          .hasMessageContaining("BULWARK_TOTP_KEY is required with " + store)
          .hasMessageContaining("openssl rand -base64 32");
    }
  }

  @Test
  void unreachableRedis_stopsStartUpNamingTheSettingButNotItsPassword() throws Exception {
    MonitorConfig config =
        MonitorConfig.from(
            Map.of(
                "PORT",
                "0",
                "BULWARK_TOTP_KEY",
                TOTP_KEY,
                "BULWARK_REDIS_URL",
                "redis://:s3cret-pw@127.0.0.1:" + nothingListens()));
    assertThatThrownBy(() -> SecurityMonitor.start(config, false, Duration.ofSeconds(1)))
        .isInstanceOf(StartupException.class)
        .hasMessageContaining("Redis (set by BULWARK_REDIS_URL) is unreachable")
        .hasMessageContaining("unset BULWARK_REDIS_URL")
        .hasMessageNotContaining("s3cret-pw");
  }

  @Test
  void unreachablePostgres_stopsStartUpNamingTheSettingButNotItsPassword() throws Exception {
    MonitorConfig config =
        MonitorConfig.from(
            Map.of(
                "PORT",
                "0",
                "BULWARK_TOTP_KEY",
                TOTP_KEY,
                "BULWARK_JDBC_URL",
                "jdbc:postgresql://127.0.0.1:"
                    + nothingListens()
                    + "/monitor?user=app&password=s3cret-pw"));
    assertThatThrownBy(() -> SecurityMonitor.start(config, false, Duration.ofSeconds(1)))
        .isInstanceOf(StartupException.class)
        .hasMessageContaining("PostgreSQL (set by BULWARK_JDBC_URL) is unreachable")
        .hasMessageNotContaining("s3cret-pw");
  }
}
