package dev.bulwark.ratelimit;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import java.time.Duration;

/**
 * Where budgets live: a bounded in-memory map ({@link InMemoryRateLimitStore}, the default) or a
 * shared server ({@code dev.bulwark.ratelimit.redis.RedisRateLimitStore}). Every store hands out
 * Bucket4j buckets, so every store decides with the same token-bucket arithmetic.
 *
 * <p>Implementations must be thread-safe, must return buckets that are linearisable per key (two
 * threads, or two application instances sharing a server, never both take the last unit), and must
 * signal a backend failure by throwing a {@link RuntimeException} from {@link #bucket} or from the
 * bucket's operations; the {@link RateLimiter} then applies {@link #failurePolicy()}.
 */
public interface RateLimitStore extends AutoCloseable {

  /**
   * The bucket of a key, created full with the given configuration when the store holds none.
   *
   * @param key the key, already prefixed with the rule's name; at most a few hundred characters
   * @param configuration the bucket's limits
   * @param timeToFull how long an untouched bucket takes to refill completely; a store may forget a
   *     bucket idle that long, since a new one is identical
   * @return the bucket
   * @throws RuntimeException when the backend fails
   */
  Bucket bucket(String key, BucketConfiguration configuration, Duration timeToFull);

  /**
   * What the limiter does when this store fails.
   *
   * @return the policy; an in-memory store never fails and answers {@link
   *     FailurePolicy#FAIL_CLOSED}
   */
  FailurePolicy failurePolicy();

  /** Releases connections or threads the store owns; the in-memory store has none. */
  @Override
  default void close() {}
}
