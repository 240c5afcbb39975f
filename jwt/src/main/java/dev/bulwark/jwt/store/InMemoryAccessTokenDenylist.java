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

/**
 * A bounded in-memory denylist for a single instance. Entries disappear when the token would have
 * expired anyway. When {@code maxEntries} live entries exist, {@link #deny} throws {@link
 * TokenStoreException} rather than evict one: forgetting a revocation would silently re-validate a
 * logged-out token. Thread-safe.
 */
public final class InMemoryAccessTokenDenylist implements AccessTokenDenylist {

  private final Cache<String, Instant> entries;
  private final long maxEntries;
  private final Clock clock;

  private InMemoryAccessTokenDenylist(long maxEntries, Clock clock) {
    this.maxEntries = maxEntries;
    this.clock = clock;
    this.entries =
        Caffeine.newBuilder()
            .executor(Runnable::run)
            .ticker(() -> nanos(clock.instant()))
            .expireAfter(
                new Expiry<String, Instant>() {
                  @Override
                  public long expireAfterCreate(String key, Instant until, long currentTime) {
                    return Math.max(0, until.toEpochMilli() * 1_000_000L - currentTime);
                  }

                  @Override
                  public long expireAfterUpdate(
                      String key, Instant until, long currentTime, long currentDuration) {
                    return expireAfterCreate(key, until, currentTime);
                  }

                  @Override
                  public long expireAfterRead(
                      String key, Instant until, long currentTime, long currentDuration) {
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
   * @param maxEntries the most live entries, 1 to 10,000,000
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

  @Override
  public synchronized void deny(String jwtId, Instant until) {
    Objects.requireNonNull(jwtId, "jwtId");
    Objects.requireNonNull(until, "until");
    if (!until.isAfter(clock.instant())) {
      return;
    }
    if (entries.getIfPresent(jwtId) == null && entries.estimatedSize() >= maxEntries) {
      entries.cleanUp();
      if (entries.estimatedSize() >= maxEntries) {
        throw new TokenStoreException(
            "the in-memory denylist is full ("
                + maxEntries
                + " entries); raise maxEntries or use a shared store");
      }
    }
    entries.asMap().merge(jwtId, until, (a, b) -> a.isAfter(b) ? a : b);
  }

  @Override
  public boolean isDenied(String jwtId, Instant now) {
    Instant until = entries.getIfPresent(jwtId);
    return until != null && now.isBefore(until);
  }

  /**
   * The number of live entries (approximate).
   *
   * @return the size
   */
  public long size() {
    return entries.estimatedSize();
  }

  /** Its settings: the bound on live entries. */
  @Override
  public String toString() {
    return "InMemoryAccessTokenDenylist[maxEntries=" + maxEntries + "]";
  }
}
