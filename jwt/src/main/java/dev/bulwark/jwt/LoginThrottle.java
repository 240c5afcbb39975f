package dev.bulwark.jwt;

import dev.bulwark.web.DeviceToken;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
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
   * @param trustedDevice the id of the trusted device the attempt came from, when the throttle
   *     trusts devices and the attempt presented a valid device token; handed back to {@link
   *     LoginThrottle#recordFailure(String, String, Decision)} and {@link
   *     LoginThrottle#recordSuccess(String, String, Decision)}
   */
  record Decision(Action action, Duration retryAfter, Optional<String> trustedDevice) {
    /** Proceed as usual. */
    public static final Decision PROCEED = new Decision(Action.PROCEED, Duration.ZERO);

    /**
     * Checks the fields.
     *
     * @param action what to do
     * @param retryAfter when to retry, not negative
     * @param trustedDevice the trusted device, only with {@link Action#PROCEED}
     */
    public Decision {
      Objects.requireNonNull(action, "action");
      Objects.requireNonNull(retryAfter, "retryAfter");
      Objects.requireNonNull(trustedDevice, "trustedDevice");
      if (retryAfter.isNegative()) {
        throw new IllegalArgumentException("retryAfter must not be negative");
      }
      if (trustedDevice.isPresent() && action != Action.PROCEED) {
        throw new IllegalArgumentException("only a PROCEED decision names a trusted device");
      }
    }

    /**
     * A decision from no trusted device.
     *
     * @param action what to do
     * @param retryAfter when to retry, not negative
     */
    public Decision(Action action, Duration retryAfter) {
      this(action, retryAfter, Optional.empty());
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
   * Decides before the credentials are checked, given the device token the client presented (cookie
   * or body). The default ignores the token.
   *
   * @param username the attempted username (attacker-controlled)
   * @param client the client address, or null when unknown
   * @param deviceToken the presented device token (attacker-controlled), or null
   * @return the decision
   * @throws TokenStoreException as for {@link #check(String, String)}
   */
  default Decision check(String username, @Nullable String client, @Nullable String deviceToken) {
    return check(username, client);
  }

  /**
   * Records a failed attempt after {@link #check(String, String, String)}. The default calls {@link
   * #recordFailure(String, String)}.
   *
   * @param username the attempted username
   * @param client the client address, or null
   * @param decision what the check decided
   */
  default void recordFailure(String username, @Nullable String client, Decision decision) {
    recordFailure(username, client);
  }

  /**
   * Records a fully successful login after {@link #check(String, String, String)} and answers the
   * device token the client should keep. The default calls {@link #recordSuccess(String, String)}
   * and issues none.
   *
   * @param username the username
   * @param client the client address, or null
   * @param decision what the check decided
   * @return the device token to hand to the client, or empty
   */
  default Optional<DeviceToken> recordSuccess(
      String username, @Nullable String client, Decision decision) {
    recordSuccess(username, client);
    return Optional.empty();
  }

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
