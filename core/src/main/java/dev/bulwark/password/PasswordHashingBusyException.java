package dev.bulwark.password;

import org.jspecify.annotations.Nullable;

/**
 * Every permit for concurrent password hashing was taken for longer than the configured wait (see
 * {@link PasswordHasher.Builder#maxConcurrentHashes(int, java.time.Duration)}). The password was
 * not checked; a login endpoint should answer 503 with {@code Retry-After}, not 401, so that a
 * client does not mistake an overloaded server for a wrong password.
 */
public final class PasswordHashingBusyException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /**
   * An exception with its message.
   *
   * @param message what happened
   * @param cause the interruption that ended the wait, or null
   */
  PasswordHashingBusyException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
