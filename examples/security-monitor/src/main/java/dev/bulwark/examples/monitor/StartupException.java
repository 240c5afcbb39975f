package dev.bulwark.examples.monitor;

/**
 * The demo cannot start; the message names the setting and the fix, and never repeats a setting's
 * value (a Redis or JDBC URL may carry a password).
 */
final class StartupException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  StartupException(String message, Throwable cause) {
    super(message, cause);
  }
}
