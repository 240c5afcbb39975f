package dev.bulwark.jwt;

/**
 * Why a token was refused: precise, for security events and logs only.
 *
 * <p>Never put the reason in an HTTP response: telling an attacker which check failed (a known
 * {@code kid}, a good signature but the wrong audience) helps them forge the next attempt. The
 * servlet layer answers every rejection with the same {@code invalid_token}.
 */
public enum RejectionReason {
  /** No token, or an empty one. */
  MISSING,
  /** Longer than the verifier's cap; refused before any parsing. */
  OVERSIZE,
  /** Not three dot-separated base64url parts (JWE, JSON serialisation, garbage). */
  MALFORMED,
  /**
   * A part is not canonical unpadded base64url (illegal characters, padding, non-zero spare bits).
   */
  NON_CANONICAL_ENCODING,
  /** The header or the claims are not a JSON object, or a claim has the wrong type. */
  MALFORMED_JSON,
  /** The {@code alg} is not the algorithm of any trusted key ({@code none} never is). */
  ALGORITHM_NOT_ALLOWED,
  /**
   * The header names a key by URL or embeds one ({@code jwk}, {@code jku}, {@code x5u}, {@code
   * x5c}…).
   */
  EMBEDDED_OR_REMOTE_KEY,
  /**
   * The header has a {@code crit} member or a parameter that changes processing ({@code b64},
   * {@code zip}).
   */
  UNSUPPORTED_HEADER,
  /** The {@code typ} header is not the expected access-token type. */
  WRONG_TYPE,
  /** The {@code kid} names no trusted key (unknown, or removed by rotation). */
  UNKNOWN_KEY,
  /** The signature does not verify. */
  BAD_SIGNATURE,
  /** No {@code iss} claim. */
  MISSING_ISSUER,
  /** The {@code iss} claim is not the expected issuer. */
  WRONG_ISSUER,
  /** No {@code aud} claim. */
  MISSING_AUDIENCE,
  /** The {@code aud} claim does not contain the expected audience. */
  WRONG_AUDIENCE,
  /** No {@code exp} claim. */
  MISSING_EXPIRATION,
  /** Past {@code exp} (plus the allowed clock skew). */
  EXPIRED,
  /** Before {@code nbf} (minus the allowed clock skew). */
  NOT_YET_VALID,
  /** No {@code iat} claim. */
  MISSING_ISSUED_AT,
  /** {@code iat} is in the future (beyond the allowed clock skew). */
  ISSUED_IN_FUTURE,
  /** No or empty {@code sub} claim. */
  MISSING_SUBJECT,
  /** No or empty {@code jti} claim. */
  MISSING_JWT_ID,
  /** The {@code jti} is on the denylist (logged out). */
  REVOKED,
  /** The denylist or token store could not be asked; the token is refused rather than guessed. */
  STORE_UNAVAILABLE,
  /** The remote JWKS cannot be fetched and no keys are cached; the token is refused. */
  KEYS_UNAVAILABLE,
  /** A refresh token that is unknown (never issued, or forgotten after expiry). */
  REFRESH_TOKEN_UNKNOWN,
  /** A refresh token of a session past its absolute lifetime: the user must sign in again. */
  REFRESH_TOKEN_ABSOLUTE_EXPIRED,
  /** A refresh token left unused for longer than the idle timeout: the session timed out. */
  REFRESH_TOKEN_IDLE_EXPIRED,
  /** A refresh token whose family was revoked (logout, or reuse detected earlier). */
  REFRESH_TOKEN_REVOKED,
  /** A refresh token that was already spent: its family has just been revoked. */
  REFRESH_TOKEN_REUSED,
  /** An {@code mfa_token} that is unknown, expired, already used or voided by wrong codes. */
  MFA_TOKEN_INVALID
}
