package dev.bulwark.jwt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SessionClientTest {

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0|Firefox on Linux",
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko)"
            + " Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0|Edge on Windows",
        "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like"
            + " Gecko) Version/18.1 Mobile/15E148 Safari/604.1|Safari on iOS",
        "Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 (KHTML, like Gecko)"
            + " Chrome/131.0.0.0 Mobile Safari/537.36|Chrome on Android",
        "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko)"
            + " HeadlessChrome/131.0.0.0 Safari/537.36|Headless Chrome on Linux",
        "curl/8.5.0|curl",
        "Java-http-client/17.0.13|Java-http-client",
      })
  void describe_commonAgents_areShortNames(String raw, String expected) {
    assertThat(SessionClient.of("192.0.2.1", raw).userAgent()).isEqualTo(expected);
  }

  @Test
  void describe_hostileHeader_isCutAndCleaned() {
    String hostile = "<script>alert(1)</script>\r\nX-Injected: 1" + "A".repeat(5000);
    String d = SessionClient.of(null, hostile).userAgent();
    assertThat(d).hasSizeLessThanOrEqualTo(SessionClient.MAX_USER_AGENT).matches("[A-Za-z0-9._-]*");
    assertThat(SessionClient.of(null, "\u0000\u202e").userAgent()).isEqualTo("unknown");
    assertThat(SessionClient.of(null, "  ").userAgent()).isNull();
    assertThat(SessionClient.of(null, null)).isEqualTo(SessionClient.UNKNOWN);
  }

  @Test
  void constructor_refusesWhatOfWouldHaveCleaned() {
    assertThatThrownBy(() -> new SessionClient(null, "a\nb"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new SessionClient("x".repeat(65), null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(SessionClient.of("x".repeat(65), null).address()).isNull();
  }
}
