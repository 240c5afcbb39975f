package dev.bulwark.jwt;

import java.util.Objects;

/**
 * A token was refused. {@link #reason()} says why, for events and logs; the message is for logs too
 * and never contains the token. Neither belongs in an HTTP response body.
 */
public final class InvalidTokenException extends Exception {

  private static final long serialVersionUID = 1L;

  /** The reason; a serialised copy keeps it. */
  private final RejectionReason reason;

  /**
   * Creates the exception.
   *
   * @param reason why the token was refused
   * @param message a log-safe explanation, without the token
   */
  public InvalidTokenException(RejectionReason reason, String message) {
    super(message);
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  /**
   * Creates the exception with a cause.
   *
   * @param reason why the token was refused
   * @param message a log-safe explanation, without the token
   * @param cause the underlying failure
   */
  public InvalidTokenException(RejectionReason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  /**
   * Why the token was refused.
   *
   * @return the reason
   */
  public RejectionReason reason() {
    return reason;
  }
}
