package dev.bulwark.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.event.SecurityEvent;
import dev.bulwark.event.SecurityEventPublisher;
import dev.bulwark.ratelimit.BruteForceVerdict.Action;
import dev.bulwark.testing.MutableClock;
import dev.bulwark.web.ConfigurationException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The guard built without a store (the bounded local default) and its policy checks. What the guard
 * does on every store, the local one included, is {@link BruteForceStoreContract}.
 */
class BruteForceGuardTest {

  private final MutableClock clock = new MutableClock();
  private final List<SecurityEvent> events = new ArrayList<>();

  private BruteForceGuard guard(BruteForcePolicy.Builder b) {
    return BruteForceGuard.create(b.clock(clock).build(), SecurityEventPublisher.of(events::add));
  }

  @Test
  void defaultStore_usernameLocksAfterMaxFailures_fromAnyClient_andUnlocksAfterTheLock() {
    BruteForceGuard g =
        guard(
            BruteForcePolicy.builder()
                .maxUsernameFailures(3)
                .lockDuration(Duration.ofMinutes(10), Duration.ofHours(1)));
    for (int i = 0; i < 3; i++) {
      assertThat(g.check("alice", "198.51.100." + i).action()).isEqualTo(Action.PROCEED);
      g.recordFailure("alice", "198.51.100." + i);
    }
    BruteForceVerdict v = g.check("Alice ", "203.0.113.9");
    assertThat(v.action()).isEqualTo(Action.REJECT_AS_INVALID_CREDENTIALS);
    assertThat(v.retryAfter()).isZero();
    assertThat(g.check("bob", "203.0.113.9").action()).isEqualTo(Action.PROCEED);
    assertThat(events).extracting(SecurityEvent::type).containsExactly(RateLimitEvents.LOCKED);
    clock.advance(Duration.ofMinutes(10));
    assertThat(g.check("alice", "203.0.113.9").action()).isEqualTo(Action.PROCEED);
  }

  @Test
  void build_contradictorySettings_failWithTheFix() {
    assertThatThrownBy(
            () ->
                BruteForcePolicy.builder()
                    .maxClientFailures(20)
                    .banClients(10, Duration.ofHours(1), Duration.ofHours(1))
                    .build())
        .hasMessageContaining("must be above maxClientFailures");
    assertThatThrownBy(
            () -> BruteForcePolicy.builder().lockDuration(Duration.ofHours(2), Duration.ofHours(1)))
        .hasMessageContaining("shorter than the first lock");
    assertThatThrownBy(() -> BruteForcePolicy.builder().maxUsernameFailures(0))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("maxUsernameFailures");
    assertThatThrownBy(() -> BruteForcePolicy.builder().maxTrackedKeys(5).maxTrackedKeys(6))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage(
            "BruteForcePolicy.Builder: maxTrackedKeys was already set (to 5); each setting may be"
                + " given once");
  }
}
