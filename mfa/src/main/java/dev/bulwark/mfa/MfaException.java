package dev.bulwark.mfa;

/**
 * A second-factor operation could not be carried out: the store failed, or a stored secret cannot
 * be decrypted (tampered with, or sealed under a key that is no longer configured). Sign-in must
 * then fail closed (answer 503, or refuse), never skip the second factor. The message never
 * contains a secret or a code.
 */
public final class MfaException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what failed, without secrets
   */
  public MfaException(String message) {
    super(message);
  }

  /**
   * Creates the exception with a cause.
   *
   * @param message what failed, without secrets
   * @param cause the cause
   */
  public MfaException(String message, Throwable cause) {
    super(message, cause);
  }
}
