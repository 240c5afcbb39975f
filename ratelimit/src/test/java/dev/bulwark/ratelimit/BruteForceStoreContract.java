package dev.bulwark.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.event.SecurityEvent;
import dev.bulwark.event.SecurityEventPublisher;
import dev.bulwark.ratelimit.BruteForceStore.FailureLimit;
import dev.bulwark.ratelimit.BruteForceStore.Kind;
import dev.bulwark.ratelimit.BruteForceVerdict.Action;
import dev.bulwark.testing.MutableClock;
import dev.bulwark.web.DeviceToken;
import dev.bulwark.web.HmacKeys;
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

  // ---- device trust (OWASP device cookies) ----

  private static final HmacKeys DEVICE_KEYS = HmacKeys.of(new byte[32]);

  private BruteForcePolicy.Builder withDevices(int maxUsernameFailures) {
    return BruteForcePolicy.builder()
        .maxUsernameFailures(maxUsernameFailures)
        .maxClientFailures(1000)
        .trustedDevices(DeviceTrustPolicy.builder(DEVICE_KEYS).maxFailures(3).build());
  }

  /** Locks alice from {@code clients} distinct addresses and answers the device the owner had. */
  private DeviceToken ownerDeviceThenLock(BruteForceGuard g, int clients) {
    BruteForceVerdict first = g.check("alice", "192.0.2.10", null);
    DeviceToken device = g.recordSuccess("alice", "192.0.2.10", first).orElseThrow();
    for (int i = 1; i <= clients; i++) {
      g.recordFailure("alice", "203.0.113." + i);
    }
    assertThat(g.check("alice", "203.0.113.200", null).action())
        .isEqualTo(Action.REJECT_AS_INVALID_CREDENTIALS);
    return device;
  }

  @Test
  void addFailingClient_countsDistinctClients_andClearForgetsThem() {
    BruteForceStore s = store();
    Duration w = Duration.ofMinutes(15);
    assertThat(s.addFailingClient("alice", "198.51.100.1", w, clock.instant())).isEqualTo(1);
    assertThat(s.addFailingClient("alice", "198.51.100.1", w, clock.instant())).isEqualTo(1);
    assertThat(s.addFailingClient("alice", "198.51.100.2", w, clock.instant())).isEqualTo(2);
    assertThat(s.addFailingClient("bob", "198.51.100.1", w, clock.instant())).isEqualTo(1);
    s.clearFailingClients("alice");
    assertThat(s.addFailingClient("alice", "198.51.100.3", w, clock.instant())).isEqualTo(1);
  }

  @Test
  void addFailingClient_isCapped() {
    BruteForceStore s = store();
    long n = 0;
    for (int i = 0; i < BruteForceStore.MAX_FAILING_CLIENTS + 50; i++) {
      n = s.addFailingClient("alice", "c" + i, Duration.ofMinutes(15), clock.instant());
    }
    assertThat(n).isEqualTo(BruteForceStore.MAX_FAILING_CLIENTS);
  }

  @Test
  void guard_lockEvent_saysHowManyDistinctClientsCausedIt() {
    BruteForceGuard g = guard(store(), BruteForcePolicy.builder().maxUsernameFailures(60));
    for (int i = 1; i <= 60; i++) {
      g.recordFailure("alice", "203.0.113." + i);
    }
    SecurityEvent locked =
        events.stream().filter(e -> e.type().equals(RateLimitEvents.LOCKED)).findFirst().get();
    assertThat(locked.details()).containsEntry("distinct_clients", "60");
  }

  @Test
  void guard_trustedDevice_signsInDespiteTheLock_untrustedClientsStayLocked() {
    BruteForceGuard g = guard(store(), withDevices(5));
    DeviceToken device = ownerDeviceThenLock(g, 60);
    BruteForceVerdict owner = g.check("alice", "192.0.2.99", device.value());
    assertThat(owner.action()).isEqualTo(Action.PROCEED);
    assertThat(owner.trustedDevice()).isPresent();
    DeviceToken renewed = g.recordSuccess("alice", "192.0.2.99", owner).orElseThrow();
    assertThat(g.check("alice", "192.0.2.99", renewed.value()).trustedDevice())
        .isEqualTo(owner.trustedDevice());
    assertThat(g.check("alice", "198.51.100.77", null).action())
        .as("the owner's sign-in does not lift the lock for everyone else")
        .isEqualTo(Action.REJECT_AS_INVALID_CREDENTIALS);
    assertThat(eventTypes())
        .containsSubsequence(RateLimitEvents.DEVICE_TRUSTED, RateLimitEvents.LOCKED);
  }

  @Test
  void guard_deviceTokenOfAnotherUser_forgedTamperedOrExpired_isIgnored() {
    BruteForceGuard g = guard(store(), withDevices(5));
    DeviceToken bobs =
        g.recordSuccess("bob", "192.0.2.20", g.check("bob", "192.0.2.20", null)).orElseThrow();
    DeviceToken alices = ownerDeviceThenLock(g, 5);
    String v = alices.value();
    char last = v.charAt(v.length() - 1);
    String tampered = v.substring(0, v.length() - 1) + (last == 'A' ? 'B' : 'A');
    String[] parts = v.split("\\.");
    String longerLife =
        parts[0] + "." + parts[1] + "." + (Long.parseLong(parts[2]) + 86_400) + "." + parts[3];
    String otherKey =
        BruteForceGuard.create(
                withDevices(5).build(),
                SecurityEventPublisher.of(e -> {}),
                new InMemoryBruteForceStore(10, clock))
            .recordSuccess("alice", "x", BruteForceVerdict.PROCEED)
            .orElseThrow()
            .value();
    for (String bad :
        new String[] {bobs.value(), tampered, longerLife, "d1.x.1.y", "", v + ".", " " + v}) {
      BruteForceVerdict verdict = g.check("alice", "192.0.2.30", bad);
      assertThat(verdict.action()).as(bad).isEqualTo(Action.REJECT_AS_INVALID_CREDENTIALS);
      assertThat(verdict.trustedDevice()).isEmpty();
    }
    // a token signed by a guard with the same keys is valid: the keys, not the instance, decide
    assertThat(g.check("alice", "192.0.2.30", otherKey).action()).isEqualTo(Action.PROCEED);
    clock.advance(Duration.ofDays(30).plusSeconds(1));
    g.recordFailure("alice", "203.0.113.1");
    g.recordFailure("alice", "203.0.113.2");
    g.recordFailure("alice", "203.0.113.3");
    g.recordFailure("alice", "203.0.113.4");
    g.recordFailure("alice", "203.0.113.5");
    assertThat(g.check("alice", "192.0.2.30", v).action())
        .as("an expired device token")
        .isEqualTo(Action.REJECT_AS_INVALID_CREDENTIALS);
  }

  @Test
  void guard_wrongPasswordsFromATrustedDevice_revokeIt_andDoNotCountOnTheAccount() {
    BruteForceGuard g = guard(store(), withDevices(2));
    BruteForceVerdict first = g.check("alice", "192.0.2.10", null);
    DeviceToken device = g.recordSuccess("alice", "192.0.2.10", first).orElseThrow();
    for (int i = 0; i < 3; i++) {
      BruteForceVerdict v = g.check("alice", "192.0.2.10", device.value());
      assertThat(v.trustedDevice()).as("attempt %d", i).isPresent();
      g.recordFailure("alice", "192.0.2.10", v);
    }
    assertThat(g.check("alice", "198.51.100.1", null).action())
        .as("three failures from the device did not touch the account's budget of two")
        .isEqualTo(Action.PROCEED);
    assertThat(eventTypes()).contains(RateLimitEvents.DEVICE_REVOKED);
    BruteForceVerdict revoked = g.check("alice", "192.0.2.10", device.value());
    assertThat(revoked.trustedDevice()).isEmpty();
    g.recordFailure("alice", "192.0.2.10", revoked);
    g.recordFailure("alice", "192.0.2.10", revoked);
    assertThat(g.check("alice", "192.0.2.10", device.value()).action())
        .as("the revoked device is under the account lock again")
        .isEqualTo(Action.REJECT_AS_INVALID_CREDENTIALS);
  }

  @Test
  void shared_deviceTrustedAndRevokedThroughA_holdsOnB() {
    BruteForceGuard a = guard(store(), withDevices(5));
    BruteForceGuard b = guard(store(), withDevices(5));
    DeviceToken device = ownerDeviceThenLock(a, 5);
    if (!sharesStateBetweenInstances()) {
      assertThat(b.check("alice", "192.0.2.99", null).action()).isEqualTo(Action.PROCEED);
      return;
    }
    assertThat(b.check("alice", "192.0.2.99", null).action())
        .isEqualTo(Action.REJECT_AS_INVALID_CREDENTIALS);
    BruteForceVerdict onB = b.check("alice", "192.0.2.99", device.value());
    assertThat(onB.trustedDevice()).as("a token issued through A is trusted on B").isPresent();
    a.recordFailure("alice", "192.0.2.99", onB);
    b.recordFailure("alice", "192.0.2.99", onB);
    assertThat(a.check("alice", "192.0.2.99", device.value()).trustedDevice()).isPresent();
    b.recordFailure("alice", "192.0.2.99", onB);
    assertThat(b.check("alice", "192.0.2.99", device.value()).action())
        .as("three failures over A and B revoke the device on both")
        .isEqualTo(Action.REJECT_AS_INVALID_CREDENTIALS);
    assertThat(a.check("alice", "192.0.2.99", device.value()).trustedDevice()).isEmpty();
  }
}
