package dev.bulwark.ratelimit.redis;

import dev.bulwark.ratelimit.RateLimitStore;
import dev.bulwark.ratelimit.RateLimitStoreContract;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

class RedisRateLimitStoreContractTest extends RateLimitStoreContract {

  private static EmbeddedRedis redis;

  @BeforeAll
  static void startRedis() throws Exception {
    redis = new EmbeddedRedis();
  }

  @AfterAll
  static void stopRedis() throws Exception {
    redis.close();
  }

  @Override
  protected RateLimitStore newStore() {
    return RedisRateLimitStore.builder(redis.uri()).requestTimeout(Duration.ofSeconds(5)).build();
  }

  @Override
  protected boolean sharesStateBetweenInstances() {
    return true;
  }
}
