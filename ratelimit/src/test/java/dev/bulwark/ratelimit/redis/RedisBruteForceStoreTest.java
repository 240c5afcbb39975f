package dev.bulwark.ratelimit.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.event.Outcome;
import dev.bulwark.event.SecurityEvent;
import dev.bulwark.event.SecurityEventPublisher;
import dev.bulwark.ratelimit.BruteForceGuard;
import dev.bulwark.ratelimit.BruteForcePolicy;
import dev.bulwark.ratelimit.BruteForceStore;
import dev.bulwark.ratelimit.BruteForceStoreException;
import dev.bulwark.ratelimit.BruteForceVerdict;
import dev.bulwark.ratelimit.BruteForceVerdict.Action;
import dev.bulwark.ratelimit.FailurePolicy;
import dev.bulwark.ratelimit.RateLimitEvents;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import redis.embedded.RedisServer;

/** What only the Redis store has: real keys, their expiry, and outages. */
class RedisBruteForceStoreTest {

  private final List<SecurityEvent> events = Collections.synchronizedList(new ArrayList<>());

  private BruteForceGuard guard(BruteForceStore store, BruteForcePolicy.Builder policy) {
    return BruteForceGuard.create(policy.build(), SecurityEventPublisher.of(events::add), store);
  }

  private static BruteForcePolicy.Builder withBans() {
    return BruteForcePolicy.builder()
        .maxUsernameFailures(3)
        .maxClientFailures(4)
        .lockDuration(Duration.ofMinutes(15), Duration.ofHours(24))
        .banClients(10, Duration.ofHours(1), Duration.ofHours(6));
  }

  @Test
  void everyKey_isPrefixed_hasATimeToLive_andLongUsernamesAreHashed() throws Exception {
    try (EmbeddedRedis redis = new EmbeddedRedis();
        RedisBruteForceStore store = RedisBruteForceStore.builder(redis.uri()).build()) {
      BruteForceGuard g = guard(store, withBans());
      String longName = "l".repeat(5_000);
      for (int i = 0; i < 4; i++) {
        g.recordFailure("alice", "198.51.100.1");
        g.recordFailure(longName, "198.51.100.1");
      }
      assertThat(g.check("alice", "198.51.100.2").action())
          .isEqualTo(Action.REJECT_AS_INVALID_CREDENTIALS);
      assertThat(g.check("bob", "198.51.100.1").action()).isEqualTo(Action.REJECT_CLIENT);
      RedisClient client = RedisClient.create(redis.uri());
      try (StatefulRedisConnection<String, String> c = client.connect()) {
        RedisCommands<String, String> redisCommands = c.sync();
        List<String> keys = redisCommands.keys("*");
        assertThat(keys)
            .contains(
                "bulwark:bf:u:alice", "bulwark:bf:c:198.51.100.1", "bulwark:bf:b:198.51.100.1")
            .hasSize(4)
            .allSatisfy(k -> assertThat(k).startsWith("bulwark:bf:").hasSizeLessThan(160))
            .anySatisfy(k -> assertThat(k).startsWith("bulwark:bf:u:sha256:"));
        long usernameRetention =
            Duration.ofMinutes(15).plus(Duration.ofHours(24)).plusSeconds(11).toMillis();
        for (String k : keys) {
          long ttl = redisCommands.pttl(k);
          long max =
              k.startsWith("bulwark:bf:b:")
                  ? Duration.ofHours(7).plusSeconds(11).toMillis()
                  : usernameRetention;
          assertThat(ttl).as("PTTL of %s", k).isPositive().isLessThanOrEqualTo(max);
        }
        // a read never creates a key
        g.check("carol", "203.0.113.7");
        assertThat(redisCommands.keys("*")).hasSize(4);
      } finally {
        client.shutdown();
      }
    }
  }

  @Test
  void aLockValueThatIsNotANumber_isAStoreFailure_soTheGuardFailsClosed() throws Exception {
    try (EmbeddedRedis redis = new EmbeddedRedis();
        RedisBruteForceStore store = RedisBruteForceStore.builder(redis.uri()).build()) {
      BruteForceGuard g = guard(store, BruteForcePolicy.builder().maxUsernameFailures(2));
      RedisClient client = RedisClient.create(redis.uri());
      try (StatefulRedisConnection<String, String> c = client.connect()) {
        c.sync().hset("bulwark:bf:u:alice", "until", "not-a-number");
      } finally {
        client.shutdown();
      }
      assertThat(g.check("alice", "198.51.100.1").action()).isEqualTo(Action.UNAVAILABLE);
      assertThat(events)
          .extracting(SecurityEvent::type)
          .contains(RateLimitEvents.BRUTE_FORCE_BACKEND_ERROR);
    }
  }

  @Test
  void scriptMissingOnTheServer_isLoadedAgain() throws Exception {
    try (EmbeddedRedis redis = new EmbeddedRedis();
        RedisBruteForceStore store = RedisBruteForceStore.builder(redis.uri()).build()) {
      BruteForceGuard g = guard(store, BruteForcePolicy.builder().maxUsernameFailures(2));
      g.recordFailure("alice", "198.51.100.1");
      RedisClient client = RedisClient.create(redis.uri());
      try (StatefulRedisConnection<String, String> c = client.connect()) {
        c.sync().scriptFlush();
      } finally {
        client.shutdown();
      }
      g.recordFailure("alice", "198.51.100.1");
      assertThat(g.check("alice", "198.51.100.1").action())
          .isEqualTo(Action.REJECT_AS_INVALID_CREDENTIALS);
      assertThat(events).extracting(SecurityEvent::type).containsExactly(RateLimitEvents.LOCKED);
    }
  }

  @Test
  void redisDown_failsClosedByDefault_withABackendErrorEvent_andNothingThrows() throws Exception {
    EmbeddedRedis redis = new EmbeddedRedis();
    try (RedisBruteForceStore store =
        RedisBruteForceStore.builder(redis.uri()).requestTimeout(Duration.ofMillis(300)).build()) {
      BruteForceGuard g = guard(store, BruteForcePolicy.builder());
      assertThat(g.check("alice", "198.51.100.1").action()).isEqualTo(Action.PROCEED);
      redis.stop();
      BruteForceVerdict v = g.check("alice", "198.51.100.1");
      assertThat(v.action()).isEqualTo(Action.UNAVAILABLE);
      assertThat(v.retryAfterSeconds()).isPositive();
      g.recordFailure("alice", "198.51.100.1");
      g.recordSuccess("alice", "198.51.100.1");
      assertThat(events)
          .hasSize(3)
          .allSatisfy(
              e -> {
                assertThat(e.type()).isEqualTo(RateLimitEvents.BRUTE_FORCE_BACKEND_ERROR);
                assertThat(e.outcome()).isEqualTo(Outcome.ERROR);
                assertThat(e.details())
                    .containsEntry("policy", "fail-closed")
                    .containsEntry("error", BruteForceStoreException.class.getName());
              })
          .extracting(e -> e.details().get("operation"))
          .containsExactly("check", "record-failure", "record-success");
    } finally {
      redis.close();
    }
  }

  @Test
  void redisDown_failOpenWhenChosen_proceedsAndSaysSo() throws Exception {
    EmbeddedRedis redis = new EmbeddedRedis();
    try (RedisBruteForceStore store =
        RedisBruteForceStore.builder(redis.uri())
            .requestTimeout(Duration.ofMillis(300))
            .failurePolicy(FailurePolicy.FAIL_OPEN)
            .build()) {
      BruteForceGuard g = guard(store, BruteForcePolicy.builder().maxUsernameFailures(1));
      redis.stop();
      assertThat(g.check("alice", "198.51.100.1").action()).isEqualTo(Action.PROCEED);
      g.recordFailure("alice", "198.51.100.1");
      assertThat(g.check("alice", "198.51.100.1").action()).isEqualTo(Action.PROCEED);
      assertThat(events)
          .extracting(SecurityEvent::type)
          .containsOnly(RateLimitEvents.BRUTE_FORCE_BACKEND_ERROR);
      assertThat(events.get(events.size() - 1).details()).containsEntry("policy", "fail-open");
    } finally {
      redis.close();
    }
  }

  @Test
  void redisUnreachableAtStartUp_buildsAndFailsClosedInsteadOfThrowing() throws Exception {
    int nothingListens = EmbeddedRedis.freePort();
    try (RedisBruteForceStore store =
        RedisBruteForceStore.builder("redis://127.0.0.1:" + nothingListens)
            .requestTimeout(Duration.ofMillis(200))
            .build()) {
      BruteForceGuard g = guard(store, BruteForcePolicy.builder());
      assertThat(g.check("alice", "198.51.100.1").action()).isEqualTo(Action.UNAVAILABLE);
      // within the reconnect interval the next check fails fast, still closed
      assertThat(g.check("alice", "198.51.100.1").action()).isEqualTo(Action.UNAVAILABLE);
      assertThatThrownBy(() -> store.lockedFor(BruteForceStore.Kind.USERNAME, "a", Instant.now()))
          .isInstanceOf(BruteForceStoreException.class);
    }
  }

  @Test
  void redisBack_checksRecoverWithoutRestartingTheApplication() throws Exception {
    EmbeddedRedis redis = new EmbeddedRedis();
    try (RedisBruteForceStore store =
        RedisBruteForceStore.builder(redis.uri()).requestTimeout(Duration.ofMillis(300)).build()) {
      BruteForceGuard g = guard(store, BruteForcePolicy.builder());
      assertThat(g.check("alice", "198.51.100.1").action()).isEqualTo(Action.PROCEED);
      redis.stop();
      assertThat(g.check("alice", "198.51.100.1").action()).isEqualTo(Action.UNAVAILABLE);
      RedisServer again = new RedisServer(redis.port);
      again.start();
      try {
        // Lettuce reconnects on its own; each failed check returns at once or after the timeout
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        Action a;
        do {
          a = g.check("alice", "198.51.100.1").action();
        } while (a != Action.PROCEED && System.nanoTime() < deadline);
        assertThat(a).isEqualTo(Action.PROCEED);
      } finally {
        again.stop();
      }
    } finally {
      redis.close();
    }
  }

  @Test
  void build_invalidSettings_failNamingTheSetting() {
    assertThatThrownBy(
            () -> RedisBruteForceStore.builder("redis://x").requestTimeout(Duration.ofMinutes(5)))
        .hasMessageContaining("requestTimeout must be between");
    assertThatThrownBy(() -> RedisBruteForceStore.builder("redis://x").keyPrefix("has space"))
        .hasMessageContaining("keyPrefix");
    assertThatThrownBy(
            () -> RedisBruteForceStore.builder("redis://x").reconnectInterval(Duration.ZERO))
        .hasMessageContaining("reconnectInterval");
  }
}
