package dev.bulwark.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ThrottledSecurityEventListenerTest {

  private static final SecurityEventType LIMITED = SecurityEventType.of("test.limited");
  private static final SecurityEventType LOGIN = SecurityEventType.of("test.login");

  private final AtomicLong clock = new AtomicLong(1_000);
  private final List<SecurityEvent> passed = new ArrayList<>();
  private final ThrottledSecurityEventListener throttled =
      ThrottledSecurityEventListener.of(passed::add, 3, clock::get);

  private static SecurityEvent event(SecurityEventType type, String client) {
    return SecurityEvent.builder(type, Outcome.DENIED).client(client).detail("k", "v").build();
  }

  @Test
  void passesTheBudgetPerSecond_thenReportsHowManyWereDropped() {
    for (int i = 0; i < 10; i++) {
      throttled.onEvent(event(LIMITED, "198.18.0." + i));
    }
    assertThat(passed).hasSize(3);
    assertThat(passed).allSatisfy(e -> assertThat(e.details()).doesNotContainKey("suppressed"));
    assertThat(throttled.pendingSuppressed(LIMITED)).isEqualTo(7);

    clock.addAndGet(Duration.ofSeconds(1).toNanos());
    throttled.onEvent(event(LIMITED, "198.18.0.99"));
    assertThat(passed).hasSize(4);
    SecurityEvent report = passed.get(3);
    assertThat(report.details()).containsEntry("suppressed", "7").containsEntry("k", "v");
    assertThat(report.client()).isEqualTo("198.18.0.99");
    assertThat(throttled.pendingSuppressed(LIMITED)).isZero();
  }

  @Test
  void eachTypeHasItsOwnBudget_soAFloodOfOneKindHidesNoOther() {
    for (int i = 0; i < 100; i++) {
      throttled.onEvent(event(LIMITED, "198.18.0.1"));
    }
    throttled.onEvent(event(LOGIN, "203.0.113.5"));
    assertThat(passed)
        .extracting(SecurityEvent::type)
        .containsExactly(LIMITED, LIMITED, LIMITED, LOGIN);
  }

  @Test
  void withinOneSecond_noMoreThanTheBudgetPasses() {
    for (int i = 0; i < 5; i++) {
      throttled.onEvent(event(LIMITED, "a"));
      clock.addAndGet(Duration.ofMillis(199).toNanos());
    }
    assertThat(passed).hasSize(3);
    clock.addAndGet(Duration.ofMillis(5).toNanos());
    throttled.onEvent(event(LIMITED, "a"));
    assertThat(passed).hasSize(4);
    assertThat(passed.get(3).details()).containsEntry("suppressed", "2");
  }

  @Test
  void aBudgetBelowOne_isRefusedWithTheFix() {
    assertThatThrownBy(() -> ThrottledSecurityEventListener.of(passed::add, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("perSecond must be at least 1");
  }

  @Test
  void aFullDetailMap_keepsItsLimitWhenTheCountIsAdded() {
    SecurityEvent.Builder b = SecurityEvent.builder(LIMITED, Outcome.DENIED);
    for (int i = 0; i < SecurityEvent.MAX_DETAILS; i++) {
      b.detail("d" + i, "v");
    }
    SecurityEvent full = b.build();
    for (int i = 0; i < 4; i++) {
      throttled.onEvent(full);
    }
    clock.addAndGet(Duration.ofSeconds(2).toNanos());
    throttled.onEvent(full);
    SecurityEvent report = passed.get(3);
    assertThat(report.details())
        .hasSize(SecurityEvent.MAX_DETAILS)
        .containsEntry("suppressed", "1");
  }
}
