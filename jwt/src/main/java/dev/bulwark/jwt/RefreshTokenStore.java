package dev.bulwark.jwt;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Stores refresh-token families and the hashes of their tokens. Never sees a token itself: only its
 * SHA-256 hash (base64url), so a leaked database does not yield usable tokens.
 *
 * <p>Implementations: {@link dev.bulwark.jwt.store.InMemoryRefreshTokenStore} (one instance,
 * bounded), {@link dev.bulwark.jwt.store.JdbcRefreshTokenStore} (PostgreSQL) and {@link
 * dev.bulwark.jwt.store.RedisRefreshTokenStore}. All pass one contract test.
 *
 * <p><b>Contract.</b> Thread-safe, and across instances for shared stores. {@link #rotate} is
 * atomic: of any number of concurrent calls with the same presented hash, exactly one returns
 * {@link RotationResult.Status#ROTATED}; the others see a spent token. A store that cannot answer
 * throws {@link TokenStoreException}; it never guesses.
 *
 * <p><b>Sessions.</b> Each family is also a {@link Session}: the store keeps its creation time, its
 * last use and the {@link SessionClient} of the last use, and an index by subject, so that {@link
 * #sessions} and {@link #revokeSessions} read only that subject's families (never a scan of all
 * families).
 */
public interface RefreshTokenStore {

  /**
   * Stores a new family and its first token.
   *
   * @param family the family
   * @param tokenHash the hash of the first refresh token
   * @param idleExpiry when the first token expires if unused
   * @throws TokenStoreException when the store fails
   */
  default void createFamily(RefreshFamily family, String tokenHash, Instant idleExpiry) {
    createFamily(family, tokenHash, idleExpiry, SessionClient.UNKNOWN);
  }

  /**
   * Stores a new family, its first token, and where the session began; indexes it by subject.
   *
   * @param family the family
   * @param tokenHash the hash of the first refresh token
   * @param idleExpiry when the first token expires if unused
   * @param client where the session began
   * @throws TokenStoreException when the store fails
   */
  void createFamily(
      RefreshFamily family, String tokenHash, Instant idleExpiry, SessionClient client);

  /**
   * Spends the presented token and stores its replacement, atomically. In order:
   *
   * <ol>
   *   <li>unknown hash: {@code UNKNOWN}; family revoked: {@code REVOKED}; {@code now} at or after
   *       the family's {@code expiresAt}: {@code ABSOLUTE_EXPIRED};
   *   <li>token already spent: if {@code grace} is positive, the token was spent less than {@code
   *       grace} ago, and its direct successor is still unspent, the successor is spent instead and
   *       the replacement stored ({@code ROTATED}: a client whose response was lost may retry
   *       once); otherwise the whole family is revoked ({@code REUSE_DETECTED});
   *   <li>unspent token at or after its idle expiry: {@code IDLE_EXPIRED};
   *   <li>otherwise: the token is marked spent and the replacement stored unspent, with {@code
   *       replacementIdleExpiry}, and the session's last use set to {@code now} and {@code client}
   *       ({@code ROTATED}).
   * </ol>
   *
   * @param presentedHash the hash of the presented token
   * @param replacementHash the hash of the new token
   * @param now the current time
   * @param replacementIdleExpiry when the new token expires if unused
   * @param grace the reuse grace for the immediately previous token; zero for none
   * @return the outcome and the family (null when unknown)
   * @throws TokenStoreException when the store fails
   */
  default RotationResult rotate(
      String presentedHash,
      String replacementHash,
      Instant now,
      Instant replacementIdleExpiry,
      Duration grace) {
    return rotate(
        presentedHash, replacementHash, now, replacementIdleExpiry, grace, SessionClient.UNKNOWN);
  }

  /**
   * As {@link #rotate(String, String, Instant, Instant, Duration)}, recording {@code client} as the
   * session's last use when the token rotates.
   *
   * @param presentedHash the hash of the presented token
   * @param replacementHash the hash of the new token
   * @param now the current time
   * @param replacementIdleExpiry when the new token expires if unused
   * @param grace the reuse grace for the immediately previous token; zero for none
   * @param client where the refresh came from
   * @return the outcome and the family (null when unknown)
   * @throws TokenStoreException when the store fails
   */
  RotationResult rotate(
      String presentedHash,
      String replacementHash,
      Instant now,
      Instant replacementIdleExpiry,
      Duration grace,
      SessionClient client);

  /**
   * Revokes a family: none of its tokens refreshes again. Revoking an unknown or revoked family
   * does nothing.
   *
   * @param familyId the family id
   * @param now the current time
   * @throws TokenStoreException when the store fails
   */
  void revokeFamily(String familyId, Instant now);

  /**
   * A subject's live sessions: not revoked and before their absolute end, oldest first. A session
   * whose current token is past its idle timeout may still be listed until its absolute end (it can
   * no longer refresh).
   *
   * @param subject the subject
   * @param now the current time
   * @return the sessions
   * @throws TokenStoreException when the store fails
   */
  List<Session> sessions(String subject, Instant now);

  /**
   * Revokes every live family of a subject, except one.
   *
   * @param subject the subject
   * @param exceptFamilyId the family to keep (the caller's own session), or null to revoke all
   * @param now the current time
   * @return the ids of the families revoked by this call
   * @throws TokenStoreException when the store fails
   */
  List<String> revokeSessions(String subject, @Nullable String exceptFamilyId, Instant now);
}
