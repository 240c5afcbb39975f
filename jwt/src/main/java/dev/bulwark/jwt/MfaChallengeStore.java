package dev.bulwark.jwt;

import java.time.Instant;
import java.util.Optional;

/**
 * Keeps the sign-ins that wait for their second factor, keyed by the SHA-256 hash of their {@code
 * mfa_token} (the store never sees the token). Single use, across instances for a shared store: of
 * concurrent {@link #consume} calls for one hash exactly one returns true.
 *
 * <p>Implementations: {@link dev.bulwark.jwt.store.InMemoryMfaChallengeStore} (one instance,
 * bounded) and {@link dev.bulwark.jwt.store.RedisMfaChallengeStore} (shared by every instance);
 * both pass one contract test. A store that cannot answer throws {@link TokenStoreException}; it
 * never guesses.
 */
public interface MfaChallengeStore {

  /**
   * Stores a new challenge.
   *
   * @param tokenHash the hash of the mfa token
   * @param challenge the challenge, forgotten at its {@code expiresAt}
   * @throws TokenStoreException when the store fails
   */
  void create(String tokenHash, MfaChallenge challenge);

  /**
   * The live challenge.
   *
   * @param tokenHash the hash of the presented mfa token
   * @param now the current time
   * @return the challenge; empty when unknown, expired ({@code now} at or after {@code expiresAt}),
   *     consumed or voided
   * @throws TokenStoreException when the store fails
   */
  Optional<MfaChallenge> find(String tokenHash, Instant now);

  /**
   * Counts a wrong code; the {@code maxFailures}-th voids the challenge.
   *
   * @param tokenHash the hash of the mfa token
   * @param now the current time
   * @param maxFailures the failures that void the challenge
   * @return true while the challenge stays usable, false once voided (or already gone)
   * @throws TokenStoreException when the store fails
   */
  boolean recordFailure(String tokenHash, Instant now, int maxFailures);

  /**
   * Spends a live challenge, atomically.
   *
   * @param tokenHash the hash of the mfa token
   * @param now the current time
   * @return true for exactly one caller while the challenge is live; false otherwise
   * @throws TokenStoreException when the store fails
   */
  boolean consume(String tokenHash, Instant now);
}
