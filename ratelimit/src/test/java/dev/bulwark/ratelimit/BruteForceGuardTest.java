package dev.bulwark.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.event.SecurityEvent;
import dev.bulwark.event.SecurityEventPublisher;
import dev.bulwark.ratelimit.BruteForceVerdict.Action;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BruteForceGuardTest {

  private final MutableClock clock = new MutableClock();
  private final List<SecurityEvent> events = new ArrayList<>();

  private BruteForceGuard guard(BruteForcePolicy.Builder b) {
    return BruteForceGuard.create(b.clock(clock).build(), SecurityEventPublisher.of(events::add));
  }

  @Test
  void username_locksAfterMaxFailures_fromAnyClient_andUnlocksAfterTheLock() {
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
  void username_repeatedLocks_doubleUpToTheMaximum() {
    BruteForceGuard g =
        guard(
            BruteForcePolicy.builder()
                .maxUsernameFailures(1)
                .maxClientFailures(1000)
                .lockDuration(Duration.ofMinutes(10), Duration.ofMinutes(25)));
    long[] expectedMinutes = {10, 20, 25, 25};
    for (long minutes : expectedMinutes) {
      g.recordFailure("alice", "198.51.100.1");
      clock.advance(Duration.ofMinutes(minutes).minusSeconds(1));
      assertThat(g.check("alice", "x").action()).isEqualTo(Action.REJECT_AS_INVALID_CREDENTIALS);
      clock.advance(Duration.ofSeconds(1));
      assertThat(g.check("alice", "x").action()).isEqualTo(Action.PROCEED);
    }
  }

  @Test
  void failuresWhileLocked_doNotExtendTheLock() {
    BruteForceGuard g =
        guard(
            BruteForcePolicy.builder()
                .maxUsernameFailures(2)
                .maxClientFailures(1000)
                .lockDuration(Duration.ofMinutes(10), Duration.ofHours(1)));
    g.recordFailure("alice", "a");
    g.recordFailure("alice", "a");
    for (int i = 0; i < 9; i++) {
      clock.advance(Duration.ofMinutes(1));
      g.recordFailure("alice", "b");
    }
    clock.advance(Duration.ofMinutes(1));
    assertThat(g.check("alice", "c").action()).isEqualTo(Action.PROCEED);
  }

  @Test
  void client_failingAcrossManyUsernames_isThrottledWithRetryAfter() {
    BruteForceGuard g =
        guard(
            BruteForcePolicy.builder()
                .maxUsernameFailures(5)
                .maxClientFailures(4)
                .lockDuration(Duration.ofMinutes(2), Duration.ofHours(1)));
    for (int i = 0; i < 4; i++) {
      g.recordFailure("user" + i, "198.51.100.1");
    }
    BruteForceVerdict v = g.check("someone-else", "198.51.100.1");
    assertThat(v.action()).isEqualTo(Action.REJECT_CLIENT);
    assertThat(v.retryAfterSeconds()).isEqualTo(120);
    assertThat(g.check("someone-else", "198.51.100.2").action()).isEqualTo(Action.PROCEED);
    assertThat(events)
        .extracting(SecurityEvent::type)
        .containsExactly(RateLimitEvents.CLIENT_THROTTLED);
  }

  @Test
  void success_clearsTheUsernameButNotTheClient() {
    BruteForceGuard g =
        guard(BruteForcePolicy.builder().maxUsernameFailures(3).maxClientFailures(4));
    g.recordFailure("alice", "198.51.100.1");
    g.recordFailure("alice", "198.51.100.1");
    g.recordSuccess("alice", "198.51.100.1");
    g.recordFailure("alice", "198.51.100.1");
    g.recordFailure("alice", "198.51.100.1");
    assertThat(g.check("alice", "198.51.100.2").action()).isEqualTo(Action.PROCEED);
    assertThat(g.check("bob", "198.51.100.1").action()).isEqualTo(Action.REJECT_CLIENT);
  }

  @Test
  void persistentClient_isBannedBeyondItsThrottle() {
    BruteForceGuard g =
        guard(
            BruteForcePolicy.builder()
                .maxUsernameFailures(100)
                .maxClientFailures(2)
                .lockDuration(Duration.ofMinutes(1), Duration.ofMinutes(1))
                .banClients(5, Duration.ofHours(1), Duration.ofHours(6)));
    for (int round = 0; round < 3; round++) {
      g.recordFailure("u" + round, "198.51.100.1");
      g.recordFailure("v" + round, "198.51.100.1");
      clock.advance(Duration.ofMinutes(1));
    }
    BruteForceVerdict v = g.check("anyone", "198.51.100.1");
    assertThat(v.action()).isEqualTo(Action.REJECT_CLIENT);
    assertThat(v.retryAfter()).isGreaterThan(Duration.ofHours(5));
    assertThat(events).extracting(SecurityEvent::type).contains(RateLimitEvents.BANNED);
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
        .hasMessageContaining("maxUsernameFailures");
  }
}
