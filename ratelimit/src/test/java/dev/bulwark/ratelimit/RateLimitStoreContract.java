package dev.bulwark.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.event.SecurityEventPublisher;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * What every RateLimitStore must do; each store's test subclasses this. Limits refill one unit per
 * half hour or slower, so the real clock cannot add a unit during a test.
 */
public abstract class RateLimitStoreContract {

  /** A fresh store; two calls model two application instances sharing one backend. */
  protected abstract RateLimitStore newStore();

  private final String rule = "r" + UUID.randomUUID().toString().substring(0, 8);

  private RateLimiter limiter(RateLimitStore store, long capacity, boolean countOnly401) {
    RateLimitRule.Builder b =
        RateLimitRule.builder(rule).limit(Limit.of("daily", capacity, Duration.ofDays(1)));
    if (countOnly401) {
      b.countOnlyStatuses("401");
    }
    return RateLimiter.builder(RateLimitPolicy.of(b.build()))
        .store(store)
        .events(SecurityEventPublisher.of(e -> {}))
        .build();
  }

  private static int hammer(List<RateLimiter> limiters, int threadsEach, int attemptsEach)
      throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(limiters.size() * threadsEach);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<Integer>> results = new ArrayList<>();
    for (RateLimiter l : limiters) {
      for (int t = 0; t < threadsEach; t++) {
        results.add(
            pool.submit(
                () -> {
                  start.await();
                  int ok = 0;
                  for (int i = 0; i < attemptsEach; i++) {
                    if (l.evaluate(l.policy().rules().get(0).name(), "ip:192.0.2.1").allowed()) {
                      ok++;
                    }
                  }
                  return ok;
                }));
      }
    }
    start.countDown();
    int total = 0;
    for (Future<Integer> f : results) {
      total += f.get(60, TimeUnit.SECONDS);
    }
    pool.shutdownNow();
    return total;
  }

  @Test
  void manyThreadsOnOneKey_admitExactlyTheCapacity() throws Exception {
    try (RateLimitStore store = newStore()) {
      assertThat(hammer(List.of(limiter(store, 50, false)), 8, 20)).isEqualTo(50);
    }
  }

  @Test
  void twoIndependentInstancesSharingTheBackend_admitExactlyTheCapacityTogether() throws Exception {
    RateLimitStore a = newStore();
    RateLimitStore b = newStore();
    try (a;
        b) {
      int admitted = hammer(List.of(limiter(a, 50, false), limiter(b, 50, false)), 4, 20);
      if (sharesStateBetweenInstances()) {
        assertThat(admitted).isEqualTo(50);
      } else {
        assertThat(admitted).isEqualTo(100);
      }
    }
  }

  /** Whether two stores from {@link #newStore()} share budgets (Redis: yes; in memory: no). */
  protected abstract boolean sharesStateBetweenInstances();

  @Test
  void exhaustedKey_isRejectedWithRetryAfter_whileOtherKeysAreNot() {
    try (RateLimitStore store = newStore()) {
      RateLimiter l = limiter(store, 2, false);
      assertThat(l.evaluate(rule, "ip:a").allowed()).isTrue();
      assertThat(l.evaluate(rule, "ip:a").allowed()).isTrue();
      RateLimitDecision d = l.evaluate(rule, "ip:a");
      assertThat(d.status()).isEqualTo(RateLimitDecision.Status.REJECTED);
      assertThat(d.retryAfterSeconds()).isBetween(43_000L, 43_200L);
      assertThat(l.evaluate(rule, "ip:b").allowed()).isTrue();
    }
  }

  @Test
  void notCountedOutcome_getsItsUnitsBack() {
    try (RateLimitStore store = newStore()) {
      RateLimiter l = limiter(store, 1, true);
      for (int i = 0; i < 5; i++) {
        RateLimitDecision d = l.evaluate(rule, "ip:a");
        assertThat(d.allowed()).isTrue();
        l.complete(d, 200);
      }
      l.complete(l.evaluate(rule, "ip:a"), 401);
      assertThat(l.evaluate(rule, "ip:a").allowed()).isFalse();
    }
  }

  @Test
  void intervalLimit_givesNothingBackBeforeTheWindowEnds_andReportsTheWindowEnd() {
    Limit window = Limit.of("window", 2, Duration.ofDays(1)).withRefill(Limit.Refill.INTERVAL);
    try (RateLimitStore store = newStore()) {
      RateLimiter alone =
          RateLimiter.builder(RateLimitPolicy.of(RateLimitRule.builder(rule).limit(window).build()))
              .store(store)
              .events(SecurityEventPublisher.of(e -> {}))
              .build();
      RateLimiter withDaily =
          RateLimiter.builder(
                  RateLimitPolicy.of(
                      RateLimitRule.builder(rule + "-2")
                          .limit(window)
                          .limit(Limit.of("daily", 1000, Duration.ofDays(1)))
                          .build()))
              .store(store)
              .events(SecurityEventPublisher.of(e -> {}))
              .build();
      for (RateLimiter l : List.of(alone, withDaily)) {
        String name = l.policy().rules().get(0).name();
        assertThat(l.evaluate(name, "ip:a").allowed()).isTrue();
        assertThat(l.evaluate(name, "ip:a").allowed()).isTrue();
        RateLimitDecision d = l.evaluate(name, "ip:a");
        assertThat(d.status()).isEqualTo(RateLimitDecision.Status.REJECTED);
        // a greedy 2-per-day limit would answer 12 h; the window ends a day after it opened
        assertThat(d.retryAfterSeconds()).isBetween(86_300L, 86_400L);
        assertThat(d.limits().get(0).remaining()).isZero();
        assertThat(d.limits().get(0).reset().toSeconds()).isBetween(86_300L, 86_400L);
      }
    }
  }
}
