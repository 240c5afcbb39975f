package dev.bulwark.jwt.store;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.RemovalCause;
import dev.bulwark.jwt.RefreshFamily;
import dev.bulwark.jwt.RefreshTokenStore;
import dev.bulwark.jwt.RotationResult;
import dev.bulwark.jwt.Session;
import dev.bulwark.jwt.SessionClient;
import dev.bulwark.web.ConfigurationException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A bounded in-memory refresh-token store for a single instance (the embedded default).
 *
 * <p>Families and token records are forgotten a day after the family's absolute expiry (until then
 * a refresh is refused as {@code ABSOLUTE_EXPIRED}, not unknown). When more than {@code
 * maxFamilies} families (or {@code 16 × maxFamilies} token records) exist, the least recently used
 * are evicted: their refresh tokens then fail as unknown (the user logs in again), so a flood of
 * logins cannot exhaust the heap and nothing is accepted that should not be. Rotation is serialised
 * by one lock: exactly one of concurrent rotations of a token wins. A subject index (kept in step
 * with evictions) finds a subject's sessions without a scan. Thread-safe.
 */
public final class InMemoryRefreshTokenStore implements RefreshTokenStore {

  private static final class Family {
    final RefreshFamily family;
    boolean revoked;
    Instant lastUsedAt;
    SessionClient client;

    Family(RefreshFamily family, SessionClient client) {
      this.family = family;
      this.lastUsedAt = family.createdAt();
      this.client = client;
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

  /**
   * How long an ended family is remembered (refusing to refresh), so that a late refresh is told
   * "absolute lifetime over" rather than "unknown".
   */
  static final Duration RETAINED_AFTER_END = Duration.ofDays(1);

  private final Cache<String, Family> families;
  private final Cache<String, Token> tokens;
  private final long maxFamilies;
  // guarded by this; entries leave with their family (removal listener, run on the caller's thread)
  private final Map<String, Set<String>> bySubject = new HashMap<>();

  private InMemoryRefreshTokenStore(long maxFamilies, Clock clock) {
    this.maxFamilies = maxFamilies;
    this.families =
        Caffeine.newBuilder()
            .executor(Runnable::run)
            .ticker(() -> clock.instant().toEpochMilli() * 1_000_000L)
            .maximumSize(maxFamilies)
            .expireAfter(expiry((Family f) -> f.family.expiresAt().plus(RETAINED_AFTER_END)))
            .<String, Family>removalListener(
                (id, f, cause) -> {
                  // a replaced value keeps its id in the index (the family is still there)
                  if (id != null && f != null && cause != RemovalCause.REPLACED) {
                    unindex(f.family.subject(), id);
                  }
                })
            .build();
    this.tokens =
        Caffeine.newBuilder()
            .executor(Runnable::run)
            .ticker(() -> clock.instant().toEpochMilli() * 1_000_000L)
            .maximumSize(maxFamilies * 16)
            .expireAfter(expiry((Token t) -> t.expiresAt.plus(RETAINED_AFTER_END)))
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

  private synchronized void unindex(String subject, String familyId) {
    Set<String> ids = bySubject.get(subject);
    if (ids != null) {
      ids.remove(familyId);
      if (ids.isEmpty()) {
        bySubject.remove(subject);
      }
    }
  }

  @Override
  public synchronized void createFamily(
      RefreshFamily family, String tokenHash, Instant idleExpiry, SessionClient client) {
    Objects.requireNonNull(client, "client");
    families.put(family.familyId(), new Family(family, client));
    bySubject.computeIfAbsent(family.subject(), k -> new LinkedHashSet<>()).add(family.familyId());
    tokens.put(tokenHash, new Token(family.familyId(), family.expiresAt(), idleExpiry));
  }

  @Override
  public synchronized RotationResult rotate(
      String presentedHash,
      String replacementHash,
      Instant now,
      Instant replacementIdleExpiry,
      Duration grace,
      SessionClient client) {
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
      return new RotationResult(RotationResult.Status.ABSOLUTE_EXPIRED, family.family);
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
      return new RotationResult(RotationResult.Status.IDLE_EXPIRED, family.family);
    }
    toSpend.spentAt = now;
    family.lastUsedAt = now;
    family.client = client;
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

  @Override
  public synchronized List<Session> sessions(String subject, Instant now) {
    List<Session> out = new ArrayList<>();
    for (String id : List.copyOf(bySubject.getOrDefault(subject, Set.of()))) {
      Family f = families.getIfPresent(id);
      if (f != null && !f.revoked && now.isBefore(f.family.expiresAt())) {
        out.add(
            new Session(
                id, subject, f.family.createdAt(), f.lastUsedAt, f.family.expiresAt(), f.client));
      }
    }
    out.sort(Comparator.comparing(Session::createdAt).thenComparing(Session::id));
    return out;
  }

  @Override
  public synchronized List<String> revokeSessions(
      String subject, @Nullable String exceptFamilyId, Instant now) {
    List<String> revoked = new ArrayList<>();
    for (String id : List.copyOf(bySubject.getOrDefault(subject, Set.of()))) {
      Family f = families.getIfPresent(id);
      if (f != null && !f.revoked && !id.equals(exceptFamilyId)) {
        f.revoked = true;
        revoked.add(id);
      }
    }
    return revoked;
  }

  /** Its settings: the bound on families kept. */
  @Override
  public String toString() {
    return "InMemoryRefreshTokenStore[maxFamilies=" + maxFamilies + "]";
  }
}
