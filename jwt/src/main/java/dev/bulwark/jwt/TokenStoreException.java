package dev.bulwark.jwt;

/**
 * A {@link RefreshTokenStore} or {@link AccessTokenDenylist} could not answer (database or Redis
 * down, store full). Callers fail closed: no token is accepted or issued on a guess, and the
 * servlet layer answers 503 with {@code Retry-After}.
 */
public final class TokenStoreException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what failed, without secrets
   * @param cause the underlying failure, or null
   */
  public TokenStoreException(String message, Throwable cause) {
    super(message, cause);
  }

  /**
   * Creates the exception.
   *
   * @param message what failed, without secrets
   */
  public TokenStoreException(String message) {
    super(message);
  }
}
