package dev.bulwark.jwt;

import java.util.Locale;

/** Why sessions were ended: the {@code reason} of a {@code session.revoked} event. */
public enum SessionEndReason {
  /** The user ended them (account page: one session, the others, or everywhere). */
  USER,
  /** An administrator ended them. */
  ADMIN,
  /** The user's password changed. */
  PASSWORD_CHANGED,
  /** The user's second factor changed (enrolled, replaced or removed). */
  MFA_CHANGED,
  /** The user was disabled: every session and access token ends. */
  DISABLED;

  /**
   * The name in events: lower case ({@code password_changed}).
   *
   * @return the event name
   */
  public String eventName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
