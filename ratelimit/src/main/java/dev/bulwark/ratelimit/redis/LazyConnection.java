package dev.bulwark.ratelimit.redis;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * A Redis connection opened on first use, with a back-off while Redis is unreachable: what both
 * Redis stores need so that an instance starts while Redis is down and an outage does not turn
 * every request into a connection attempt.
 *
 * <ul>
 *   <li>The first {@link #get()} opens the connection; later calls return it (Lettuce reconnects an
 *       open connection by itself).
 *   <li>After a failed attempt, calls fail fast until the reconnect interval has passed on the
 *       monotonic clock; then one call tries again.
 *   <li>After {@link #close()}, calls fail and nothing is opened again.
 * </ul>
 *
 * <p>Every failure is the store's own exception, made by the given factory (message, cause or
 * null). Thread-safe: concurrent first calls open one connection.
 *
 * @param <C> what the opener returns: the connection and what is derived from it once
 */
final class LazyConnection<C> {

  private final String store;
  private final Supplier<C> opener;
  private final long reconnectIntervalNanos;
  private final LongSupplier nanoTime;
  private final BiFunction<String, @Nullable RuntimeException, RuntimeException> failure;
  private final AtomicLong lastFailedAttempt = new AtomicLong(Long.MIN_VALUE);
  private volatile @Nullable C connected;
  private volatile boolean closed;

  /**
   * A connection not opened yet.
   *
   * @param store the store's name for messages, such as {@code Redis rate-limit store}
   * @param opener opens the connection; throws on failure
   * @param reconnectInterval the least time between two attempts while Redis is unreachable
   * @param nanoTime the monotonic clock, as {@link System#nanoTime()}
   * @param failure makes the store's exception from a message and its cause (or null)
   */
  LazyConnection(
      String store,
      Supplier<C> opener,
      Duration reconnectInterval,
      LongSupplier nanoTime,
      BiFunction<String, @Nullable RuntimeException, RuntimeException> failure) {
    this.store = Objects.requireNonNull(store, "store");
    this.opener = Objects.requireNonNull(opener, "opener");
    this.reconnectIntervalNanos = reconnectInterval.toNanos();
    this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
    this.failure = Objects.requireNonNull(failure, "failure");
  }

  /**
   * The connection, opened now when it is not yet.
   *
   * @return the connection
   * @throws RuntimeException the store's exception when closed, backing off, or the attempt fails
   */
  C get() {
    C c = connected;
    if (c != null) {
      return c;
    }
    if (closed) {
      throw failure.apply("the " + store + " is closed", null);
    }
    long last = lastFailedAttempt.get();
    if (last != Long.MIN_VALUE && nanoTime.getAsLong() - last < reconnectIntervalNanos) {
      throw failure.apply(
          "Redis is unreachable (" + store + "); next connection attempt pending", null);
    }
    synchronized (this) {
      c = connected;
      if (c != null) {
        return c;
      }
      if (closed) {
        throw failure.apply("the " + store + " is closed", null);
      }
      try {
        c = opener.get();
      } catch (RuntimeException e) {
        lastFailedAttempt.set(nanoTime.getAsLong());
        throw failure.apply(store + ": cannot connect to Redis", e);
      }
      connected = c;
      return c;
    }
  }

  /**
   * Marks the connection closed and hands back what was open, for the caller to close.
   *
   * @return the open connection, or null when none was
   */
  synchronized @Nullable C close() {
    closed = true;
    C c = connected;
    connected = null;
    return c;
  }

  /** Whether it is open now, not how it is configured; for the store's description. */
  boolean isOpen() {
    return connected != null;
  }
}
