package dev.bulwark.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.event.SecurityEvent;
import dev.bulwark.event.SecurityEventPublisher;
import dev.bulwark.testing.MutableClock;
import dev.bulwark.web.ConfigurationException;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class RateLimiterTest {

  private final MutableClock clock = new MutableClock();
  private final List<SecurityEvent> events = Collections.synchronizedList(new ArrayList<>());

  private RateLimiter limiter(RateLimitRule... rules) {
    return RateLimiter.builder(RateLimitPolicy.builder().rules(List.of(rules)).build())
        .store(InMemoryRateLimitStore.builder().clock(clock).build())
        .events(SecurityEventPublisher.of(events::add))
        .onWarning(w -> {})
        .build();
  }

  private static RateLimitRule perMinute(String name, long n) {
    return RateLimitRule.builder(name).limit(Limit.of("minute", n, Duration.ofMinutes(1))).build();
  }

  @Test
  void evaluate_manyThreadsOnOneKey_admitExactlyTheCapacity() throws Exception {
    RateLimiter limiter = limiter(perMinute("api", 100));
    int threads = 16;
    int perThread = 50;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<Integer>> results = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      results.add(
          pool.submit(
              () -> {
                start.await();
                int admitted = 0;
                for (int i = 0; i < perThread; i++) {
                  if (limiter.evaluate(Requests.from("192.0.2.7", "GET", "/x")).allowed()) {
                    admitted++;
                  }
                }
                return admitted;
              }));
    }
    start.countDown();
    int total = 0;
    for (Future<Integer> f : results) {
      total += f.get(30, TimeUnit.SECONDS);
    }
    pool.shutdown();
    assertThat(total).isEqualTo(100);
  }

  @Test
  void evaluate_afterExhaustion_rejectsWithRetryAfterUntilRefilled() {
    RateLimiter limiter = limiter(perMinute("api", 2));
    RateLimitRequest r = Requests.from("192.0.2.1", "GET", "/x");
    assertThat(limiter.evaluate(r).status()).isEqualTo(RateLimitDecision.Status.ALLOWED);
    RateLimitDecision second = limiter.evaluate(r);
    assertThat(second.limits().get(0).remaining()).isZero();
    assertThat(second.limits().get(0).reset()).isEqualTo(Duration.ofMinutes(1));
    RateLimitDecision third = limiter.evaluate(r);
    assertThat(third.status()).isEqualTo(RateLimitDecision.Status.REJECTED);
    assertThat(third.retryAfter()).isEqualTo(Duration.ofSeconds(30));
    assertThat(third.retryAfterSeconds()).isEqualTo(30);
    clock.advance(Duration.ofSeconds(30));
    assertThat(limiter.evaluate(r).allowed()).isTrue();
    assertThat(limiter.evaluate(r).allowed()).isFalse();
  }

  @Test
  void evaluate_rejection_publishesEventNamingRuleAndLimit() {
    RateLimiter limiter = limiter(perMinute("api", 1));
    RateLimitRequest r = Requests.from("192.0.2.1", "GET", "/x");
    limiter.evaluate(r);
    limiter.evaluate(r);
    assertThat(events).hasSize(1);
    assertThat(events.get(0).type()).isEqualTo(RateLimitEvents.REJECTED);
    assertThat(events.get(0).client()).isEqualTo("192.0.2.1");
    assertThat(events.get(0).details())
        .containsEntry("rule", "api")
        .containsEntry("limit", "minute");
  }

  @Test
  void evaluate_repeatedRejectionsOfOneKey_publishOneEventPerInterval() {
    RateLimiter limiter = limiter(perMinute("api", 1));
    for (int i = 0; i < 50; i++) {
      limiter.evaluate(Requests.from("192.0.2.1", "GET", "/x"));
    }
    limiter.evaluate(Requests.from("192.0.2.2", "GET", "/x"));
    limiter.evaluate(Requests.from("192.0.2.2", "GET", "/x"));
    assertThat(events).extracting(SecurityEvent::client).containsExactly("192.0.2.1", "192.0.2.2");
  }

  @Test
  void evaluate_burstAndSustainedLimits_bothApplyAtomically() {
    RateLimiter limiter =
        limiter(
            RateLimitRule.builder("api")
                .limit(Limit.of("burst", 3, Duration.ofSeconds(1)))
                .limit(Limit.of("hourly", 5, Duration.ofHours(1)))
                .build());
    RateLimitRequest r = Requests.from("192.0.2.1", "GET", "/x");
    int admitted = 0;
    for (int second = 0; second < 10; second++) {
      for (int i = 0; i < 10; i++) {
        if (limiter.evaluate(r).allowed()) {
          admitted++;
        }
      }
      clock.advance(Duration.ofSeconds(1));
    }
    // 3 in the first second, 2 more in the next: the hourly limit then holds (10 s refill ~0.01)
    assertThat(admitted).isEqualTo(5);
    RateLimitDecision d = limiter.evaluate(r);
    assertThat(d.limits()).extracting(s -> s.limit().name()).containsExactly("burst", "hourly");
    assertThat(d.limits().get(0).remaining()).isEqualTo(3);
    assertThat(d.limits().get(1).remaining()).isZero();
  }

  @Test
  void evaluate_differentClients_haveSeparateBudgets() {
    RateLimiter limiter = limiter(perMinute("api", 1));
    assertThat(limiter.evaluate(Requests.from("192.0.2.1", "GET", "/x")).allowed()).isTrue();
    assertThat(limiter.evaluate(Requests.from("192.0.2.2", "GET", "/x")).allowed()).isTrue();
    assertThat(limiter.evaluate(Requests.from("192.0.2.1", "GET", "/x")).allowed()).isFalse();
  }

  @Test
  void evaluate_ipv6InOneSlash56_shareOneBudget() {
    RateLimiter limiter = limiter(perMinute("api", 2));
    assertThat(limiter.evaluate(Requests.from("2001:db8:ab:cd00::1", "GET", "/")).allowed())
        .isTrue();
    assertThat(limiter.evaluate(Requests.from("2001:db8:ab:cdff:ffff::9", "GET", "/")).allowed())
        .isTrue();
    assertThat(limiter.evaluate(Requests.from("2001:db8:ab:cd12::77", "GET", "/")).allowed())
        .isFalse();
    assertThat(limiter.evaluate(Requests.from("2001:db8:ab:ce00::1", "GET", "/")).allowed())
        .isTrue();
  }

  @Test
  void evaluate_firstMatchingRuleDecides_andUnmatchedRequestsAreNotLimited() {
    RateLimiter limiter =
        limiter(
            RateLimitRule.builder("login")
                .paths("/login")
                .methods("post")
                .limit(Limit.of("login", 1, Duration.ofMinutes(1)))
                .build(),
            RateLimitRule.builder("api")
                .paths("/api/**")
                .limit(Limit.of("api", 100, Duration.ofMinutes(1)))
                .build());
    assertThat(limiter.evaluate(Requests.from("192.0.2.1", "POST", "/login")).rule().name())
        .isEqualTo("login");
    assertThat(limiter.evaluate(Requests.from("192.0.2.1", "POST", "/login")).allowed()).isFalse();
    assertThat(limiter.evaluate(Requests.from("192.0.2.1", "GET", "/login")).status())
        .isEqualTo(RateLimitDecision.Status.NOT_LIMITED);
    assertThat(limiter.evaluate(Requests.from("192.0.2.1", "GET", "/api")).rule().name())
        .isEqualTo("api");
    assertThat(limiter.evaluate(Requests.from("192.0.2.1", "GET", "/api/a/b")).rule().name())
        .isEqualTo("api");
    assertThat(limiter.evaluate(Requests.from("192.0.2.1", "GET", "/apix")).status())
        .isEqualTo(RateLimitDecision.Status.NOT_LIMITED);
  }

  @Test
  void evaluate_aGetRule_alsoLimitsHead_sharingOneBudget() {
    RateLimiter limiter =
        limiter(
            RateLimitRule.builder("pages")
                .paths("/report")
                .methods("GET")
                .limit(Limit.of("pages", 2, Duration.ofMinutes(1)))
                .build());
    assertThat(limiter.evaluate(Requests.from("192.0.2.1", "GET", "/report")).allowed()).isTrue();
    assertThat(limiter.evaluate(Requests.from("192.0.2.1", "HEAD", "/report")).allowed()).isTrue();
    assertThat(limiter.evaluate(Requests.from("192.0.2.1", "HEAD", "/report")).allowed()).isFalse();
    assertThat(limiter.evaluate(Requests.from("192.0.2.1", "POST", "/report")).status())
        .isEqualTo(RateLimitDecision.Status.NOT_LIMITED);
  }

  @Test
  void evaluate_skipPredicate_exemptsRequests() {
    RateLimiter limiter =
        limiter(
            RateLimitRule.builder("api")
                .skipWhen(r -> r.path().equals("/health"))
                .limit(Limit.of("m", 1, Duration.ofMinutes(1)))
                .build());
    for (int i = 0; i < 5; i++) {
      assertThat(limiter.evaluate(Requests.from("192.0.2.1", "GET", "/health")).status())
          .isEqualTo(RateLimitDecision.Status.NOT_LIMITED);
    }
  }

  @Test
  void complete_countOnly401_refundsOtherOutcomes() {
    RateLimiter limiter =
        limiter(
            RateLimitRule.builder("login")
                .countOnlyStatuses("401")
                .limit(Limit.of("failures", 2, Duration.ofMinutes(10)))
                .build());
    RateLimitRequest r = Requests.from("192.0.2.1", "POST", "/login");
    for (int i = 0; i < 10; i++) {
      RateLimitDecision d = limiter.evaluate(r);
      assertThat(d.allowed()).isTrue();
      limiter.complete(d, 200);
    }
    limiter.complete(limiter.evaluate(r), 401);
    limiter.complete(limiter.evaluate(r), 401);
    assertThat(limiter.evaluate(r).allowed()).isFalse();
  }

  @Test
  void evaluate_principalKey_separatesUsersAndFallsBackToAddressForAnonymous() {
    RateLimiter limiter =
        limiter(
            RateLimitRule.builder("api")
                .key(KeyFunction.principal())
                .limit(Limit.of("m", 1, Duration.ofMinutes(1)))
                .build());
    assertThat(limiter.evaluate(Requests.from("192.0.2.1", "GET", "/", "alice", Map.of())).key())
        .isEqualTo("user:alice");
    assertThat(limiter.evaluate(Requests.from("192.0.2.1", "GET", "/", "bob", Map.of())).allowed())
        .isTrue();
    assertThat(limiter.evaluate(Requests.from("192.0.2.1", "GET", "/", null, Map.of())).key())
        .isEqualTo("ip:192.0.2.1");
  }

  @Test
  void evaluate_apiKeyHeader_isHashedNeverStoredRaw() {
    RateLimiter limiter =
        limiter(
            RateLimitRule.builder("api")
                .key(KeyFunction.header("X-API-Key"))
                .limit(Limit.of("m", 1, Duration.ofMinutes(1)))
                .build());
    RateLimitDecision d =
        limiter.evaluate(
            Requests.from("192.0.2.1", "GET", "/", null, Map.of("X-API-Key", "s3cret-key")));
    assertThat(d.key()).startsWith("apikey:").doesNotContain("s3cret");
    assertThat(d.key()).hasSize("apikey:".length() + 64);
  }

  @Test
  void evaluate_storeFailure_failsClosedByDefaultAndPublishesBackendError() {
    RateLimitStore broken =
        new RateLimitStore() {
          @Override
          public Bucket bucket(String key, BucketConfiguration c, Duration ttl) {
            throw new IllegalStateException("connection refused");
          }

          @Override
          public FailurePolicy failurePolicy() {
            return FailurePolicy.FAIL_CLOSED;
          }
        };
    RateLimiter limiter =
        RateLimiter.builder(RateLimitPolicy.of(perMinute("api", 5)))
            .store(broken)
            .events(SecurityEventPublisher.of(events::add))
            .build();
    RateLimitDecision d = limiter.evaluate(Requests.from("192.0.2.1", "GET", "/"));
    assertThat(d.status()).isEqualTo(RateLimitDecision.Status.FAILED_CLOSED);
    assertThat(d.allowed()).isFalse();
    assertThat(d.retryAfterSeconds()).isEqualTo(5);
    assertThat(events)
        .extracting(SecurityEvent::type)
        .containsExactly(RateLimitEvents.BACKEND_ERROR);
    assertThat(events.get(0).details()).containsEntry("policy", "fail-closed");
  }

  @Test
  void build_misconfigurations_areWarnedOnceEach() {
    Set<RateLimitWarning> seen = EnumSet.noneOf(RateLimitWarning.class);
    List<RateLimitWarning> all = new ArrayList<>();
    RateLimiter.builder(
            RateLimitPolicy.builder()
                .rule(
                    RateLimitRule.builder("catchall")
                        .cost(10)
                        .limit(Limit.of("a", 5, Duration.ofMinutes(1)))
                        .limit(Limit.of("b", 5000, Duration.ofSeconds(1)))
                        .build())
                .rule(perMinute("never", 1))
                .build())
        .onWarning(
            w -> {
              seen.add(w);
              all.add(w);
            })
        .build();
    assertThat(seen).containsExactlyInAnyOrder(RateLimitWarning.values());
    assertThat(all).hasSize(RateLimitWarning.values().length);
  }

  @Test
  void build_invalidSettings_failNamingTheSettingAndTheFix() {
    assertThatThrownBy(() -> Limit.of("burst", 0, Duration.ofSeconds(1)))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("capacity must be at least 1");
    assertThatThrownBy(() -> Limit.of("Burst", 1, Duration.ofSeconds(1)))
        .hasMessageContaining("lower-case");
    assertThatThrownBy(() -> Limit.of("b", 1, Duration.ofNanos(10)))
        .hasMessageContaining("period must be at least 1ms");
    assertThatThrownBy(() -> RateLimitRule.builder("r").build())
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("no limit");
    assertThatThrownBy(() -> RateLimitPolicy.builder().build())
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("at least one rule");
    assertThatThrownBy(() -> RateLimitRule.builder("r").paths("/a/*/b"))
        .hasMessageContaining("wildcard");
    assertThatThrownBy(() -> RateLimitRule.builder("r").cost(0)).hasMessageContaining("cost");
    assertThatThrownBy(() -> RateLimitRule.builder("r").countOnlyStatuses("abc"))
        .hasMessageContaining("4xx");
    assertThatThrownBy(() -> RateLimitRule.builder("r").methods("GET").methods("POST"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage(
            "RateLimitRule.Builder('r'): methods was already set (to [GET, HEAD]); each setting"
                + " may be given once");
    assertThatThrownBy(() -> InMemoryRateLimitStore.builder().maxKeys(10).maxKeys(20))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("maxKeys was already set (to 10)");
    assertThatThrownBy(() -> RateLimitHeaders.builder().formats(List.of()))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("formats must name at least one");
    assertThatThrownBy(
            () -> RateLimitPolicy.builder().rule(perMinute("x", 1)).rule(perMinute("x", 2)).build())
        .hasMessageContaining("two rules are named 'x'");
  }

  @Test
  void toString_listsEveryEffectiveSetting() {
    RateLimitRule rule =
        RateLimitRule.builder("login")
            .paths("/login")
            .methods("POST")
            .key(KeyFunction.principal())
            .countOnly(s -> s == 401 || s >= 500)
            .limit(Limit.of("failures", 5, Duration.ofMinutes(15)))
            .skipWhen(r -> false)
            .build();
    assertThat(rule.toString())
        .isEqualTo(
            "RateLimitRule[login, paths=[/login], methods=[POST], key=principal,"
                + " limits=[failures=5/PT15M], cost=1, countOnlyStatuses=401, 5xx,"
                + " skipWhen=custom predicate]");
    assertThat(RateLimitRule.builder("r").limit(Limit.of("m", 1, Duration.ofMinutes(1))).build())
        .hasToString(
            "RateLimitRule[r, paths=every path, methods=every method, key=client,"
                + " limits=[m=1/PT1M], cost=1, countOnlyStatuses=every status]");
    assertThat(InMemoryRateLimitStore.builder().maxKeys(7).build())
        .hasToString("InMemoryRateLimitStore[maxKeys=7, clock=System.nanoTime]");
    assertThat(RateLimitHeaders.builder().partitionKeySecret(new byte[32]).build())
        .hasToString("RateLimitHeaders[formats=ietf, partitionKey=HMAC-SHA256 (secret not shown)]");
  }

  @Test
  void parse_limitText_readsNameCapacityAndPeriod() {
    assertThat(Limit.parse("burst=20/1s")).isEqualTo(Limit.of("burst", 20, Duration.ofSeconds(1)));
    assertThat(Limit.parse(" hourly = 1000 / PT1H "))
        .isEqualTo(Limit.of("hourly", 1000, Duration.ofHours(1)));
    assertThatThrownBy(() -> Limit.parse("20/1s")).hasMessageContaining("name=capacity/period");
    assertThatThrownBy(() -> Limit.parse("a=x/1s")).hasMessageContaining("whole number");
  }

  @Test
  void localStore_idleBucket_expiresAfterTimeToFullAndRestartsFull() {
    InMemoryRateLimitStore store =
        InMemoryRateLimitStore.builder().clock(clock).maxKeys(10).build();
    RateLimiter limiter =
        RateLimiter.builder(RateLimitPolicy.of(perMinute("api", 1)))
            .store(store)
            .events(SecurityEventPublisher.of(events::add))
            .build();
    RateLimitRequest r = Requests.from("192.0.2.1", "GET", "/");
    limiter.evaluate(r);
    assertThat(store.size()).isEqualTo(1);
    clock.advance(Duration.ofSeconds(61));
    assertThat(store.size()).isZero();
    assertThat(limiter.evaluate(r).allowed()).isTrue();
  }

  @Test
  void evaluate_greedyRefill_givesOneUnitBackPerPeriodOverCapacity() {
    RateLimiter limiter = limiter(perMinute("api", 5));
    RateLimitRequest r = Requests.from("192.0.2.1", "GET", "/x");
    for (int i = 0; i < 5; i++) {
      assertThat(limiter.evaluate(r).allowed()).isTrue();
    }
    assertThat(limiter.evaluate(r).retryAfter()).isEqualTo(Duration.ofSeconds(12));
    clock.advance(Duration.ofSeconds(12));
    assertThat(limiter.evaluate(r).allowed()).isTrue();
    assertThat(limiter.evaluate(r).allowed()).isFalse();
  }

  private static RateLimitRule fixedWindow(String name, long n, Duration window) {
    return RateLimitRule.builder(name)
        .limit(Limit.of("window", n, window).withRefill(Limit.Refill.INTERVAL))
        .build();
  }

  @Test
  void evaluate_intervalRefill_givesTheWholeWindowBackAtOnce() {
    RateLimiter limiter = limiter(fixedWindow("api", 5, Duration.ofMinutes(1)));
    RateLimitRequest r = Requests.from("192.0.2.1", "GET", "/x");
    for (int i = 0; i < 5; i++) {
      assertThat(limiter.evaluate(r).allowed()).isTrue();
      clock.advance(Duration.ofSeconds(1));
    }
    // 5 s into the window that the first request opened: nothing comes back until it ends
    RateLimitDecision rejected = limiter.evaluate(r);
    assertThat(rejected.status()).isEqualTo(RateLimitDecision.Status.REJECTED);
    assertThat(rejected.retryAfter()).isEqualTo(Duration.ofSeconds(55));
    assertThat(rejected.limits().get(0).remaining()).isZero();
    assertThat(rejected.limits().get(0).reset()).isEqualTo(Duration.ofSeconds(55));
    clock.advance(Duration.ofSeconds(12)); // a greedy limit would have given one back by now
    assertThat(limiter.evaluate(r).allowed()).isFalse();
    clock.advance(Duration.ofSeconds(43).minusNanos(1));
    assertThat(limiter.evaluate(r).allowed()).isFalse();
    clock.advance(Duration.ofNanos(1)); // the window ends: all 5 at once
    for (int i = 0; i < 5; i++) {
      assertThat(limiter.evaluate(r).allowed()).isTrue();
    }
    assertThat(limiter.evaluate(r).allowed()).isFalse();
  }

  @Test
  void evaluate_intervalRefill_reportsTimeToTheWindowEndNotProportionalToUse() {
    RateLimiter limiter = limiter(fixedWindow("api", 10, Duration.ofMinutes(1)));
    RateLimitRequest r = Requests.from("192.0.2.1", "GET", "/x");
    assertThat(limiter.evaluate(r).limits().get(0).reset()).isEqualTo(Duration.ofMinutes(1));
    clock.advance(Duration.ofSeconds(20));
    RateLimitDecision d = limiter.evaluate(r);
    assertThat(d.limits().get(0).remaining()).isEqualTo(8);
    assertThat(d.limits().get(0).reset()).isEqualTo(Duration.ofSeconds(40));
  }

  @Test
  void evaluate_intervalAndGreedyLimitsInOneRule_eachReportsItsOwnReset() {
    RateLimiter limiter =
        limiter(
            RateLimitRule.builder("api")
                .limit(
                    Limit.of("window", 5, Duration.ofMinutes(1)).withRefill(Limit.Refill.INTERVAL))
                .limit(Limit.of("hourly", 100, Duration.ofHours(1)))
                .build());
    RateLimitRequest r = Requests.from("192.0.2.1", "GET", "/x");
    limiter.evaluate(r);
    clock.advance(Duration.ofSeconds(15));
    RateLimitDecision d = limiter.evaluate(r);
    assertThat(d.limits()).extracting(LimitStatus::remaining).containsExactly(3L, 98L);
    // the window opened 15 s ago; the hourly limit misses 2 units at 36 s each
    assertThat(d.limits().get(0).reset()).isEqualTo(Duration.ofSeconds(45));
    assertThat(d.limits().get(1).reset()).isEqualTo(Duration.ofSeconds(72));
  }

  @Test
  void limit_withRefill_keepsNameCapacityAndPeriod() {
    Limit l = Limit.of("w", 5, Duration.ofMinutes(1)).withRefill(Limit.Refill.INTERVAL);
    assertThat(l.refill()).isEqualTo(Limit.Refill.INTERVAL);
    assertThat(l).isNotEqualTo(Limit.of("w", 5, Duration.ofMinutes(1)));
    assertThat(l.withRefill(Limit.Refill.GREEDY))
        .isEqualTo(Limit.of("w", 5, Duration.ofMinutes(1)));
    assertThat(Limit.parse("w=5/1m").refill()).isEqualTo(Limit.Refill.GREEDY);
    assertThatThrownBy(() -> Limit.of("w", 5, Duration.ofMinutes(1)).withRefill(null))
        .isInstanceOf(NullPointerException.class);
  }
}
