package dev.bulwark.ratelimit;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@link BruteForceGuard#check} tells a login endpoint to do before it verifies a password.
 *
 * @param action what to do
 * @param retryAfter for {@link Action#REJECT_CLIENT}, how long the client should wait; for {@link
 *     Action#UNAVAILABLE}, a short back-off; zero otherwise (a locked account must not reveal how
 *     long it stays locked)
 * @param trustedDevice the id of the trusted device the attempt came from ({@link
 *     DeviceTrustPolicy}); pass the verdict back to {@link BruteForceGuard#recordFailure(String,
 *     dev.bulwark.web.ResolvedClient, BruteForceVerdict)} or {@code recordSuccess} so the attempt
 *     is counted on the device
 */
public record BruteForceVerdict(
    Action action, Duration retryAfter, Optional<String> trustedDevice) {

  /** The possible actions. */
  public enum Action {
    /** Verify the credentials as usual. */
    PROCEED,
    /**
     * The username is locked. Do not accept the credentials even when they are right, and answer
     * <em>exactly</em> as for a wrong password: same status, headers, body, and the same work
     * (verify the password against a hash anyway, so the time taken tells nothing). Then call
     * {@link BruteForceGuard#recordFailure}.
     */
    REJECT_AS_INVALID_CREDENTIALS,
    /**
     * The client is throttled or banned: answer 429 with {@code Retry-After} without looking at the
     * credentials. This reveals nothing about accounts, only that this client failed too often.
     */
    REJECT_CLIENT,
    /**
     * The guard's {@link BruteForceStore} failed and fails closed: answer 503 with {@code
     * Retry-After} (for example with {@code BruteForceResponses.sendUnavailable}) without looking
     * at the credentials. Never accept a login on this verdict: the guard cannot tell whether the
     * username is locked. An endpoint written before this action existed, that accepts only on
     * {@link #PROCEED}, answers it as a wrong password, which still fails closed.
     */
    UNAVAILABLE
  }

  static final BruteForceVerdict PROCEED = new BruteForceVerdict(Action.PROCEED, Duration.ZERO);
  static final BruteForceVerdict LOCKED =
      new BruteForceVerdict(Action.REJECT_AS_INVALID_CREDENTIALS, Duration.ZERO);

  /**
   * Checks the fields.
   *
   * @param action the action
   * @param retryAfter the wait
   * @param trustedDevice the trusted device, only with {@link Action#PROCEED}
   */
  public BruteForceVerdict {
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(retryAfter, "retryAfter");
    Objects.requireNonNull(trustedDevice, "trustedDevice");
    if (trustedDevice.isPresent() && action != Action.PROCEED) {
      throw new IllegalArgumentException("only a PROCEED verdict names a trusted device");
    }
  }

  /**
   * A verdict from no trusted device.
   *
   * @param action the action
   * @param retryAfter the wait
   */
  public BruteForceVerdict(Action action, Duration retryAfter) {
    this(action, retryAfter, Optional.empty());
  }

  static BruteForceVerdict trusted(String deviceId) {
    return new BruteForceVerdict(Action.PROCEED, Duration.ZERO, Optional.of(deviceId));
  }

  /**
   * {@link #retryAfter()} in whole seconds, rounded up and never below 1.
   *
   * @return the seconds
   */
  public long retryAfterSeconds() {
    return RateLimitDecision.ceilSeconds(retryAfter);
  }
}
