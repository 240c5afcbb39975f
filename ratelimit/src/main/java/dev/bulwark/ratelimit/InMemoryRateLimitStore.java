package dev.bulwark.ratelimit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.bulwark.ratelimit.internal.ClockTime;
import dev.bulwark.web.ConfigurationException;
import dev.bulwark.web.internal.SetOnce;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.TimeMeter;
import io.github.bucket4j.local.LocalBucketBuilder;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Budgets in this JVM's memory, in a bounded, expiring Caffeine map, so that a flood of distinct
 * client addresses cannot grow the heap without limit (the leak most reported against per-key
 * bucket maps).
 *
 * <p><b>Bounds.</b> At most {@link Builder#maxKeys(long) maxKeys} buckets are held (100,000 by
 * default; measured about 460 bytes per key with two limits, so about 45 MB when full: see the
 * module README). A bucket idle for its rule's {@link RateLimitRule#timeToFull() time to full} is
 * dropped: it would have refilled completely, so forgetting it changes nothing.
 *
 * <p><b>Eviction restarts a bucket full.</b> When more than {@code maxKeys} keys are active at
 * once, Caffeine evicts the ones it judges least valuable (Window TinyLFU: frequently used keys,
 * such as a client hammering an endpoint, survive a flood of one-off keys), and an evicted client
 * starts again with a full budget. This is the price of a hard memory bound; size {@code maxKeys}
 * above the number of clients active within your longest period, and use a shared store for budgets
 * that must never be forgotten.
 *
 * <p>Budgets are not shared between JVMs: behind a load balancer with N instances each client
 * effectively gets N budgets. Use the Redis store there.
 *
 * <p>Thread-safe; per key, decisions are linearisable (one bucket per key, created atomically).
 */
public final class InMemoryRateLimitStore implements RateLimitStore {

  /** The default bound on the number of buckets held. */
  public static final long DEFAULT_MAX_KEYS = 100_000;

  private record Entry(Bucket bucket, long ttlNanos) {}

  private final Cache<String, Entry> buckets;
  private final TimeMeter time;
  private final long maxKeys;
  private final @Nullable Clock clock;

  private InMemoryRateLimitStore(Builder b) {
    Ticker ticker;
    if (b.clock == null) {
      this.time = TimeMeter.SYSTEM_NANOTIME;
      ticker = Ticker.systemTicker();
    } else {
      ClockTime ct = new ClockTime(b.clock);
      this.time = ct;
      ticker = ct;
    }
    this.maxKeys = b.maxKeys;
    this.clock = b.clock;
    this.buckets =
        Caffeine.newBuilder()
            .maximumSize(b.maxKeys)
            // Maintenance (read-buffer drain, eviction, expiry) on the calling thread: with the
            // default executor every drain hands a task to the common pool and unparks one of its
            // threads, which a profile of the engine showed as a quarter of a decision's time on
            // a two-core machine. The drain is amortised and guarded by a try-lock, so a request
            // never waits for another's maintenance, and eviction keeps the bound as before.
            .executor(Runnable::run)
            .ticker(ticker)
            .expireAfter(
                new Expiry<String, Entry>() {
                  @Override
                  public long expireAfterCreate(String key, Entry value, long currentTime) {
                    return value.ttlNanos();
                  }

                  @Override
                  public long expireAfterUpdate(
                      String key, Entry value, long currentTime, long currentDuration) {
                    return value.ttlNanos();
                  }

                  @Override
                  public long expireAfterRead(
                      String key, Entry value, long currentTime, long currentDuration) {
                    return value.ttlNanos();
                  }
                })
            .build();
  }

  /**
   * A store with the defaults: {@value #DEFAULT_MAX_KEYS} keys, the monotonic system clock.
   *
   * @return the store
   */
  public static InMemoryRateLimitStore create() {
    return builder().build();
  }

  /**
   * A new builder.
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public Bucket bucket(String key, BucketConfiguration configuration, Duration timeToFull) {
    // The common case, a known key, allocates nothing; only a new key pays for the mapping
    // function (two threads racing on a new key still get one bucket: Caffeine's get is atomic).
    Entry e = buckets.getIfPresent(key);
    if (e != null) {
      return e.bucket();
    }
    long ttl = Math.max(1, timeToFull.toNanos());
    return buckets.get(key, k -> new Entry(newBucket(configuration), ttl)).bucket();
  }

  private Bucket newBucket(BucketConfiguration configuration) {
    LocalBucketBuilder bb = Bucket.builder();
    for (Bandwidth bw : configuration.getBandwidths()) {
      bb.addLimit(bw);
    }
    return bb.withCustomTimePrecision(time).build();
  }

  @Override
  public FailurePolicy failurePolicy() {
    return FailurePolicy.FAIL_CLOSED;
  }

  /**
   * The configured bound.
   *
   * @return the most buckets held
   */
  public long maxKeys() {
    return maxKeys;
  }

  /**
   * The number of buckets held now, after pending evictions are processed. Costs a maintenance
   * pass; meant for tests and monitoring, not for every request.
   *
   * @return the number of keys
   */
  public long size() {
    buckets.cleanUp();
    return buckets.estimatedSize();
  }

  /** The bound and the clock, as the start-up log shows them. */
  @Override
  public String toString() {
    return "InMemoryRateLimitStore[maxKeys="
        + maxKeys
        + ", clock="
        + (clock == null ? "System.nanoTime" : clock.toString())
        + "]";
  }

  /**
   * Builder for {@link InMemoryRateLimitStore}. Each setting is checked when set and may be set
   * once; every failure is a {@link ConfigurationException}. Not thread-safe.
   */
  public static final class Builder {
    private long maxKeys = DEFAULT_MAX_KEYS;
    private @Nullable Clock clock;
    private final SetOnce once = new SetOnce("InMemoryRateLimitStore.Builder");

    private Builder() {}

    /**
     * The most buckets held at once.
     *
     * @param maxKeys 1 to 100,000,000; {@value InMemoryRateLimitStore#DEFAULT_MAX_KEYS} by default
     * @return this builder
     * @throws ConfigurationException when out of range or already set
     */
    public Builder maxKeys(long maxKeys) {
      if (maxKeys < 1 || maxKeys > 100_000_000L) {
        throw new ConfigurationException(
            "InMemoryRateLimitStore.Builder: maxKeys must be between 1 and 100000000 (was "
                + maxKeys
                + "); size it above the number of clients active within your longest period");
      }
      once.set("maxKeys", maxKeys);
      this.maxKeys = maxKeys;
      return this;
    }

    /**
     * The clock that refills buckets and expires idle ones; the monotonic {@link System#nanoTime()}
     * by default. Tests pass a controllable clock instead of sleeping.
     *
     * @param clock the clock
     * @return this builder
     * @throws ConfigurationException when already set
     */
    public Builder clock(Clock clock) {
      Objects.requireNonNull(clock, "clock");
      once.set("clock", clock);
      this.clock = clock;
      return this;
    }

    /**
     * Builds the store.
     *
     * @return the store
     */
    public InMemoryRateLimitStore build() {
      return new InMemoryRateLimitStore(this);
    }
  }
}
