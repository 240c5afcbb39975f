package dev.bulwark.jwt;

import dev.bulwark.event.SecurityEventType;

/** The security event types the JWT module emits. */
public final class JwtEvents {

  /** A user presented valid credentials and received a token pair. */
  public static final SecurityEventType LOGIN_SUCCEEDED =
      SecurityEventType.of("auth.login.succeeded");

  /** A login attempt failed (unknown user or wrong password; the event does not say which). */
  public static final SecurityEventType LOGIN_FAILED = SecurityEventType.of("auth.login.failed");

  /** A correct password from a user with a second factor: an {@code mfa_token} was issued. */
  public static final SecurityEventType LOGIN_SECOND_FACTOR_REQUIRED =
      SecurityEventType.of("auth.login.second-factor-required");

  /** A request refused by a step-up rule: the token's sign-in lacks a factor or is too old. */
  public static final SecurityEventType STEP_UP_REQUIRED =
      SecurityEventType.of("auth.step-up.required");

  /** An access token was issued. */
  public static final SecurityEventType TOKEN_ISSUED = SecurityEventType.of("token.issued");

  /** A refresh token was rotated and a new pair issued. */
  public static final SecurityEventType TOKEN_REFRESHED = SecurityEventType.of("token.refreshed");

  /** A spent refresh token was presented again; its whole family was revoked. */
  public static final SecurityEventType TOKEN_REUSE_DETECTED =
      SecurityEventType.of("token.reuse-detected");

  /** A token was refused; the {@code reason} detail names the {@link RejectionReason}. */
  public static final SecurityEventType TOKEN_REJECTED = SecurityEventType.of("token.rejected");

  /** A refresh-token family and an access token were revoked (logout). */
  public static final SecurityEventType TOKEN_REVOKED = SecurityEventType.of("token.revoked");

  /**
   * A refresh was refused because its session ended by time: {@code reason} is {@code absolute}
   * (the family's absolute lifetime) or {@code idle} (the idle timeout); {@code session} is its id.
   */
  public static final SecurityEventType SESSION_EXPIRED = SecurityEventType.of("session.expired");

  /**
   * Sessions were ended by the user, an admin or a credential change: {@code reason} ({@code user},
   * {@code admin}, {@code password_changed}, {@code mfa_changed}, {@code disabled}), {@code scope}
   * ({@code one}, {@code others}, {@code all}) and {@code count}.
   */
  public static final SecurityEventType SESSION_REVOKED = SecurityEventType.of("session.revoked");

  /**
   * A sign-in from a client address and user agent never seen before for the subject (the
   * application may tell the user); {@code user_agent} is the short description.
   */
  public static final SecurityEventType SESSION_NEW_CLIENT =
      SecurityEventType.of("session.new_client");

  /** An authenticated request lacked a role a role rule requires. */
  public static final SecurityEventType ACCESS_DENIED = SecurityEventType.of("auth.access.denied");

  private JwtEvents() {}
}
