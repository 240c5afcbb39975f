package dev.bulwark.jwt;

import java.time.Instant;

/**
 * Revoked access tokens, by {@code jti}, until they would have expired anyway.
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
}
