package dev.bulwark.jwt.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.jwt.MfaChallenge;
import dev.bulwark.jwt.MfaChallengeStore;
import dev.bulwark.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link MfaChallengeStore} passes; subclassed per backend. Keys are random so
 * backends may share state between tests.
 */
abstract class MfaChallengeStoreContract {

  // real time: Redis expires keys by its own clock
  protected final MutableClock clock =
      new MutableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
  private MfaChallengeStore store;

  /** A store for this test. */
  protected abstract MfaChallengeStore newStore(MutableClock clock);

  @BeforeEach
  void setUpStore() {
    store = newStore(clock);
  }

  private static String key() {
    return UUID.randomUUID().toString();
  }

  private MfaChallenge challenge() {
    return new MfaChallenge(
        "alice",
        "Alice",
        List.of("USER", "ADMIN"),
        List.of("otp"),
        clock.instant().plusSeconds(300));
  }

  @Test
  void find_returnsTheChallengeUntilItExpires() {
    String k = key();
    MfaChallenge c = challenge();
    store.create(k, c);
    assertThat(store.find(k, clock.instant())).contains(c);
    assertThat(store.find(k, c.expiresAt().minusMillis(1))).contains(c);
    assertThat(store.find(k, c.expiresAt())).isEmpty();
    assertThat(store.find(key(), clock.instant())).isEmpty();
  }

  @Test
  void consume_isSingleUse() {
    String k = key();
    store.create(k, challenge());
    assertThat(store.consume(k, clock.instant())).isTrue();
    assertThat(store.consume(k, clock.instant())).isFalse();
    assertThat(store.find(k, clock.instant())).isEmpty();
  }

  @Test
  void consume_afterExpiry_isFalse() {
    String k = key();
    MfaChallenge c = challenge();
    store.create(k, c);
    assertThat(store.consume(k, c.expiresAt())).isFalse();
    assertThat(store.consume(key(), clock.instant())).isFalse();
  }

  @Test
  void recordFailure_keepsTheChallenge_untilTheLimitVoidsIt() {
    String k = key();
    store.create(k, challenge());
    for (int i = 1; i < 5; i++) {
      assertThat(store.recordFailure(k, clock.instant(), 5)).as("failure %d", i).isTrue();
      assertThat(store.find(k, clock.instant())).isPresent();
    }
    assertThat(store.recordFailure(k, clock.instant(), 5)).isFalse();
    assertThat(store.find(k, clock.instant())).isEmpty();
    assertThat(store.consume(k, clock.instant())).isFalse();
    assertThat(store.recordFailure(key(), clock.instant(), 5)).isFalse();
  }

  @Test
  void consume_manyThreadsOneChallenge_exactlyOneWins() throws Exception {
    String k = key();
    store.create(k, challenge());
    int threads = 16;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<Boolean>> results = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        Callable<Boolean> c =
            () -> {
              start.await();
              return store.consume(k, clock.instant());
            };
        results.add(pool.submit(c));
      }
      start.countDown();
      int wins = 0;
      for (Future<Boolean> f : results) {
        wins += f.get() ? 1 : 0;
      }
      assertThat(wins).isEqualTo(1);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void manyThreadsCountingFailures_voidAtTheLimit_exactlyOnce() throws Exception {
    String k = key();
    store.create(k, challenge());
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<Boolean>> results = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        results.add(pool.submit(() -> store.recordFailure(k, clock.instant(), 5)));
      }
      int kept = 0;
      for (Future<Boolean> f : results) {
        kept += f.get() ? 1 : 0;
      }
      assertThat(kept).as("the first 4 failures keep it").isEqualTo(4);
      assertThat(store.find(k, clock.instant())).isEmpty();
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void challengesExpireInTheStoreToo() {
    String k = key();
    store.create(
        k,
        new MfaChallenge(
            "bob", "bob", List.of(), List.of("otp"), clock.instant().plus(Duration.ofSeconds(1))));
    clock.advance(Duration.ofSeconds(2));
    assertThat(store.find(k, clock.instant())).isEmpty();
  }
}
