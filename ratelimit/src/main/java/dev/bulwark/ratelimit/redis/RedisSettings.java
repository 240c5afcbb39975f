package dev.bulwark.ratelimit.redis;

import java.time.Duration;
import java.util.Objects;

/** The settings both Redis stores share, validated one way. */
final class RedisSettings {

  private RedisSettings() {}

  /** 1–64 printable ASCII characters without spaces. */
  static String keyPrefix(String prefix, String example) {
    Objects.requireNonNull(prefix, "keyPrefix");
    if (!prefix.matches("[\\x21-\\x7e]{1,64}")) {
      throw new IllegalArgumentException(
          "keyPrefix must be 1-64 printable ASCII characters without spaces, such as '"
              + example
              + "'");
    }
    return prefix;
  }

  /** 1 ms to 30 s; {@code consequence} says what a slow store slows. */
  static Duration requestTimeout(Duration timeout, String consequence) {
    Objects.requireNonNull(timeout, "requestTimeout");
    if (timeout.compareTo(Duration.ofMillis(1)) < 0
        || timeout.compareTo(Duration.ofSeconds(30)) > 0) {
      throw new IllegalArgumentException(
          "requestTimeout must be between 1ms and 30s (was " + timeout + "); " + consequence);
    }
    return timeout;
  }

  /** 10 ms to 30 s. */
  static Duration reconnectInterval(Duration interval) {
    Objects.requireNonNull(interval, "reconnectInterval");
    if (interval.compareTo(Duration.ofMillis(10)) < 0
        || interval.compareTo(Duration.ofSeconds(30)) > 0) {
      throw new IllegalArgumentException(
          "reconnectInterval must be between 10ms and 30s (was " + interval + ")");
    }
    return interval;
  }
}
