package dev.bulwark.jwt;

import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Slows credential guessing at {@link TokenService#login}. Consulted before the credentials are
 * checked and told the outcome afterwards.
 *
 * <p>With bulwark-ratelimit on the class path (an optional dependency of bulwark-jwt), {@link
 * dev.bulwark.jwt.ratelimit.BruteForceLoginThrottle#of} adapts its {@code BruteForceGuard}: per
 * username and per client counting, in memory or shared through Redis.
 *
 * <p>Implementations must be thread-safe and fast; they run on the request thread.
 */
public interface LoginThrottle {

  /** What to do with one attempt. */
  enum Action {
    /** Check the credentials as usual. */
    PROCEED,
    /**
     * The account is locked: check the credentials anyway (the same work, so timing tells nothing)
     * but answer exactly as for a wrong password, even when they are right.
     */
    REJECT_AS_INVALID_CREDENTIALS,
    /** The client is throttled: answer 429 with {@code Retry-After} without checking anything. */
    REJECT_CLIENT
  }

  /**
   * The decision for one attempt.
   *
   * @param action what to do
   * @param retryAfter when the client may try again (for {@link Action#REJECT_CLIENT}); zero
   *     otherwise
   */
  record Decision(Action action, Duration retryAfter) {
    /** Proceed as usual. */
    public static final Decision PROCEED = new Decision(Action.PROCEED, Duration.ZERO);

    /**
     * Checks the fields.
     *
     * @param action what to do
     * @param retryAfter when to retry, not negative
     */
    public Decision {
      Objects.requireNonNull(action, "action");
      Objects.requireNonNull(retryAfter, "retryAfter");
      if (retryAfter.isNegative()) {
        throw new IllegalArgumentException("retryAfter must not be negative");
      }
    }
  }

  /** A throttle that never slows anything (the default of {@link TokenService}). */
  LoginThrottle NONE =
      new LoginThrottle() {
        @Override
        public Decision check(String username, @Nullable String client) {
          return Decision.PROCEED;
        }

        @Override
        public void recordFailure(String username, @Nullable String client) {}

        @Override
        public void recordSuccess(String username, @Nullable String client) {}
      };

  /**
   * Decides before the credentials are checked.
   *
   * @param username the attempted username (attacker-controlled)
   * @param client the client address, or null when unknown
   * @return the decision
   * @throws TokenStoreException when the throttle's own store cannot answer and the throttle fails
   *     closed: the login is refused with 503 and {@code Retry-After}, like any unavailable store
   */
  Decision check(String username, @Nullable String client);

  /**
   * Records a failed attempt (wrong password, unknown user, or a locked account).
   *
   * @param username the attempted username
   * @param client the client address, or null
   */
  void recordFailure(String username, @Nullable String client);

  /**
   * Records a successful login.
   *
   * @param username the username
   * @param client the client address, or null
   */
  void recordSuccess(String username, @Nullable String client);
}
