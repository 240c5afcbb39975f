package dev.bulwark.ratelimit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import dev.bulwark.ratelimit.internal.ClockTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.ToLongFunction;

/**
 * The default {@link BruteForceStore}: bounded maps of this JVM, one per {@link Kind} (Caffeine: at
 * most {@code maxTrackedKeys} entries each, an entry forgotten once untouched for its limit's
 * {@link FailureLimit#retention() retention}, on the policy's clock). An evicted entry is
 * forgotten; frequently failing keys survive a flood of one-off keys. Never fails.
 */
final class InMemoryBruteForceStore implements BruteForceStore {

  /** Failure count (as a theoretical arrival time) and lock state of one key. */
  private static final class Tracker {
    private final long retentionNanos;
    private long tatNanos = Long.MIN_VALUE;
    private long lockedUntilNanos = Long.MIN_VALUE;
    private int locks;

    Tracker(long retentionNanos) {
      this.retentionNanos = retentionNanos;
    }
  }

  /** The distinct clients that failed on one username, forgotten after the retention. */
  private static final class FailingClients {
    private final long retentionNanos;
    private final Set<String> clients = new HashSet<>();

    FailingClients(long retentionNanos) {
      this.retentionNanos = retentionNanos;
    }
  }

  /** Each entry expires after its own retention, counted from its last access. */
  private static final class RetentionExpiry<V> implements Expiry<String, V> {
    private final ToLongFunction<V> retention;

    RetentionExpiry(ToLongFunction<V> retention) {
      this.retention = retention;
    }

    @Override
    public long expireAfterCreate(String key, V value, long currentTime) {
      return retention.applyAsLong(value);
    }

    @Override
    public long expireAfterUpdate(String key, V value, long currentTime, long currentDuration) {
      return retention.applyAsLong(value);
    }

    @Override
    public long expireAfterRead(String key, V value, long currentTime, long currentDuration) {
      return retention.applyAsLong(value);
    }
  }

  private final Map<Kind, Cache<String, Tracker>> maps = new EnumMap<>(Kind.class);
  private final Cache<String, FailingClients> failingClients;
  private final long maxTrackedKeys;

  InMemoryBruteForceStore(long maxTrackedKeys, Clock clock) {
    this.maxTrackedKeys = maxTrackedKeys;
    ClockTime time = new ClockTime(clock);
    for (Kind kind : Kind.values()) {
      maps.put(
          kind,
          Caffeine.newBuilder()
              .maximumSize(maxTrackedKeys)
              .expireAfter(new RetentionExpiry<Tracker>(t -> t.retentionNanos))
              .ticker(time)
              .build());
    }
    // one set per username, each capped at MAX_FAILING_CLIENTS: bounded like the counters
    failingClients =
        Caffeine.newBuilder()
            .maximumSize(maxTrackedKeys)
            .expireAfter(new RetentionExpiry<FailingClients>(f -> f.retentionNanos))
            .ticker(time)
            .build();
  }

  private static long nanos(Instant now) {
    return Math.addExact(Math.multiplyExact(now.getEpochSecond(), 1_000_000_000L), now.getNano());
  }

  @Override
  public Duration lockedFor(Kind kind, String key, Instant now) {
    Tracker t = map(kind).getIfPresent(key);
    if (t == null) {
      return Duration.ZERO;
    }
    long n = nanos(now);
    synchronized (t) {
      // compare before subtracting: the initial Long.MIN_VALUE would overflow
      return t.lockedUntilNanos > n ? Duration.ofNanos(t.lockedUntilNanos - n) : Duration.ZERO;
    }
  }

  @Override
  public Optional<Duration> recordFailure(Kind kind, String key, FailureLimit limit, Instant now) {
    long n = nanos(now);
    Tracker t = map(kind).get(key, k -> new Tracker(limit.retention().toNanos()));
    synchronized (t) {
      if (t.lockedUntilNanos > n) {
        return Optional.empty();
      }
      // GCRA, the same arithmetic as a greedy token bucket: each failure pushes the theoretical
      // arrival time one interval further; the failure that pushes it beyond max - 1 intervals
      // ahead of now takes the last token.
      long interval = limit.interval().toNanos();
      long tat = Math.max(t.tatNanos, n) + interval;
      if (tat - n <= (limit.maxFailures() - 1) * interval) {
        t.tatNanos = tat;
        return Optional.empty();
      }
      Duration lock = limit.lockDuration(t.locks);
      t.locks++;
      t.lockedUntilNanos = n + lock.toNanos();
      // a fresh count after the lock: the next lock needs a full run of failures again
      t.tatNanos = Long.MIN_VALUE;
      return Optional.of(lock);
    }
  }

  @Override
  public void clear(Kind kind, String key) {
    map(kind).invalidate(key);
  }

  @Override
  public long addFailingClient(String username, String client, Duration retention, Instant now) {
    FailingClients f = failingClients.get(username, k -> new FailingClients(retention.toNanos()));
    synchronized (f) {
      if (f.clients.size() < MAX_FAILING_CLIENTS) {
        f.clients.add(client);
      }
      return f.clients.size();
    }
  }

  @Override
  public void clearFailingClients(String username) {
    failingClients.invalidate(username);
  }

  @Override
  public FailurePolicy failurePolicy() {
    return FailurePolicy.FAIL_CLOSED;
  }

  /** The bound and the failure policy, for the start-up log. */
  @Override
  public String toString() {
    return "InMemoryBruteForceStore[maxTrackedKeys=" + maxTrackedKeys + " per kind]";
  }

  private Cache<String, Tracker> map(Kind kind) {
    return Objects.requireNonNull(maps.get(kind), "every kind has a map");
  }
}
