package dev.bulwark.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SecurityEventTest {

  private static final Instant T = Instant.parse("2026-11-23T10:00:00Z");

  @Test
  void builder_readsTimeFromTheClockAndFreezesDetails() {
    SecurityEvent e =
        SecurityEvent.builder(SecurityEventType.of("auth.login.failed"), Outcome.FAILURE)
            .clock(Clock.fixed(T, ZoneOffset.UTC))
            .client("192.0.2.1")
            .subject("alice")
            .detail("reason", "bad_credentials")
            .detail("skipped", null)
            .build();
    assertThat(e.time()).isEqualTo(T);
    assertThat(e.details()).containsExactly(Map.entry("reason", "bad_credentials"));
    assertThatThrownBy(() -> e.details().put("x", "y"))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void type_mustBeADottedIdentifier() {
    assertThatThrownBy(() -> SecurityEventType.of("Auth Login\nfailed"))
        .hasMessageContaining("dotted lower-case identifier");
    assertThat(SecurityEventType.of("token.reuse-detected").name())
        .isEqualTo("token.reuse-detected");
  }

  @Test
  void publisher_failingListener_doesNotBreakTheRequestOrLaterListeners() {
    List<SecurityEvent> seen = new ArrayList<>();
    SecurityEventPublisher p =
        SecurityEventPublisher.of(
            e -> {
              throw new IllegalStateException("listener down");
            },
            seen::add);
    SecurityEvent e =
        SecurityEvent.builder(SecurityEventType.of("x.y"), Outcome.DENIED).time(T).build();
    p.publish(e);
    assertThat(seen).containsExactly(e);
  }

  @Test
  void slf4jFormat_neutralisesEveryAttackerControlledField() {
    SecurityEvent e =
        SecurityEvent.builder(SecurityEventType.of("auth.login.failed"), Outcome.FAILURE)
            .time(T)
            .client("192.0.2.1")
            .subject("alice\nINFO type=auth.login.succeeded subject=\"admin\"")
            .detail("user\r\nagent", "\u202egnp.exe")
            .build();
    String line = Slf4jSecurityEventListener.format(e);
    assertThat(line)
        .doesNotContain("\n", "\r", "\u202e")
        .startsWith("type=auth.login.failed outcome=FAILURE time=2026-11-23T10:00:00Z")
        .contains(
            "subject=\"alice\\u000aINFO type=auth.login.succeeded subject=\\u0022admin\\u0022\"")
        .contains("user\\u000d\\u000aagent=\"\\u202egnp.exe\"");
  }
}
