package dev.bulwark.ratelimit;

/**
 * A {@link BruteForceStore} could not answer (server unreachable, timeout, closed store). The
 * {@link BruteForceGuard} turns it into a verdict per the store's {@link FailurePolicy}; it never
 * reaches the guard's callers.
 */
public final class BruteForceStoreException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what failed, without keys or other personal data
   * @param cause the underlying failure
   */
  public BruteForceStoreException(String message, Throwable cause) {
    super(message, cause);
  }

  /**
   * Creates the exception.
   *
   * @param message what failed, without keys or other personal data
   */
  public BruteForceStoreException(String message) {
    super(message);
  }
}
