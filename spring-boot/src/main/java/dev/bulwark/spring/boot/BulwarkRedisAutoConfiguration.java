package dev.bulwark.spring.boot;

import dev.bulwark.jwt.AccessTokenDenylist;
import dev.bulwark.jwt.RefreshTokenStore;
import dev.bulwark.jwt.store.RedisAccessTokenDenylist;
import dev.bulwark.jwt.store.RedisRefreshTokenStore;
import dev.bulwark.ratelimit.BruteForceStore;
import dev.bulwark.ratelimit.RateLimitStore;
import dev.bulwark.ratelimit.redis.RedisBruteForceStore;
import dev.bulwark.ratelimit.redis.RedisRateLimitStore;
import dev.bulwark.web.ConfigurationException;
import dev.bulwark.web.Settings;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Shared state on Redis, switched on by {@code bulwark.redis.url} when Lettuce is on the class
 * path: the rate-limit buckets, the brute-force counts and locks, the refresh-token families and
 * the access-token denylist, so that every instance of the application enforces one limit, one lock
 * and one revocation. Each store is {@code @ConditionalOnMissingBean}: a store bean of the
 * application (a JDBC one, say) still wins. With Spring Boot's health support, the indicator {@code
 * bulwarkRedis} answers DOWN when Redis does not answer {@code PING}; add it to the readiness group
 * ({@code management.endpoint.health.group.readiness.include=readinessState,bulwarkRedis}) so that
 * an instance that cannot reach Redis is taken out of the load balancer.
 *
 * <p>The stores fail closed: a request whose limit or revocation cannot be checked is refused
 * (503), never let through.
 */
@AutoConfiguration(before = {BulwarkAutoConfiguration.class, BulwarkJwtAutoConfiguration.class})
@ConditionalOnClass({RedisClient.class, RedisRateLimitStore.class})
@ConditionalOnProperty(prefix = "bulwark.redis", name = "url")
public class BulwarkRedisAutoConfiguration {

  /** Created by Spring. */
  public BulwarkRedisAutoConfiguration() {}

  /**
   * The Lettuce client every Bulwark store shares, shut down with the context.
   *
   * @param p the properties
   * @return the client
   * @throws ConfigurationException when the URI does not parse (the value is never shown)
   */
  @Bean(destroyMethod = "shutdown")
  @ConditionalOnMissingBean(name = "bulwarkRedisClient")
  public RedisClient bulwarkRedisClient(BulwarkProperties p) {
    BulwarkProperties.Redis redis = p.getRedis();
    String url = String.valueOf(redis.getUrl());
    RedisURI uri;
    try {
      uri = RedisURI.create(url);
    } catch (RuntimeException e) {
      throw new ConfigurationException(
          "'bulwark.redis': setting 'url' does not parse (value not shown: it may hold a password);"
              + " use redis://host:6379 or rediss://user:password@host:6380/0");
    }
    uri.setTimeout(timeout(redis));
    return RedisClient.create(uri);
  }

  private static Duration timeout(BulwarkProperties.Redis redis) {
    String t = redis.getTimeout();
    if (t == null) {
      return Duration.ofMillis(500);
    }
    Settings settings = PropertySettings.of("redis", java.util.Map.of());
    return settings.build(
        () -> {
          try {
            return Settings.duration(t);
          } catch (IllegalArgumentException e) {
            throw new ConfigurationException(
                "setting 'timeout' has an invalid value '" + t + "': " + e.getMessage(), e);
          }
        });
  }

  /**
   * The connection the token stores use, closed with the context.
   *
   * @param client the client
   * @return a String connection
   * @throws ConfigurationException when Redis cannot be reached at start-up
   */
  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean(name = "bulwarkRedisConnection")
  public StatefulRedisConnection<String, String> bulwarkRedisConnection(RedisClient client) {
    try {
      return client.connect();
    } catch (RuntimeException e) {
      throw new ConfigurationException(
          "'bulwark.redis': setting 'url': Redis did not answer ("
              + e.getClass().getSimpleName()
              + "); start Redis or correct the URL",
          e);
    }
  }

  /**
   * Rate-limit buckets on Redis.
   *
   * @param client the client
   * @return the store
   */
  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean
  public RateLimitStore bulwarkRedisRateLimitStore(RedisClient client) {
    return RedisRateLimitStore.builder(client).build();
  }

  /**
   * Brute-force failures and locks on Redis.
   *
   * @param client the client
   * @return the store
   */
  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean
  public BruteForceStore bulwarkRedisBruteForceStore(RedisClient client) {
    return RedisBruteForceStore.builder(client).build();
  }

  /**
   * Refresh-token families on Redis.
   *
   * @param connection the connection
   * @return the store
   */
  @Bean
  @ConditionalOnMissingBean
  public RefreshTokenStore bulwarkRedisRefreshTokenStore(
      StatefulRedisConnection<String, String> connection) {
    return RedisRefreshTokenStore.create(connection);
  }

  /**
   * The access-token denylist on Redis.
   *
   * @param connection the connection
   * @return the denylist
   */
  @Bean
  @ConditionalOnMissingBean
  public AccessTokenDenylist bulwarkRedisAccessTokenDenylist(
      StatefulRedisConnection<String, String> connection) {
    return RedisAccessTokenDenylist.create(connection, "bulwark:denylist:");
  }

  /** The health indicator, with Spring Boot's health support on the class path. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(HealthIndicator.class)
  static class RedisHealth {

    @Bean
    @ConditionalOnMissingBean(name = "bulwarkRedis")
    HealthIndicator bulwarkRedis(StatefulRedisConnection<String, String> connection) {
      return () -> {
        try {
          String pong = connection.sync().ping();
          return "PONG".equals(pong)
              ? Health.up().build()
              : Health.down().withDetail("ping", String.valueOf(pong)).build();
        } catch (RuntimeException e) {
          // the exception's class only: its message may name the host and port
          return Health.down().withDetail("error", e.getClass().getSimpleName()).build();
        }
      };
    }
  }
}
