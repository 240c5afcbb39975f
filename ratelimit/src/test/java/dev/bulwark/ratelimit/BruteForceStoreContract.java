package dev.bulwark.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.event.SecurityEvent;
import dev.bulwark.event.SecurityEventPublisher;
import dev.bulwark.ratelimit.BruteForceStore.FailureLimit;
import dev.bulwark.ratelimit.BruteForceStore.Kind;
import dev.bulwark.ratelimit.BruteForceVerdict.Action;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link BruteForceStore} must do, directly and through {@link BruteForceGuard}; each
 * store's test subclasses this. Time is a {@link MutableClock} the guard passes to the store, so
 * locks and windows are tested without waiting.
 */
public abstract class BruteForceStoreContract {

  /**
   * A fresh store on the clock; for a shared backend two calls model two application instances (and
   * each test instance must get keys no other test sees, such as a prefix of its own).
   */
  protected abstract BruteForceStore newStore(MutableClock clock);

  /** Whether two stores from {@link #newStore} share their state (Redis) or not (in memory). */
  protected abstract boolean sharesStateBetweenInstances();

  protected final MutableClock clock = new MutableClock();
  protected final List<SecurityEvent> events = Collections.synchronizedList(new ArrayList<>());
  private final List<BruteForceStore> opened = new ArrayList<>();

  private static final FailureLimit THREE_IN_15_MIN =
      new FailureLimit(3, Duration.ofMinutes(15), Duration.ofMinutes(10), Duration.ofHours(1));

  private BruteForceStore store() {
    BruteForceStore s = newStore(clock);
    opened.add(s);
    return s;
  }

  @AfterEach
  void closeStores() {
    opened.forEach(BruteForceStore::close);
  }

  private BruteForceGuard guard(BruteForceStore store, BruteForcePolicy.Builder b) {
    return BruteForceGuard.create(
        b.clock(clock).build(), SecurityEventPublisher.of(events::add), store);
  }

  private List<Object> eventTypes() {
    synchronized (events) {
      return events.stream().map(e -> (Object) e.type()).toList();
    }
  }

  // ---- the store itself ----

  @Test
  void lockedFor_unknownKey_isZero() {
    assertThat(store().lockedFor(Kind.USERNAME, "nobody", clock.instant())).isZero();
  }

  @Test
  void recordFailure_onlyTheExhaustingFailure_startsALock_andALockedKeyIgnoresFailures() {
    BruteForceStore s = store();
    assertThat(s.recordFailure(Kind.USERNAME, "alice", THREE_IN_15_MIN, clock.instant())).isEmpty();
    assertThat(s.recordFailure(Kind.USERNAME, "alice", THREE_IN_15_MIN, clock.instant())).isEmpty();
    assertThat(s.lockedFor(Kind.USERNAME, "alice", clock.instant())).isZero();
    assertThat(s.recordFailure(Kind.USERNAME, "alice", THREE_IN_15_MIN, clock.instant()))
        .contains(Duration.ofMinutes(10));
    assertThat(s.lockedFor(Kind.USERNAME, "alice", clock.instant()))
        .isEqualTo(Duration.ofMinutes(10));
    clock.advance(Duration.ofMinutes(4));
    assertThat(s.recordFailure(Kind.USERNAME, "alice", THREE_IN_15_MIN, clock.instant())).isEmpty();
    assertThat(s.lockedFor(Kind.USERNAME, "alice", clock.instant()))
        .isEqualTo(Duration.ofMinutes(6));
    clock.advance(Duration.ofMinutes(6));
    assertThat(s.lockedFor(Kind.USERNAME, "alice", clock.instant())).isZero();
  }

  @Test
  void recordFailure_afterALock_countsAfreshAndTheNextLockDoubles() {
    BruteForceStore s = store();
    List<Duration> locks = new ArrayList<>();
    for (int round = 0; round < 4; round++) {
      Optional<Duration> lock = Optional.empty();
      for (int i = 0; i < 3; i++) {
        assertThat(lock).as("round %d failure %d", round, i).isEmpty();
        lock = s.recordFailure(Kind.CLIENT, "198.51.100.1", THREE_IN_15_MIN, clock.instant());
      }
      locks.add(lock.orElseThrow());
      clock.advance(lock.orElseThrow());
    }
    assertThat(locks)
        .containsExactly(
            Duration.ofMinutes(10),
            Duration.ofMinutes(20),
            Duration.ofMinutes(40),
            Duration.ofHours(1));
  }

  @Test
  void recordFailure_forgetsOneFailurePerInterval() {
    BruteForceStore s = store();
    // 3 per 15 minutes: one failure is forgotten every 5 minutes
    s.recordFailure(Kind.USERNAME, "alice", THREE_IN_15_MIN, clock.instant());
    s.recordFailure(Kind.USERNAME, "alice", THREE_IN_15_MIN, clock.instant());
    clock.advance(Duration.ofMinutes(5));
    assertThat(s.recordFailure(Kind.USERNAME, "alice", THREE_IN_15_MIN, clock.instant())).isEmpty();
    assertThat(s.recordFailure(Kind.USERNAME, "alice", THREE_IN_15_MIN, clock.instant()))
        .contains(Duration.ofMinutes(10));
  }

  @Test
  void clear_forgetsFailuresLockAndLockCount() {
    BruteForceStore s = store();
    for (int i = 0; i < 3; i++) {
      s.recordFailure(Kind.USERNAME, "alice", THREE_IN_15_MIN, clock.instant());
    }
    s.clear(Kind.USERNAME, "alice");
    assertThat(s.lockedFor(Kind.USERNAME, "alice", clock.instant())).isZero();
    s.recordFailure(Kind.USERNAME, "alice", THREE_IN_15_MIN, clock.instant());
    s.recordFailure(Kind.USERNAME, "alice", THREE_IN_15_MIN, clock.instant());
    assertThat(s.recordFailure(Kind.USERNAME, "alice", THREE_IN_15_MIN, clock.instant()))
        .as("the lock count was forgotten too: the first lock again")
        .contains(Duration.ofMinutes(10));
  }

  @Test
  void kinds_areSeparateNamespaces() {
    BruteForceStore s = store();
    for (int i = 0; i < 3; i++) {
      s.recordFailure(Kind.USERNAME, "198.51.100.1", THREE_IN_15_MIN, clock.instant());
    }
    assertThat(s.lockedFor(Kind.USERNAME, "198.51.100.1", clock.instant())).isPositive();
    assertThat(s.lockedFor(Kind.CLIENT, "198.51.100.1", clock.instant())).isZero();
    assertThat(s.lockedFor(Kind.BAN, "198.51.100.1", clock.instant())).isZero();
  }

  // ---- through the guard ----

  @Test
  void guard_usernameLocksAfterMaxFailures_fromAnyClient_andUnlocksAfterTheLock() {
    BruteForceGuard g =
        guard(
            store(),
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
    assertThat(eventTypes()).containsExactly(RateLimitEvents.LOCKED);
    clock.advance(Duration.ofMinutes(10));
    assertThat(g.check("alice", "203.0.113.9").action()).isEqualTo(Action.PROCEED);
  }

  @Test
  void guard_usernameKeys_areNfkcNormalised_andLongOnesStillWork() {
    BruteForceGuard g = guard(store(), BruteForcePolicy.builder().maxUsernameFailures(2));
    // fullwidth letters and ligatures fold to plain ASCII under NFKC
    g.recordFailure("\uFF21\uFF2C\uFF29\uFF23\uFF25", "198.51.100.1");
    g.recordFailure("alice", "198.51.100.2");
    assertThat(g.check("ALICE", "198.51.100.3").action())
        .isEqualTo(Action.REJECT_AS_INVALID_CREDENTIALS);
    g.recordFailure("\uFB01x", "198.51.100.1");
    assertThat(g.check("fix", "198.51.100.3").action()).isEqualTo(Action.PROCEED);
    g.recordFailure(" FIX", "198.51.100.2");
    assertThat(g.check("fix", "198.51.100.3").action())
        .isEqualTo(Action.REJECT_AS_INVALID_CREDENTIALS);
    String longName = "x".repeat(10_000);
    g.recordFailure(longName, "198.51.100.4");
    g.recordFailure(longName.toUpperCase(java.util.Locale.ROOT), "198.51.100.5");
    assertThat(g.check(longName, "198.51.100.6").action())
        .isEqualTo(Action.REJECT_AS_INVALID_CREDENTIALS);
    assertThat(g.check("x".repeat(9_999), "198.51.100.6").action()).isEqualTo(Action.PROCEED);
  }

  @Test
  void guard_repeatedLocks_doubleUpToTheMaximum() {
    BruteForceGuard g =
        guard(
            store(),
            BruteForcePolicy.builder()
                .maxUsernameFailures(1)
                .maxClientFailures(1000)
                .lockDuration(Duration.ofMinutes(10), Duration.ofMinutes(25)));
    for (long minutes : new long[] {10, 20, 25, 25}) {
      g.recordFailure("alice", "198.51.100.1");
      clock.advance(Duration.ofMinutes(minutes).minusSeconds(1));
      assertThat(g.check("alice", "x").action()).isEqualTo(Action.REJECT_AS_INVALID_CREDENTIALS);
      clock.advance(Duration.ofSeconds(1));
      assertThat(g.check("alice", "x").action()).isEqualTo(Action.PROCEED);
    }
  }

  @Test
  void guard_failuresWhileLocked_doNotExtendTheLock() {
    BruteForceGuard g =
        guard(
            store(),
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
    assertThat(g.check("alice", "c").action()).isEqualTo(Action.REJECT_AS_INVALID_CREDENTIALS);
    clock.advance(Duration.ofMinutes(1));
    assertThat(g.check("alice", "c").action()).isEqualTo(Action.PROCEED);
    assertThat(eventTypes()).containsExactly(RateLimitEvents.LOCKED);
  }

  @Test
  void guard_clientFailingAcrossManyUsernames_isThrottledWithRetryAfter() {
    BruteForceGuard g =
        guard(
            store(),
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
    assertThat(eventTypes()).containsExactly(RateLimitEvents.CLIENT_THROTTLED);
  }

  @Test
  void guard_successClearsTheUsernameButNotTheClient() {
    BruteForceGuard g =
        guard(store(), BruteForcePolicy.builder().maxUsernameFailures(3).maxClientFailures(4));
    g.recordFailure("alice", "198.51.100.1");
    g.recordFailure("alice", "198.51.100.1");
    g.recordSuccess("alice", "198.51.100.1");
    g.recordFailure("alice", "198.51.100.1");
    g.recordFailure("alice", "198.51.100.1");
    assertThat(g.check("alice", "198.51.100.2").action()).isEqualTo(Action.PROCEED);
    assertThat(g.check("bob", "198.51.100.1").action()).isEqualTo(Action.REJECT_CLIENT);
  }

  @Test
  void guard_persistentClient_isBannedBeyondItsThrottle() {
    BruteForceGuard g =
        guard(
            store(),
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
    assertThat(eventTypes()).containsOnlyOnce(RateLimitEvents.BANNED);
  }

  @Test
  void guard_manyThreadsRacing_lockExactlyOnce_afterExactlyMaxFailures() throws Exception {
    List<BruteForceGuard> guards = new ArrayList<>();
    int instances = sharesStateBetweenInstances() ? 2 : 1;
    for (int i = 0; i < instances; i++) {
      guards.add(
          guard(
              store(),
              BruteForcePolicy.builder().maxUsernameFailures(40).maxClientFailures(100_000)));
    }
    // 39 failures, from 8 threads per instance: not yet locked, nothing lost
    race(guards, 39);
    assertThat(guards.get(0).check("alice", "203.0.113.1").action()).isEqualTo(Action.PROCEED);
    assertThat(eventTypes()).isEmpty();
    // 80 more racing failures: the first of them locks, exactly once, the rest are ignored
    race(guards, 80);
    for (BruteForceGuard g : guards) {
      assertThat(g.check("alice", "203.0.113.1").action())
          .isEqualTo(Action.REJECT_AS_INVALID_CREDENTIALS);
    }
    assertThat(eventTypes()).containsExactly(RateLimitEvents.LOCKED);
  }

  private static void race(List<BruteForceGuard> guards, int failures) throws Exception {
    int threads = 8 * guards.size();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<?>> done = new ArrayList<>();
      for (int i = 0; i < failures; i++) {
        BruteForceGuard g = guards.get(i % guards.size());
        String client = "198.51.100." + i;
        done.add(
            pool.submit(
                () -> {
                  start.await();
                  g.recordFailure("alice", client);
                  return null;
                }));
      }
      start.countDown();
      for (Future<?> f : done) {
        f.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  // ---- two instances on one backend: shared state for Redis, separate state in memory ----

  /** For a per-instance store: what one instance counts and locks, the other does not see. */
  private void assertInstancesAreIndependent() {
    BruteForceGuard a = guard(store(), BruteForcePolicy.builder().maxUsernameFailures(2));
    BruteForceGuard b = guard(store(), BruteForcePolicy.builder().maxUsernameFailures(2));
    a.recordFailure("alice", "198.51.100.1");
    a.recordFailure("alice", "198.51.100.1");
    assertThat(a.check("alice", "198.51.100.2").action())
        .isEqualTo(Action.REJECT_AS_INVALID_CREDENTIALS);
    assertThat(b.check("alice", "198.51.100.2").action())
        .as("an in-memory store keeps its state per instance")
        .isEqualTo(Action.PROCEED);
  }

  @Test
  void shared_usernameLockedThroughA_isLockedForB() {
    if (!sharesStateBetweenInstances()) {
      assertInstancesAreIndependent();
      return;
    }
    BruteForcePolicy.Builder policy = BruteForcePolicy.builder().maxUsernameFailures(3);
    BruteForceGuard a = guard(store(), policy);
    BruteForceGuard b = guard(store(), BruteForcePolicy.builder().maxUsernameFailures(3));
    a.recordFailure("alice", "198.51.100.1");
    b.recordFailure("alice", "198.51.100.2");
    assertThat(a.check("alice", "198.51.100.3").action()).isEqualTo(Action.PROCEED);
    a.recordFailure("alice", "198.51.100.3");
    assertThat(b.check("alice", "198.51.100.4").action())
        .as("two failures through A and one through B lock the account on B")
        .isEqualTo(Action.REJECT_AS_INVALID_CREDENTIALS);
    assertThat(eventTypes()).containsExactly(RateLimitEvents.LOCKED);
    b.recordSuccess("alice", "198.51.100.4");
    assertThat(a.check("alice", "198.51.100.5").action())
        .as("a success through B clears the account for A")
        .isEqualTo(Action.PROCEED);
  }

  @Test
  void shared_lockDurationsDoubleAcrossInstances() {
    if (!sharesStateBetweenInstances()) {
      assertInstancesAreIndependent();
      return;
    }
    BruteForceGuard a =
        guard(
            store(),
            BruteForcePolicy.builder()
                .maxUsernameFailures(1)
                .maxClientFailures(1000)
                .lockDuration(Duration.ofMinutes(10), Duration.ofMinutes(25)));
    BruteForceGuard b =
        guard(
            store(),
            BruteForcePolicy.builder()
                .maxUsernameFailures(1)
                .maxClientFailures(1000)
                .lockDuration(Duration.ofMinutes(10), Duration.ofMinutes(25)));
    List<BruteForceGuard> alternate = List.of(a, b, a, b);
    long[] expectedMinutes = {10, 20, 25, 25};
    for (int i = 0; i < expectedMinutes.length; i++) {
      alternate.get(i).recordFailure("alice", "198.51.100.1");
      BruteForceGuard other = alternate.get((i + 1) % 2);
      clock.advance(Duration.ofMinutes(expectedMinutes[i]).minusSeconds(1));
      assertThat(other.check("alice", "x").action())
          .as("lock %d seen through the other instance", i)
          .isEqualTo(Action.REJECT_AS_INVALID_CREDENTIALS);
      clock.advance(Duration.ofSeconds(1));
      assertThat(other.check("alice", "x").action()).isEqualTo(Action.PROCEED);
    }
  }

  @Test
  void shared_clientThrottledThroughA_isThrottledOnB() {
    if (!sharesStateBetweenInstances()) {
      assertInstancesAreIndependent();
      return;
    }
    BruteForceGuard a = guard(store(), BruteForcePolicy.builder().maxClientFailures(4));
    BruteForceGuard b = guard(store(), BruteForcePolicy.builder().maxClientFailures(4));
    for (int i = 0; i < 4; i++) {
      (i % 2 == 0 ? a : b).recordFailure("user" + i, "198.51.100.1");
    }
    assertThat(a.check("x", "198.51.100.1").action()).isEqualTo(Action.REJECT_CLIENT);
    assertThat(b.check("x", "198.51.100.1").action()).isEqualTo(Action.REJECT_CLIENT);
    assertThat(eventTypes()).containsExactly(RateLimitEvents.CLIENT_THROTTLED);
  }
}
