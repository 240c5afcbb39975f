package dev.bulwark.ratelimit.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.event.SecurityEvent;
import dev.bulwark.event.SecurityEventPublisher;
import dev.bulwark.ratelimit.FailurePolicy;
import dev.bulwark.ratelimit.Limit;
import dev.bulwark.ratelimit.RateLimitDecision;
import dev.bulwark.ratelimit.RateLimitEvents;
import dev.bulwark.ratelimit.RateLimitPolicy;
import dev.bulwark.ratelimit.RateLimitRule;
import dev.bulwark.ratelimit.RateLimiter;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import redis.embedded.RedisServer;

class RedisRateLimitStoreTest {

  private final List<SecurityEvent> events = Collections.synchronizedList(new ArrayList<>());

  private RateLimiter limiter(RedisRateLimitStore store) {
    return RateLimiter.builder(
            RateLimitPolicy.of(
                RateLimitRule.builder("api")
                    .limit(Limit.of("burst", 10, Duration.ofMinutes(1)))
                    .limit(Limit.of("hourly", 100, Duration.ofHours(1)))
                    .build()))
        .store(store)
        .events(SecurityEventPublisher.of(events::add))
        .build();
  }

  @Test
  void storedKey_expiresAfterItsRefillTime() throws Exception {
    try (EmbeddedRedis redis = new EmbeddedRedis();
        RateLimiter limiter =
            limiter(RedisRateLimitStore.builder(redis.uri()).keyPrefix("t:").build())) {
      assertThat(limiter.evaluate("api", "ip:192.0.2.1").allowed()).isTrue();
      RedisClient client = RedisClient.create(redis.uri());
      try (StatefulRedisConnection<String, String> c = client.connect()) {
        long ttlMillis = c.sync().pttl("t:api:ip:192.0.2.1");
        // refilling one unit of the hourly limit takes 36 s, plus the 10 s margin
        assertThat(ttlMillis).isPositive().isLessThanOrEqualTo(Duration.ofSeconds(46).toMillis());
      } finally {
        client.shutdown();
      }
    }
  }

  @Test
  void redisDown_failsClosedByDefault_withBackendErrorEvent() throws Exception {
    EmbeddedRedis redis = new EmbeddedRedis();
    try (RateLimiter limiter =
        limiter(
            RedisRateLimitStore.builder(redis.uri())
                .requestTimeout(Duration.ofMillis(300))
                .build())) {
      assertThat(limiter.evaluate("api", "ip:192.0.2.1").status())
          .isEqualTo(RateLimitDecision.Status.ALLOWED);
      redis.stop();
      RateLimitDecision d = limiter.evaluate("api", "ip:192.0.2.1");
      assertThat(d.status()).isEqualTo(RateLimitDecision.Status.FAILED_CLOSED);
      assertThat(d.allowed()).isFalse();
      assertThat(d.retryAfterSeconds()).isPositive();
      assertThat(events).extracting(SecurityEvent::type).contains(RateLimitEvents.BACKEND_ERROR);
      assertThat(events.get(events.size() - 1).details()).containsEntry("policy", "fail-closed");
    } finally {
      redis.close();
    }
  }

  @Test
  void redisDown_failOpenWhenChosen_letsRequestsThroughAndSaysSo() throws Exception {
    EmbeddedRedis redis = new EmbeddedRedis();
    try (RateLimiter limiter =
        limiter(
            RedisRateLimitStore.builder(redis.uri())
                .requestTimeout(Duration.ofMillis(300))
                .failurePolicy(FailurePolicy.FAIL_OPEN)
                .build())) {
      assertThat(limiter.evaluate("api", "ip:192.0.2.1").allowed()).isTrue();
      redis.stop();
      RateLimitDecision d = limiter.evaluate("api", "ip:192.0.2.1");
      assertThat(d.status()).isEqualTo(RateLimitDecision.Status.FAILED_OPEN);
      assertThat(d.allowed()).isTrue();
      assertThat(events.get(events.size() - 1).details()).containsEntry("policy", "fail-open");
    } finally {
      redis.close();
    }
  }

  @Test
  void redisBack_decisionsRecoverWithoutRestartingTheApplication() throws Exception {
    EmbeddedRedis redis = new EmbeddedRedis();
    try (RateLimiter limiter =
        limiter(
            RedisRateLimitStore.builder(redis.uri())
                .requestTimeout(Duration.ofMillis(300))
                .build())) {
      assertThat(limiter.evaluate("api", "ip:192.0.2.1").allowed()).isTrue();
      redis.stop();
      assertThat(limiter.evaluate("api", "ip:192.0.2.1").status())
          .isEqualTo(RateLimitDecision.Status.FAILED_CLOSED);
      RedisServer again = new RedisServer(redis.port);
      again.start();
      try {
        // Lettuce reconnects on its own; DESIGN.md allows 30 s. No sleep: each failed decision
        // returns at once (commands are rejected while disconnected) or after the request timeout.
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        RateLimitDecision d;
        do {
          d = limiter.evaluate("api", "ip:192.0.2.1");
        } while (d.status() != RateLimitDecision.Status.ALLOWED && System.nanoTime() < deadline);
        assertThat(d.status()).isEqualTo(RateLimitDecision.Status.ALLOWED);
      } finally {
        again.stop();
      }
    } finally {
      redis.close();
    }
  }

  @Test
  void redisUnreachableAtStartUp_buildsAndFailsPerPolicyInsteadOfThrowing() throws Exception {
    int nothingListens = EmbeddedRedis.freePort();
    try (RateLimiter limiter =
        limiter(
            RedisRateLimitStore.builder("redis://127.0.0.1:" + nothingListens)
                .requestTimeout(Duration.ofMillis(200))
                .build())) {
      assertThat(limiter.evaluate("api", "ip:192.0.2.1").status())
          .isEqualTo(RateLimitDecision.Status.FAILED_CLOSED);
      // within the reconnect interval the next decision fails fast, still closed
      assertThat(limiter.evaluate("api", "ip:192.0.2.1").status())
          .isEqualTo(RateLimitDecision.Status.FAILED_CLOSED);
    }
  }

  @Test
  void build_invalidSettings_failNamingTheSetting() {
    assertThatThrownBy(
            () -> RedisRateLimitStore.builder("redis://x").requestTimeout(Duration.ofMinutes(5)))
        .hasMessageContaining("requestTimeout must be between");
    assertThatThrownBy(() -> RedisRateLimitStore.builder("redis://x").keyPrefix("a b"))
        .hasMessageContaining("keyPrefix");
  }
}
