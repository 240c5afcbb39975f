package dev.bulwark.ratelimit;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Says yes at most once per interval, for log lines that would otherwise repeat on every request:
 * under an outage or an attack, a stack trace per failed decision is a second denial of service (on
 * the log pipeline), so a store failure is logged once per interval and counted by events instead.
 * Thread-safe and lock-free; of many threads asking at once, one gets yes.
 */
final class OncePerInterval {

  private final long intervalNanos;
  private final LongSupplier nanoTime;
  private final AtomicLong last = new AtomicLong(Long.MIN_VALUE);

  /**
   * A gate on the monotonic system clock.
   *
   * @param interval the least time between two yeses
   */
  OncePerInterval(Duration interval) {
    this(interval, System::nanoTime);
  }

  /**
   * A gate on a given monotonic clock, for tests.
   *
   * @param interval the least time between two yeses
   * @param nanoTime the clock, in nanoseconds, as {@link System#nanoTime()}
   */
  OncePerInterval(Duration interval, LongSupplier nanoTime) {
    this.intervalNanos = interval.toNanos();
    this.nanoTime = nanoTime;
  }

  /**
   * Whether the caller may go ahead now; true the first time, then again once the interval has
   * passed since the last true.
   *
   * @return true at most once per interval
   */
  boolean due() {
    long now = nanoTime.getAsLong();
    long previous = last.get();
    // compare as a difference: nanoTime may wrap, and MIN_VALUE marks "never"
    return (previous == Long.MIN_VALUE || now - previous >= intervalNanos)
        && last.compareAndSet(previous, now);
  }
}
