package dev.bulwark.ratelimit;

import java.time.Duration;
import java.util.Objects;

/**
 * The state of one {@link Limit} for one key right after a decision.
 *
 * @param limit the limit
 * @param remaining the units left, from 0 to the capacity
 * @param reset the time until the limit is full again if nothing more is taken (the token bucket's
 *     refill time; what the IETF {@code t} parameter reports)
 */
public record LimitStatus(Limit limit, long remaining, Duration reset) {

  /**
   * Checks the fields.
   *
   * @param limit the limit
   * @param remaining the units left
   * @param reset the time to full
   */
  public LimitStatus {
    Objects.requireNonNull(limit, "limit");
    Objects.requireNonNull(reset, "reset");
    if (remaining < 0 || remaining > limit.capacity()) {
      throw new IllegalArgumentException("remaining out of range: " + remaining);
    }
  }
}
