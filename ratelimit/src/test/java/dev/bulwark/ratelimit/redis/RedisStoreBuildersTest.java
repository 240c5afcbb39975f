package dev.bulwark.ratelimit.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.ratelimit.FailurePolicy;
import dev.bulwark.web.ConfigurationException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Both Redis store builders follow one discipline and describe themselves without secrets. */
class RedisStoreBuildersTest {

  @Test
  void builders_secondCall_failsNamingTheSettingAndItsEarlierValue() {
    assertThatThrownBy(
            () ->
                RedisRateLimitStore.builder("redis://x")
                    .requestTimeout(Duration.ofMillis(200))
                    .requestTimeout(Duration.ofMillis(300)))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage(
            "RedisRateLimitStore.Builder: requestTimeout was already set (to PT0.2S); each"
                + " setting may be given once");
    assertThatThrownBy(
            () ->
                RedisBruteForceStore.builder("redis://x")
                    .failurePolicy(FailurePolicy.FAIL_OPEN)
                    .failurePolicy(FailurePolicy.FAIL_CLOSED))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("RedisBruteForceStore.Builder: failurePolicy was already set");
  }

  @Test
  void builders_badValues_failWithConfigurationExceptionNamingTheSetting() {
    assertThatThrownBy(() -> RedisRateLimitStore.builder("redis://x").maxCachedKeys(0))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("maxCachedKeys must be between 1 and 10000000 (was 0)");
    assertThatThrownBy(
            () -> RedisBruteForceStore.builder("redis://x").reconnectInterval(Duration.ZERO))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("reconnectInterval must be between 10ms and 30s (was PT0S)");
  }

  @Test
  void builder_unparsableUri_failsWithoutRepeatingIt() {
    assertThatThrownBy(() -> RedisBruteForceStore.builder("redis://:s3cret@[bad"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("the Redis URI does not parse")
        .hasMessageNotContaining("s3cret");
  }

  @Test
  void toString_listsEverySetting_neverTheCredentials() {
    try (RedisRateLimitStore rl =
            RedisRateLimitStore.builder("redis://user:s3cret@redis.example:6380/2")
                .keyPrefix("app:rl:")
                .failurePolicy(FailurePolicy.FAIL_OPEN)
                .withoutBatching()
                .build();
        RedisBruteForceStore bf =
            RedisBruteForceStore.builder("rediss://:s3cret@redis.example").build()) {
      assertThat(rl.toString())
          .isEqualTo(
              "RedisRateLimitStore[redis=redis://redis.example:6380/2, keyPrefix=app:rl:,"
                  + " requestTimeout=PT0.5S, reconnectInterval=PT1S, failurePolicy=FAIL_OPEN,"
                  + " withoutBatching, maxCachedKeys=100000]");
      assertThat(bf.toString())
          .isEqualTo(
              "RedisBruteForceStore[redis=rediss://redis.example:6379/0, keyPrefix=bulwark:bf:,"
                  + " requestTimeout=PT0.5S, reconnectInterval=PT1S, failurePolicy=FAIL_CLOSED]");
    }
  }
}
