package dev.bulwark.ratelimit.redis;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.bulwark.ratelimit.FailurePolicy;
import dev.bulwark.ratelimit.RateLimitStore;
import dev.bulwark.web.ConfigurationException;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.RemoteBucketBuilder;
import io.github.bucket4j.distributed.proxy.optimization.Optimizations;
import io.github.bucket4j.redis.lettuce.Bucket4jLettuce;
import io.github.bucket4j.redis.lettuce.cas.LettuceBasedProxyManager;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Budgets in Redis, shared by every application instance that uses the same server and key prefix:
 * one limit for the whole service, as a client sees it.
 *
 * <p>Built on Bucket4j's Lettuce proxy manager (compare-and-swap per key), with:
 *
 * <ul>
 *   <li><b>Expiry from refill time.</b> Each key expires when its bucket would be full again, plus
 *       a small margin, so Redis holds only the buckets of clients active within their longest
 *       period.
 *   <li><b>Batching for hot keys</b> (on by default). Under contention on one key, Bucket4j's CAS
 *       loop collapses (about 2,000 decisions per second with 16 threads on one key, measured);
 *       with batching, concurrent requests of this instance for the same key are combined into one
 *       round trip, with the same exactness. The bucket proxies that carry the batches are held in
 *       a bounded local map ({@link Builder#maxCachedKeys(long)}).
 *   <li><b>A request timeout</b> (500 ms by default), after which the decision counts as a backend
 *       failure.
 *   <li><b>An explicit {@link FailurePolicy}</b> when Redis is unreachable or too slow: {@link
 *       FailurePolicy#FAIL_CLOSED} by default (503 with {@code Retry-After}), because a control
 *       that silently switches itself off is what an attacker can provoke, and it also stops the
 *       brute-force and abuse limits; choose {@link FailurePolicy#FAIL_OPEN} when the limit only
 *       protects capacity. Every failed decision publishes a {@code ratelimit.backend.error} event
 *       either way.
 * </ul>
 *
 * <p>The connection is opened on first use, not when the store is built, so an instance starts
 * while Redis is down; while it stays down, a new connection is attempted at most once per {@link
 * Builder#reconnectInterval(Duration) reconnect interval} (decisions in between fail fast), and an
 * open connection reconnects by itself (Lettuce). Commands are rejected, not queued, while
 * disconnected, so an outage cannot pile requests up in memory.
 *
 * <p>Keys are {@code prefix + rule + ":" + key}, where the key may hold a client address: protect
 * Redis like any store of personal data. Thread-safe.
 *
 * <pre>{@code
 * RedisRateLimitStore store = RedisRateLimitStore.builder("redis://redis:6379").build();
 * RateLimiter limiter = RateLimiter.builder(policy).store(store).build();
 * }</pre>
 */
public final class RedisRateLimitStore implements RateLimitStore {

  /** The default key prefix. */
  public static final String DEFAULT_PREFIX = "bulwark:rl:";

  private static final String NAME = "RedisRateLimitStore";
  private static final String EXAMPLE_PREFIX = "myapp:rl:";
  private static final String SLOW = "a slow limiter slows every request";

  private final RedisClient client;
  private final boolean ownsClient;
  private final byte[] prefix;
  private final boolean batching;
  private final FailurePolicy failurePolicy;
  private final long maxCachedKeys;
  private final String description;
  private final Cache<String, Bucket> proxies;
  private final LazyConnection<Connected> connection;

  private record Connected(
      StatefulRedisConnection<byte[], byte[]> connection,
      LettuceBasedProxyManager<byte[]> manager) {}

  private RedisRateLimitStore(Builder b) {
    RedisSettings common = b.common;
    this.client = common.client();
    this.ownsClient = common.ownsClient();
    this.prefix = common.keyPrefix.getBytes(StandardCharsets.UTF_8);
    this.batching = b.batching;
    this.failurePolicy = common.failurePolicy;
    this.maxCachedKeys = b.maxCachedKeys;
    this.description = common.describe();
    Duration requestTimeout = common.requestTimeout;
    this.proxies =
        Caffeine.newBuilder()
            .maximumSize(b.maxCachedKeys)
            .expireAfterAccess(Duration.ofMinutes(10))
            .build();
    this.connection =
        new LazyConnection<>(
            "Redis rate-limit store",
            () -> {
              StatefulRedisConnection<byte[], byte[]> conn =
                  client.connect(ByteArrayCodec.INSTANCE);
              conn.setTimeout(requestTimeout);
              return new Connected(
                  conn,
                  Bucket4jLettuce.casBasedBuilder(conn)
                      .expirationAfterWrite(
                          ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(
                              Duration.ofSeconds(10)))
                      .requestTimeout(requestTimeout)
                      .build());
            },
            common.reconnectInterval,
            common.nanoTime,
            // the limiter applies the failure policy to any exception; this one says why
            (message, cause) ->
                cause == null ? new RedisException(message) : new RedisException(message, cause));
  }

  /**
   * A builder for a store on a Redis URI; the store creates, configures and closes its own client
   * (commands rejected while disconnected, connect timeout and command timeout from the request
   * timeout).
   *
   * @param redisUri such as {@code redis://redis:6379} or {@code rediss://user:pass@host:6380/0}
   * @return a builder
   * @throws ConfigurationException when the URI does not parse (the message does not repeat it: it
   *     may hold a password)
   */
  public static Builder builder(String redisUri) {
    return new Builder(
        RedisSettings.ofUri(NAME + ".Builder", redisUri, DEFAULT_PREFIX, EXAMPLE_PREFIX, SLOW));
  }

  /**
   * A builder for a store on a client the application owns and closes. Configure it to reject
   * commands while disconnected ({@code ClientOptions.DisconnectedBehavior.REJECT_COMMANDS}), or
   * commands queue in memory during an outage.
   *
   * @param client the client
   * @return a builder
   */
  public static Builder builder(RedisClient client) {
    return new Builder(
        RedisSettings.ofClient(NAME + ".Builder", client, DEFAULT_PREFIX, EXAMPLE_PREFIX, SLOW));
  }

  @Override
  public Bucket bucket(String key, BucketConfiguration configuration, Duration timeToFull) {
    Connected c = connection.get();
    return proxies.get(
        key,
        k -> {
          byte[] kb = k.getBytes(StandardCharsets.UTF_8);
          byte[] full = new byte[prefix.length + kb.length];
          System.arraycopy(prefix, 0, full, 0, prefix.length);
          System.arraycopy(kb, 0, full, prefix.length, kb.length);
          RemoteBucketBuilder<byte[]> rb = c.manager().builder();
          if (batching) {
            rb = rb.withOptimization(Optimizations.batching());
          }
          return rb.build(full, () -> configuration);
        });
  }

  @Override
  public FailurePolicy failurePolicy() {
    return failurePolicy;
  }

  /** Closes the connection, and the client when the store created it. */
  @Override
  public synchronized void close() {
    Connected c = connection.close();
    proxies.invalidateAll();
    if (c != null) {
      c.connection().close();
    }
    if (ownsClient) {
      client.shutdown();
    }
  }

  /** Every effective setting; the URI's credentials are never shown. */
  @Override
  public String toString() {
    return NAME
        + "["
        + description
        + ", "
        + (batching ? "batching" : "withoutBatching")
        + ", maxCachedKeys="
        + maxCachedKeys
        + "]";
  }

  /**
   * Builder for {@link RedisRateLimitStore}, with the same setters as {@link
   * RedisBruteForceStore.Builder}. Each setting is checked when set and may be set once; every
   * failure is a {@link ConfigurationException} naming the setting. Not thread-safe.
   */
  public static final class Builder {
    private final RedisSettings common;
    private boolean batching = true;
    private long maxCachedKeys = 100_000;

    private Builder(RedisSettings common) {
      this.common = common;
    }

    /**
     * The prefix of every Redis key; {@code bulwark:rl:} by default. Instances that must share
     * budgets must use the same prefix.
     *
     * @param prefix 1–64 printable ASCII characters without spaces
     * @return this builder
     * @throws ConfigurationException when malformed or already set
     */
    public Builder keyPrefix(String prefix) {
      common.keyPrefix(prefix);
      return this;
    }

    /**
     * How long a decision may wait for Redis before it counts as a failure.
     *
     * @param timeout 1 ms to 30 s; 500 ms by default
     * @return this builder
     * @throws ConfigurationException when out of range or already set
     */
    public Builder requestTimeout(Duration timeout) {
      common.requestTimeout(timeout);
      return this;
    }

    /**
     * The least time between two connection attempts while Redis is unreachable.
     *
     * @param interval 10 ms to 30 s; 1 s by default
     * @return this builder
     * @throws ConfigurationException when out of range or already set
     */
    public Builder reconnectInterval(Duration interval) {
      common.reconnectInterval(interval);
      return this;
    }

    /**
     * What to do when Redis fails; {@link FailurePolicy#FAIL_CLOSED} by default.
     *
     * @param policy the policy
     * @return this builder
     * @throws ConfigurationException when already set
     */
    public Builder failurePolicy(FailurePolicy policy) {
      common.failurePolicy(policy);
      return this;
    }

    /**
     * Turns off Bucket4j's batching of concurrent requests for the same key. Only for measuring its
     * effect: without it, a hot key degrades sharply under contention.
     *
     * @return this builder
     * @throws ConfigurationException when already called
     */
    public Builder withoutBatching() {
      common.once("withoutBatching", true);
      this.batching = false;
      return this;
    }

    /**
     * The most bucket proxies held locally (they carry the batching state of hot keys; the budgets
     * themselves are in Redis).
     *
     * @param max 1 to 10,000,000; 100,000 by default
     * @return this builder
     * @throws ConfigurationException when out of range or already set
     */
    public Builder maxCachedKeys(long max) {
      if (max < 1 || max > 10_000_000) {
        throw new ConfigurationException(
            NAME + ".Builder: maxCachedKeys must be between 1 and 10000000 (was " + max + ")");
      }
      common.once("maxCachedKeys", max);
      this.maxCachedKeys = max;
      return this;
    }

    /** Tests only: the monotonic clock of the reconnect back-off. */
    Builder nanoTime(LongSupplier nanoTime) {
      common.nanoTime(nanoTime);
      return this;
    }

    /**
     * Builds the store. No connection is made until the first decision.
     *
     * @return the store
     */
    public RedisRateLimitStore build() {
      return new RedisRateLimitStore(this);
    }
  }
}
