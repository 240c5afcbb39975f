package dev.bulwark.jwt.store;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import dev.bulwark.jwt.MfaChallenge;
import dev.bulwark.jwt.MfaChallengeStore;
import dev.bulwark.web.ConfigurationException;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A bounded in-memory {@link MfaChallengeStore} for a single instance (the default of {@link
 * dev.bulwark.jwt.TokenService} when it has a second factor).
 *
 * <p>Challenges are forgotten at their expiry; beyond {@code maxChallenges} the least recently used
 * are evicted (their sign-in must start again), so a flood of half-finished sign-ins cannot exhaust
 * the heap. Operations are serialised by one lock: a challenge is consumed exactly once. With
 * several instances behind a load balancer, use a shared store instead: a challenge created on one
 * instance is unknown to the others. Thread-safe.
 */
public final class InMemoryMfaChallengeStore implements MfaChallengeStore {

  private static final class Entry {
    final MfaChallenge challenge;
    int failures;

    Entry(MfaChallenge challenge) {
      this.challenge = challenge;
    }
  }

  private final Cache<String, Entry> challenges;
  private final long maxChallenges;

  private InMemoryMfaChallengeStore(long maxChallenges, Clock clock) {
    this.maxChallenges = maxChallenges;
    this.challenges =
        Caffeine.newBuilder()
            .executor(Runnable::run)
            .ticker(() -> clock.instant().toEpochMilli() * 1_000_000L)
            .maximumSize(maxChallenges)
            .expireAfter(
                new Expiry<String, Entry>() {
                  @Override
                  public long expireAfterCreate(String key, Entry value, long currentTime) {
                    return Math.max(
                        0, value.challenge.expiresAt().toEpochMilli() * 1_000_000L - currentTime);
                  }

                  @Override
                  public long expireAfterUpdate(
                      String key, Entry value, long currentTime, long currentDuration) {
                    return currentDuration;
                  }

                  @Override
                  public long expireAfterRead(
                      String key, Entry value, long currentTime, long currentDuration) {
                    return currentDuration;
                  }
                })
            .build();
  }

  /**
   * Creates a store.
   *
   * @param maxChallenges the most pending sign-ins kept, 1 to 10,000,000
   * @param clock the clock that decides expiry
   * @return the store
   * @throws ConfigurationException when maxChallenges is out of range
   */
  public static InMemoryMfaChallengeStore create(long maxChallenges, Clock clock) {
    if (maxChallenges < 1 || maxChallenges > 10_000_000) {
      throw new ConfigurationException(
          "InMemoryMfaChallengeStore: maxChallenges must be 1 to 10,000,000 (was "
              + maxChallenges
              + ")");
    }
    return new InMemoryMfaChallengeStore(maxChallenges, Objects.requireNonNull(clock, "clock"));
  }

  @Override
  public synchronized void create(String tokenHash, MfaChallenge challenge) {
    challenges.put(tokenHash, new Entry(challenge));
  }

  @Override
  public synchronized Optional<MfaChallenge> find(String tokenHash, Instant now) {
    Entry e = live(tokenHash, now);
    return e == null ? Optional.empty() : Optional.of(e.challenge);
  }

  @Override
  public synchronized boolean recordFailure(String tokenHash, Instant now, int maxFailures) {
    Entry e = live(tokenHash, now);
    if (e == null) {
      return false;
    }
    e.failures++;
    if (e.failures >= maxFailures) {
      challenges.invalidate(tokenHash);
      return false;
    }
    return true;
  }

  @Override
  public synchronized boolean consume(String tokenHash, Instant now) {
    Entry e = live(tokenHash, now);
    if (e == null) {
      return false;
    }
    challenges.invalidate(tokenHash);
    return true;
  }

  private @Nullable Entry live(String tokenHash, Instant now) {
    Entry e = challenges.getIfPresent(tokenHash);
    if (e == null) {
      return null;
    }
    if (!now.isBefore(e.challenge.expiresAt())) {
      challenges.invalidate(tokenHash);
      return null;
    }
    return e;
  }

  /** Its settings: the bound on pending sign-ins kept. */
  @Override
  public String toString() {
    return "InMemoryMfaChallengeStore[maxChallenges=" + maxChallenges + "]";
  }
}
