package dev.bulwark.web;

import org.jspecify.annotations.Nullable;

/**
 * A setting of a Bulwark control is invalid. The message names the setting, the bad value (unless
 * it is secret), the accepted form and, for a misspelt name, the nearest known one. Filters rethrow
 * it from {@code init()} as a {@code ServletException}, so the application does not start
 * unprotected.
 */
public final class ConfigurationException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /**
   * An exception with a complete message.
   *
   * @param message what is wrong and how to fix it
   */
  public ConfigurationException(String message) {
    super(message);
  }

  /**
   * An exception with a complete message and its cause.
   *
   * @param message what is wrong and how to fix it
   * @param cause the underlying error
   */
  public ConfigurationException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
