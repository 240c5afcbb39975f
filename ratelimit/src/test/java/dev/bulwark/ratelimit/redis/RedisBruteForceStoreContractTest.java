package dev.bulwark.ratelimit.redis;

import dev.bulwark.ratelimit.BruteForceStore;
import dev.bulwark.ratelimit.BruteForceStoreContract;
import dev.bulwark.testing.MutableClock;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

class RedisBruteForceStoreContractTest extends BruteForceStoreContract {

  private static EmbeddedRedis redis;

  /** One prefix per test: the tests share the server but not their keys. */
  private final String prefix = "t" + UUID.randomUUID().toString().substring(0, 8) + ":";

  @BeforeAll
  static void startRedis() throws Exception {
    redis = new EmbeddedRedis();
  }

  @AfterAll
  static void stopRedis() throws Exception {
    redis.close();
  }

  @Override
  protected BruteForceStore newStore(MutableClock clock) {
    return RedisBruteForceStore.builder(redis.uri())
        .keyPrefix(prefix)
        .requestTimeout(Duration.ofSeconds(5))
        .build();
  }

  @Override
  protected boolean sharesStateBetweenInstances() {
    return true;
  }
}
