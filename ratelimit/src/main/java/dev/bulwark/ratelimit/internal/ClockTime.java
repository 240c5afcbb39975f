package dev.bulwark.ratelimit.internal;

import com.github.benmanes.caffeine.cache.Ticker;
import io.github.bucket4j.TimeMeter;
import java.time.Clock;
import java.time.Instant;

/** A {@link Clock} seen as Bucket4j's {@link TimeMeter} and Caffeine's {@link Ticker}. */
public final class ClockTime implements TimeMeter, Ticker {

  private final Clock clock;

  /**
   * Adapts a clock.
   *
   * @param clock the clock
   */
  public ClockTime(Clock clock) {
    this.clock = clock;
  }

  @Override
  public long currentTimeNanos() {
    Instant now = clock.instant();
    return Math.addExact(Math.multiplyExact(now.getEpochSecond(), 1_000_000_000L), now.getNano());
  }

  @Override
  public boolean isWallClockBased() {
    return true;
  }

  @Override
  public long read() {
    return currentTimeNanos();
  }
}
