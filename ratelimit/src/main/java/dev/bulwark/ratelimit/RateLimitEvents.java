package dev.bulwark.ratelimit;

import dev.bulwark.event.SecurityEventType;

/** The {@link SecurityEventType security event types} this module emits. */
public final class RateLimitEvents {

  /** A request was refused because a limit was exhausted (outcome DENIED). */
  public static final SecurityEventType REJECTED = SecurityEventType.of("ratelimit.rejected");

  /**
   * The rate-limit store failed; the request was refused or let through per the {@link
   * FailurePolicy} (outcome ERROR, detail {@code policy}).
   */
  public static final SecurityEventType BACKEND_ERROR =
      SecurityEventType.of("ratelimit.backend.error");

  /** A username was locked after too many failures (outcome DENIED). */
  public static final SecurityEventType LOCKED = SecurityEventType.of("bruteforce.locked");

  /** A client was throttled after too many failures across usernames (outcome DENIED). */
  public static final SecurityEventType CLIENT_THROTTLED =
      SecurityEventType.of("bruteforce.client-throttled");

  /** A client was banned for a while after failing persistently (outcome DENIED). */
  public static final SecurityEventType BANNED = SecurityEventType.of("bruteforce.banned");

  /**
   * A device was trusted for a user after a successful sign-in (outcome SUCCESS): its token now
   * exempts it from that user's lock ({@link DeviceTrustPolicy}).
   */
  public static final SecurityEventType DEVICE_TRUSTED =
      SecurityEventType.of("bruteforce.device_trusted");

  /**
   * A trusted device lost its trust after too many wrong passwords (outcome DENIED, details {@code
   * reason}, {@code failures}); the account lock applies to it again.
   */
  public static final SecurityEventType DEVICE_REVOKED =
      SecurityEventType.of("bruteforce.device_revoked");

  /**
   * The {@link BruteForceStore} of a {@link BruteForceGuard} failed; the attempt was refused or let
   * through per the store's {@link FailurePolicy} (outcome ERROR, details {@code operation}, {@code
   * policy} and {@code error}).
   */
  public static final SecurityEventType BRUTE_FORCE_BACKEND_ERROR =
      SecurityEventType.of("bruteforce.backend.error");

  private RateLimitEvents() {}
}
