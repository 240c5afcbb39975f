package dev.bulwark.jwt.store;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import dev.bulwark.jwt.RefreshFamily;
import dev.bulwark.jwt.RefreshTokenStore;
import dev.bulwark.jwt.RotationResult;
import dev.bulwark.web.ConfigurationException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A bounded in-memory refresh-token store for a single instance (the embedded default).
 *
 * <p>Families and token records are forgotten at the family's absolute expiry. When more than
 * {@code maxFamilies} families (or {@code 16 × maxFamilies} token records) exist, the least
 * recently used are evicted: their refresh tokens then fail as unknown (the user logs in again), so
 * a flood of logins cannot exhaust the heap and nothing is accepted that should not be. Rotation is
 * serialised by one lock: exactly one of concurrent rotations of a token wins. Thread-safe.
 */
public final class InMemoryRefreshTokenStore implements RefreshTokenStore {

  private static final class Family {
    final RefreshFamily family;
    boolean revoked;

    Family(RefreshFamily family) {
      this.family = family;
    }
  }

  private static final class Token {
    final String familyId;
    final Instant expiresAt;
    final Instant idleExpiry;
    @Nullable Instant spentAt;
    @Nullable String successor;

    Token(String familyId, Instant expiresAt, Instant idleExpiry) {
      this.familyId = familyId;
      this.expiresAt = expiresAt;
      this.idleExpiry = idleExpiry;
    }
  }

  private final Cache<String, Family> families;
  private final Cache<String, Token> tokens;
  private final long maxFamilies;

  private InMemoryRefreshTokenStore(long maxFamilies, Clock clock) {
    this.maxFamilies = maxFamilies;
    this.families =
        Caffeine.newBuilder()
            .executor(Runnable::run)
            .ticker(() -> clock.instant().toEpochMilli() * 1_000_000L)
            .maximumSize(maxFamilies)
            .expireAfter(expiry((Family f) -> f.family.expiresAt()))
            .build();
    this.tokens =
        Caffeine.newBuilder()
            .executor(Runnable::run)
            .ticker(() -> clock.instant().toEpochMilli() * 1_000_000L)
            .maximumSize(maxFamilies * 16)
            .expireAfter(expiry((Token t) -> t.expiresAt))
            .build();
  }

  private interface Deadline<V> {
    Instant of(V value);
  }

  private static <V> Expiry<String, V> expiry(Deadline<V> deadline) {
    return new Expiry<>() {
      @Override
      public long expireAfterCreate(String key, V value, long currentTime) {
        return Math.max(0, deadline.of(value).toEpochMilli() * 1_000_000L - currentTime);
      }

      @Override
      public long expireAfterUpdate(String key, V value, long currentTime, long currentDuration) {
        return currentDuration;
      }

      @Override
      public long expireAfterRead(String key, V value, long currentTime, long currentDuration) {
        return currentDuration;
      }
    };
  }

  /**
   * Creates a store.
   *
   * @param maxFamilies the most families kept, 1 to 10,000,000
   * @param clock the clock that decides expiry
   * @return the store
   * @throws ConfigurationException when maxFamilies is out of range
   */
  public static InMemoryRefreshTokenStore create(long maxFamilies, Clock clock) {
    if (maxFamilies < 1 || maxFamilies > 10_000_000) {
      throw new ConfigurationException(
          "InMemoryRefreshTokenStore: maxFamilies must be 1 to 10,000,000 (was "
              + maxFamilies
              + ")");
    }
    return new InMemoryRefreshTokenStore(maxFamilies, Objects.requireNonNull(clock, "clock"));
  }

  @Override
  public synchronized void createFamily(
      RefreshFamily family, String tokenHash, Instant idleExpiry) {
    families.put(family.familyId(), new Family(family));
    tokens.put(tokenHash, new Token(family.familyId(), family.expiresAt(), idleExpiry));
  }

  @Override
  public synchronized RotationResult rotate(
      String presentedHash,
      String replacementHash,
      Instant now,
      Instant replacementIdleExpiry,
      Duration grace) {
    Token token = tokens.getIfPresent(presentedHash);
    if (token == null) {
      return new RotationResult(RotationResult.Status.UNKNOWN, null);
    }
    Family family = families.getIfPresent(token.familyId);
    if (family == null) {
      return new RotationResult(RotationResult.Status.UNKNOWN, null);
    }
    if (family.revoked) {
      return new RotationResult(RotationResult.Status.REVOKED, family.family);
    }
    if (!now.isBefore(family.family.expiresAt())) {
      return new RotationResult(RotationResult.Status.EXPIRED, family.family);
    }
    Token toSpend = token;
    if (token.spentAt != null) {
      Token successor = token.successor == null ? null : tokens.getIfPresent(token.successor);
      boolean inGrace =
          !grace.isZero()
              && now.isBefore(token.spentAt.plus(grace))
              && successor != null
              && successor.spentAt == null;
      if (!inGrace || successor == null) {
        family.revoked = true;
        return new RotationResult(RotationResult.Status.REUSE_DETECTED, family.family);
      }
      toSpend = successor;
    } else if (!now.isBefore(token.idleExpiry)) {
      return new RotationResult(RotationResult.Status.EXPIRED, family.family);
    }
    toSpend.spentAt = now;
    toSpend.successor = replacementHash;
    tokens.put(
        replacementHash,
        new Token(token.familyId, family.family.expiresAt(), replacementIdleExpiry));
    return new RotationResult(RotationResult.Status.ROTATED, family.family);
  }

  @Override
  public synchronized void revokeFamily(String familyId, Instant now) {
    Family family = families.getIfPresent(familyId);
    if (family != null) {
      family.revoked = true;
    }
  }

  /** Its settings: the bound on families kept. */
  @Override
  public String toString() {
    return "InMemoryRefreshTokenStore[maxFamilies=" + maxFamilies + "]";
  }
}
