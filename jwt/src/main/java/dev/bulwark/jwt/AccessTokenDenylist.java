package dev.bulwark.jwt;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * Revoked access tokens, until they would have expired anyway: by {@code jti} (logout), by session
 * ({@code sid}: one session ended) and by subject (a per-user "not before": every access token of
 * the subject issued at or before a time, for sign-out everywhere, a password change or a disabled
 * user; OWASP ASVS 5.0 7.4.1).
 *
 * <p>{@code iat} has whole seconds: a token issued in the same second as a subject's not-before is
 * refused too (failing closed). A user who signs in again within that second gets a token that is
 * refused until it is refreshed a second later.
 *
 * <p>Implementations: {@link dev.bulwark.jwt.store.InMemoryAccessTokenDenylist} (one instance,
 * bounded) and {@link dev.bulwark.jwt.store.RedisAccessTokenDenylist} (shared by every instance).
 * Every implementation passes the same contract test.
 *
 * <p>Contract: thread-safe; an entry is kept at least until {@code until}; a failure to answer
 * throws {@link TokenStoreException} (never returns "not denied" on a guess), and the verifier then
 * refuses the token with {@link RejectionReason#STORE_UNAVAILABLE}. A bounded implementation that
 * is full refuses new entries with {@link TokenStoreException} rather than forget old ones.
 */
public interface AccessTokenDenylist {

  /**
   * Denies a token id until an instant.
   *
   * @param jwtId the {@code jti}
   * @param until the token's {@code exp}; the entry may be dropped afterwards
   * @throws TokenStoreException when the entry cannot be stored
   */
  void deny(String jwtId, Instant until);

  /**
   * Whether a token id is denied.
   *
   * @param jwtId the {@code jti}
   * @param now the current time
   * @return true when denied and {@code now} is before the entry's end
   * @throws TokenStoreException when the store cannot answer
   */
  boolean isDenied(String jwtId, Instant now);

  /**
   * Denies every access token of a session (its {@code sid}) until an instant.
   *
   * @param sessionId the session (refresh family) id
   * @param until when the session's last access token expires; the entry may be dropped afterwards
   * @throws TokenStoreException when the entry cannot be stored
   */
  void denySession(String sessionId, Instant until);

  /**
   * Denies every access token of a subject issued at or before {@code notBefore}. A later call with
   * an earlier time does not move it back.
   *
   * @param subject the subject ({@code sub})
   * @param notBefore tokens issued at or before this instant are refused
   * @param until when the last such token expires; the entry may be dropped afterwards
   * @throws TokenStoreException when the entry cannot be stored
   */
  void denySubjectBefore(String subject, Instant notBefore, Instant until);

  /**
   * Whether a token is denied by its {@code jti}, its session or its subject's not-before: the one
   * question the verifier asks per token (one round trip for the shared stores).
   *
   * @param jwtId the {@code jti}, or empty when the token has none
   * @param sessionId the {@code sid}, or null
   * @param subject the {@code sub}
   * @param issuedAt the {@code iat}
   * @param now the current time
   * @return true when any of the three is denied
   * @throws TokenStoreException when the store cannot answer
   */
  boolean isDenied(
      String jwtId, @Nullable String sessionId, String subject, Instant issuedAt, Instant now);
}
