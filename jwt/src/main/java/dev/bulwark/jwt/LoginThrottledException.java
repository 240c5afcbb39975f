package dev.bulwark.jwt;

import java.time.Duration;

/**
 * A {@link LoginThrottle} refused the client before any credential was checked. The login endpoint
 * answers 429 with {@code Retry-After}; the message names no account.
 */
public final class LoginThrottledException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** When the client may try again. */
  private final Duration retryAfter;

  /**
   * An exception with the time to wait.
   *
   * @param retryAfter when the client may try again
   */
  public LoginThrottledException(Duration retryAfter) {
    super("too many failed logins from this client");
    this.retryAfter = retryAfter;
  }

  /**
   * When the client may try again.
   *
   * @return the duration
   */
  public Duration retryAfter() {
    return retryAfter;
  }

  /**
   * {@link #retryAfter()} in whole seconds, rounded up, at least 1.
   *
   * @return seconds for a {@code Retry-After} header
   */
  public long retryAfterSeconds() {
    long ms = retryAfter.toMillis();
    return Math.max(1, (ms + 999) / 1000);
  }
}
