package dev.bulwark.ratelimit;

import dev.bulwark.web.ConfigurationException;
import dev.bulwark.web.Settings;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One quota: at most {@code capacity} units per {@code period}, refilled as its {@link Refill}
 * says: continuously by default (a token bucket: after a burst, capacity comes back at {@code
 * capacity / period}, so 5 per minute gives one back every 12 seconds), or {@linkplain
 * Refill#INTERVAL all at once at the end of each window}.
 *
 * <p>A rule may apply several limits at once, for example a burst limit of 20 per second and a
 * sustained limit of 1000 per hour; a request is admitted only when every limit has room, and the
 * limits are consumed atomically (one Bucket4j bucket with several bandwidths).
 *
 * <p>The name identifies the quota policy in the IETF {@code RateLimit-Policy} and {@code
 * RateLimit} fields, so clients can tell the limits apart. Immutable and thread-safe.
 *
 * @param name the policy name: 1–32 characters of lower-case letters, digits, {@code -} and {@code
 *     _}, starting with a letter
 * @param capacity the quota, at least 1
 * @param period the time in which the full quota refills, at least 1 millisecond
 * @param refill how the quota comes back: {@link Refill#GREEDY} (continuously, the default) or
 *     {@link Refill#INTERVAL} (whole windows)
 */
public record Limit(String name, long capacity, Duration period, Refill refill) {

  /** How a limit's units come back. */
  public enum Refill {
    /**
     * Continuously, one unit every {@code period / capacity} (5 per minute: one unit back every 12
     * seconds). A client can never take more than {@code capacity} units in any span of {@code
     * period}, and a client that waits a little gets a little back. The default.
     */
    GREEDY,
    /**
     * The whole capacity at once, when the window ends: a fixed window of {@code period} per key,
     * starting at the key's first request (like express-rate-limit's fixed-window stores), so 5 per
     * minute gives nothing back for a minute and then all 5. Easy to explain to clients ({@code
     * RateLimit}'s {@code t} is the end of the window); the price is the window boundary: a client
     * can spend the capacity at the end of one window and again at the start of the next, up to
     * twice the capacity within a short span. Prefer {@link #GREEDY} for login and other
     * guessing-sensitive endpoints.
     */
    INTERVAL
  }

  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_-]{0,31}");

  /** The longest period accepted: one year. */
  public static final Duration MAX_PERIOD = Duration.ofDays(366);

  /**
   * A greedily refilled limit; see {@link #of(String, long, Duration)}.
   *
   * @param name the policy name
   * @param capacity the quota
   * @param period the refill period
   * @throws ConfigurationException naming the bad setting and the fix
   */
  public Limit(String name, long capacity, Duration period) {
    this(name, capacity, period, Refill.GREEDY);
  }

  /**
   * Checks the settings.
   *
   * @param name the policy name
   * @param capacity the quota
   * @param period the refill period
   * @param refill how the quota comes back
   * @throws ConfigurationException naming the bad setting and the fix
   */
  public Limit {
    Objects.requireNonNull(name, "limit name");
    Objects.requireNonNull(period, "limit period");
    Objects.requireNonNull(refill, "limit refill");
    if (!NAME.matcher(name).matches()) {
      throw new ConfigurationException(
          "limit name '"
              + name
              + "' must be 1-32 lower-case letters, digits, '-' or '_', starting with a letter,"
              + " such as 'burst' or 'hourly'");
    }
    if (capacity < 1) {
      throw new ConfigurationException(
          "limit '"
              + name
              + "': capacity must be at least 1 (was "
              + capacity
              + "); to refuse every request, deny it outside the rate limiter");
    }
    if (period.compareTo(Duration.ofMillis(1)) < 0) {
      throw new ConfigurationException(
          "limit '"
              + name
              + "': period must be at least 1ms (was "
              + period
              + "); express fast rates as a larger capacity over a longer period");
    }
    if (period.compareTo(MAX_PERIOD) > 0) {
      throw new ConfigurationException(
          "limit '" + name + "': period must be at most 366 days (was " + period + ")");
    }
  }

  /**
   * A limit of {@code capacity} per {@code period}, refilled {@linkplain Refill#GREEDY greedily}.
   *
   * @param name the policy name, such as {@code burst}
   * @param capacity the quota
   * @param period the refill period
   * @return the limit
   * @throws ConfigurationException naming the bad setting and the fix
   */
  public static Limit of(String name, long capacity, Duration period) {
    return new Limit(name, capacity, period);
  }

  /**
   * This limit with another refill.
   *
   * @param refill {@link Refill#GREEDY} or {@link Refill#INTERVAL}
   * @return a limit with the same name, capacity and period
   */
  public Limit withRefill(Refill refill) {
    return new Limit(name, capacity, period, refill);
  }

  /**
   * Parses {@code name=capacity/period}, for example {@code burst=20/1s} or {@code hourly=1000/1h}
   * (the form used by {@code web.xml} init-params). The period is a whole number with a unit {@code
   * ms}, {@code s}, {@code m}, {@code h} or {@code d}, or an ISO-8601 duration. The limit is
   * refilled greedily; see {@link #withRefill(Refill)}.
   *
   * @param text the limit
   * @return the limit
   * @throws ConfigurationException when the text does not parse or a value is refused
   */
  public static Limit parse(String text) {
    Objects.requireNonNull(text, "text");
    int eq = text.indexOf('=');
    int slash = text.indexOf('/', eq + 1);
    if (eq < 1 || slash < eq + 2 || slash == text.length() - 1) {
      throw new ConfigurationException(
          "limit '" + text + "' must look like name=capacity/period, such as burst=20/1s");
    }
    long capacity;
    try {
      capacity = Long.parseLong(text.substring(eq + 1, slash).trim());
    } catch (NumberFormatException e) {
      throw new ConfigurationException(
          "limit '" + text + "': capacity must be a whole number, such as burst=20/1s", e);
    }
    Duration period;
    try {
      period = Settings.duration(text.substring(slash + 1).trim());
    } catch (IllegalArgumentException | DateTimeParseException | ArithmeticException e) {
      throw new ConfigurationException(
          "limit '"
              + text
              + "': period must be a duration such as 1s, 10m, 1h, 1d or PT10M ("
              + e.getMessage()
              + ")",
          e);
    }
    return new Limit(text.substring(0, eq).trim(), capacity, period);
  }

  /**
   * The time a completely drained limit takes to refill: one period, for either refill.
   *
   * @return the period
   */
  public Duration timeToFull() {
    return period;
  }

  @Override
  public String toString() {
    return name + "=" + capacity + "/" + period + (refill == Refill.GREEDY ? "" : " interval");
  }
}
