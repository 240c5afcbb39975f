package dev.bulwark.mfa;

import dev.bulwark.event.SecurityEventType;

/**
 * The {@link SecurityEventType security event types} {@link TotpAuthenticator} emits. Each event
 * carries the subject, the client when the caller passed one, and the details below; never a code,
 * a recovery code, a secret or a part of one.
 *
 * <table>
 *   <caption>Details</caption>
 *   <tr><th>detail</th><th>values</th></tr>
 *   <tr><td>{@code method}</td><td>{@code totp} or {@code recovery}</td></tr>
 *   <tr><td>{@code operation}</td><td>on {@link #FAILED}: {@code confirm}, {@code verify},
 *       {@code recovery} or {@code disable}</td></tr>
 *   <tr><td>{@code reason}</td><td>on {@link #FAILED}: {@code wrong_code}, {@code not_enrolled},
 *       {@code no_pending_enrolment}, {@code already_used} (a recovery code another request
 *       consumed first), or {@code unavailable} (outcome ERROR: the store failed or a secret did not
 *       open; the call threw {@link MfaException})</td></tr>
 *   <tr><td>{@code recoveryCodes}</td><td>on {@link #ENROLLED}: how many were issued</td></tr>
 * </table>
 */
public final class MfaEvents {

  /** A first valid code confirmed a TOTP enrolment; recovery codes were issued (SUCCESS). */
  public static final SecurityEventType ENROLLED = SecurityEventType.of("mfa.enrolled");

  /** A TOTP code was accepted (SUCCESS). */
  public static final SecurityEventType VERIFIED = SecurityEventType.of("mfa.verified");

  /**
   * A code or recovery code was refused (FAILURE), or could not be checked because the store failed
   * (ERROR); the {@code reason} detail says which.
   */
  public static final SecurityEventType FAILED = SecurityEventType.of("mfa.failed");

  /**
   * A right TOTP code whose time-step (or a later one) was already used: a replay, perhaps of a
   * phished code (DENIED).
   */
  public static final SecurityEventType CODE_REPLAYED = SecurityEventType.of("mfa.code_replayed");

  /** A recovery code was used and consumed (SUCCESS). */
  public static final SecurityEventType RECOVERY_USED = SecurityEventType.of("mfa.recovery_used");

  /** Every second factor of the user was removed (SUCCESS). */
  public static final SecurityEventType DISABLED = SecurityEventType.of("mfa.disabled");

  private MfaEvents() {}
}
