package dev.bulwark.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A UTC clock that moves only when a test says so, safe to read and advance from several threads
 * (shipped in bulwark-core's test-jar for every module's tests).
 */
public final class MutableClock extends Clock {

  private static final Instant FIXED_START = Instant.parse("2026-11-23T12:00:00Z");

  private final AtomicLong nanos;

  /** A clock at a fixed start, 2026-11-23T12:00:00Z. */
  public MutableClock() {
    this(FIXED_START);
  }

  /**
   * A clock at a given start.
   *
   * @param start the first instant
   */
  public MutableClock(Instant start) {
    this.nanos = new AtomicLong(start.getEpochSecond() * 1_000_000_000L + start.getNano());
  }

  /**
   * A clock at the fixed start.
   *
   * @return a new clock
   */
  public static MutableClock atFixedStart() {
    return new MutableClock(FIXED_START);
  }

  /**
   * Moves the clock.
   *
   * @param d how far, forwards or backwards
   */
  public void advance(Duration d) {
    nanos.addAndGet(d.toNanos());
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return this;
  }

  @Override
  public Instant instant() {
    long n = nanos.get();
    return Instant.ofEpochSecond(
        Math.floorDiv(n, 1_000_000_000L), Math.floorMod(n, 1_000_000_000L));
  }
}
