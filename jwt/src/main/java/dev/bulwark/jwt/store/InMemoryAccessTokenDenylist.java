package dev.bulwark.jwt.store;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import dev.bulwark.jwt.AccessTokenDenylist;
import dev.bulwark.jwt.TokenStoreException;
import dev.bulwark.web.ConfigurationException;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.function.BinaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * A bounded in-memory denylist for a single instance: token ids, sessions and per-subject
 * not-before times, each kept in its own bounded map. Entries disappear when the tokens they deny
 * would have expired anyway. When {@code maxEntries} live entries of one kind exist, a new one is
 * refused with {@link TokenStoreException} rather than evict another: forgetting a revocation would
 * silently re-validate a logged-out token. Thread-safe.
 */
public final class InMemoryAccessTokenDenylist implements AccessTokenDenylist {

  /**
   * Denied until {@code until}; for a subject, the tokens issued at or before {@code notBefore}.
   */
  private record Entry(Instant notBefore, Instant until) {}

  private final Cache<String, Entry> tokens;
  private final Cache<String, Entry> sessions;
  private final Cache<String, Entry> subjects;
  private final long maxEntries;
  private final Clock clock;

  private InMemoryAccessTokenDenylist(long maxEntries, Clock clock) {
    this.maxEntries = maxEntries;
    this.clock = clock;
    this.tokens = cache(clock);
    this.sessions = cache(clock);
    this.subjects = cache(clock);
  }

  private static Cache<String, Entry> cache(Clock clock) {
    return Caffeine.newBuilder()
        .executor(Runnable::run)
        .ticker(() -> nanos(clock.instant()))
        .expireAfter(
            new Expiry<String, Entry>() {
              @Override
              public long expireAfterCreate(String key, Entry e, long currentTime) {
                return Math.max(0, nanos(e.until()) - currentTime);
              }

              @Override
              public long expireAfterUpdate(
                  String key, Entry e, long currentTime, long currentDuration) {
                return expireAfterCreate(key, e, currentTime);
              }

              @Override
              public long expireAfterRead(
                  String key, Entry e, long currentTime, long currentDuration) {
                return currentDuration;
              }
            })
        .build();
  }

  private static long nanos(Instant t) {
    return t.toEpochMilli() * 1_000_000L;
  }

  /**
   * Creates a denylist.
   *
   * @param maxEntries the most live entries of each kind (token ids, sessions, subjects), 1 to
   *     10,000,000
   * @param clock the clock that decides expiry
   * @return the denylist
   * @throws ConfigurationException when maxEntries is out of range
   */
  public static InMemoryAccessTokenDenylist create(long maxEntries, Clock clock) {
    if (maxEntries < 1 || maxEntries > 10_000_000) {
      throw new ConfigurationException(
          "InMemoryAccessTokenDenylist: maxEntries must be 1 to 10,000,000 (was "
              + maxEntries
              + ")");
    }
    return new InMemoryAccessTokenDenylist(maxEntries, Objects.requireNonNull(clock, "clock"));
  }

  private static Instant later(Instant a, Instant b) {
    return a.isAfter(b) ? a : b;
  }

  private static final BinaryOperator<Entry> LATER =
      (a, b) -> new Entry(later(a.notBefore(), b.notBefore()), later(a.until(), b.until()));

  private synchronized void put(Cache<String, Entry> cache, String kind, String key, Entry e) {
    if (!e.until().isAfter(clock.instant())) {
      return;
    }
    if (cache.getIfPresent(key) == null && cache.estimatedSize() >= maxEntries) {
      cache.cleanUp();
      if (cache.estimatedSize() >= maxEntries) {
        throw new TokenStoreException(
            "the in-memory denylist is full ("
                + maxEntries
                + " "
                + kind
                + " entries); raise maxEntries or use a shared store");
      }
    }
    cache.asMap().merge(key, e, LATER);
  }

  @Override
  public void deny(String jwtId, Instant until) {
    Objects.requireNonNull(jwtId, "jwtId");
    Objects.requireNonNull(until, "until");
    put(tokens, "token", jwtId, new Entry(until, until));
  }

  @Override
  public void denySession(String sessionId, Instant until) {
    Objects.requireNonNull(sessionId, "sessionId");
    Objects.requireNonNull(until, "until");
    put(sessions, "session", sessionId, new Entry(until, until));
  }

  @Override
  public void denySubjectBefore(String subject, Instant notBefore, Instant until) {
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(notBefore, "notBefore");
    Objects.requireNonNull(until, "until");
    put(subjects, "subject", subject, new Entry(notBefore, until));
  }

  @Override
  public boolean isDenied(String jwtId, Instant now) {
    Entry e = tokens.getIfPresent(jwtId);
    return e != null && now.isBefore(e.until());
  }

  @Override
  public boolean isDenied(
      String jwtId, @Nullable String sessionId, String subject, Instant issuedAt, Instant now) {
    if (!jwtId.isEmpty() && isDenied(jwtId, now)) {
      return true;
    }
    if (sessionId != null) {
      Entry s = sessions.getIfPresent(sessionId);
      if (s != null && now.isBefore(s.until())) {
        return true;
      }
    }
    Entry u = subjects.getIfPresent(subject);
    return u != null && now.isBefore(u.until()) && !issuedAt.isAfter(u.notBefore());
  }

  /**
   * The number of live entries of all kinds (approximate).
   *
   * @return the size
   */
  public long size() {
    return tokens.estimatedSize() + sessions.estimatedSize() + subjects.estimatedSize();
  }

  /** Its settings: the bound on live entries (of each kind). */
  @Override
  public String toString() {
    return "InMemoryAccessTokenDenylist[maxEntries=" + maxEntries + "]";
  }
}
