package dev.bulwark.event;

/** How the guarded action ended. */
public enum Outcome {
  /** The action was allowed and succeeded (a login, a token issued). */
  SUCCESS,
  /** The caller failed a check (wrong password, invalid token). */
  FAILURE,
  /** A control refused the request by policy (rate limited, CORS, CSRF, forbidden role). */
  DENIED,
  /** The control could not decide because something it depends on failed (a store is down). */
  ERROR
}
