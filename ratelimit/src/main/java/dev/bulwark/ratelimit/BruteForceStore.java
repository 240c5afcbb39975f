package dev.bulwark.ratelimit;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a {@link BruteForceGuard} keeps its state: failure counts, locks and how many times each
 * key was locked. The default is a bounded map in this JVM; {@code
 * dev.bulwark.ratelimit.redis.RedisBruteForceStore} shares the state between every application
 * instance that uses the same Redis, so an attacker who spreads guesses over several instances gets
 * no more of them, and a lock taken on one instance holds on all.
 *
 * <p>The store holds only state operations; the guard decides what they mean and publishes the
 * events. Every key is one of three {@link Kind kinds}, each its own namespace. Keys reach the
 * store already normalised and bounded (at most {@value KeyFunction#MAX_KEY_CHARS} characters,
 * longer ones are hashed by the guard).
 *
 * <p><b>Time.</b> The guard passes its clock's current instant to every operation, and stores
 * compute with it rather than with their own clock (a shared store thus follows the callers'
 * clocks, which must be synchronised, for example by NTP; a skew of a few seconds shifts windows
 * and locks by that much).
 *
 * <p><b>Contract.</b> Implementations must be thread-safe, and each operation must be atomic per
 * key across every guard that shares the store: two concurrent failures are both counted, and the
 * failure that exhausts a key is the only one that returns a new lock. A backend failure (server
 * unreachable, timeout) is signalled by throwing {@link BruteForceStoreException}; the guard then
 * applies {@link #failurePolicy()}.
 */
public interface BruteForceStore extends AutoCloseable {

  /** The namespaces of keys. */
  enum Kind {
    /** A normalised username; locking it answers like a wrong password. */
    USERNAME,
    /** A client's rate-limit key (its address, or IPv6 prefix); locking it throttles the client. */
    CLIENT,
    /** A client's rate-limit key, counted over the ban window; locking it bans the client. */
    BAN,
    /**
     * A trusted device's id ({@link DeviceTrustPolicy}): its wrong passwords; locking it revokes
     * the device's trust for as long as its tokens could live.
     */
    DEVICE
  }

  /** The most distinct clients remembered per username by {@link #addFailingClient}. */
  int MAX_FAILING_CLIENTS = 1000;

  /**
   * How failures on one kind of key are counted and how long the resulting locks last.
   *
   * <p>Failures are counted in a token bucket of {@code maxFailures} that forgets one failure every
   * {@link #interval()} ({@code window / maxFailures}): the failure that takes the last token locks
   * the key. Each lock of the same key lasts twice as long as the previous one, up to {@code
   * maxLock}; after a lock the count starts again from zero.
   *
   * @param maxFailures failures within the window that lock the key, at least 1
   * @param window the counting window, positive
   * @param firstLock the first lock's duration, positive
   * @param maxLock the longest lock, not below {@code firstLock}
   */
  record FailureLimit(long maxFailures, Duration window, Duration firstLock, Duration maxLock) {

    /**
     * Checks the fields.
     *
     * @param maxFailures at least 1
     * @param window positive
     * @param firstLock positive
     * @param maxLock not below {@code firstLock}
     */
    public FailureLimit {
      Objects.requireNonNull(window, "window");
      Objects.requireNonNull(firstLock, "firstLock");
      Objects.requireNonNull(maxLock, "maxLock");
      if (maxFailures < 1) {
        throw new IllegalArgumentException("maxFailures must be at least 1");
      }
      if (window.isNegative() || window.isZero() || firstLock.isNegative() || firstLock.isZero()) {
        throw new IllegalArgumentException("window and firstLock must be positive");
      }
      if (maxLock.compareTo(firstLock) < 0) {
        throw new IllegalArgumentException("maxLock must not be shorter than firstLock");
      }
    }

    /**
     * How long it takes the bucket to forget one failure: {@code window / maxFailures}, at least
     * one nanosecond.
     *
     * @return the interval
     */
    public Duration interval() {
      return Duration.ofNanos(Math.max(1, window.toNanos() / maxFailures));
    }

    /**
     * The duration of the next lock of a key that was already locked {@code previousLocks} times:
     * {@code firstLock * 2^previousLocks}, at most {@code maxLock}.
     *
     * @param previousLocks how many times the key was locked before, not negative
     * @return the duration
     */
    public Duration lockDuration(int previousLocks) {
      if (previousLocks < 0) {
        throw new IllegalArgumentException("previousLocks must not be negative");
      }
      int shift = Math.min(previousLocks, 62);
      long first = firstLock.toNanos();
      long max = maxLock.toNanos();
      return Duration.ofNanos(first > (max >> shift) ? max : Math.min(max, first << shift));
    }

    /**
     * How long a store must remember a key after its last recorded failure: the window plus the
     * longest lock. Forgetting it earlier could shorten a lock or forget a lock count; remembering
     * it longer changes nothing but memory.
     *
     * @return the retention
     */
    public Duration retention() {
      return window.plus(maxLock);
    }
  }

  /**
   * How much longer a key stays locked.
   *
   * @param kind the key's kind
   * @param key the key
   * @param now the caller's current time
   * @return the remaining lock, or {@link Duration#ZERO} when the key is not locked
   * @throws BruteForceStoreException when the backend fails
   */
  Duration lockedFor(Kind kind, String key, Instant now);

  /**
   * Counts one failure on a key, atomically: when the key is locked, nothing changes (a failure
   * during a lock neither counts nor extends the lock); otherwise the failure is counted and, when
   * it exhausts {@code limit}, the key is locked for {@link FailureLimit#lockDuration(int)} of its
   * previous lock count, the count of locks grows by one and the failure count starts again.
   *
   * @param kind the key's kind
   * @param key the key
   * @param limit how failures are counted and locks last
   * @param now the caller's current time
   * @return the duration of the lock this failure started, or empty when it started none
   * @throws BruteForceStoreException when the backend fails
   */
  Optional<Duration> recordFailure(Kind kind, String key, FailureLimit limit, Instant now);

  /**
   * Forgets a key: its failures, its lock and its lock count.
   *
   * @param kind the key's kind
   * @param key the key
   * @throws BruteForceStoreException when the backend fails
   */
  void clear(Kind kind, String key);

  /**
   * Remembers that a client failed on a username, atomically, and answers how many distinct clients
   * did since the set was last cleared (at most {@value #MAX_FAILING_CLIENTS}: further clients are
   * not added). The set is forgotten {@code retention} after its last change. The guard reports the
   * count in its lock event, so an operator sees whether one address or a botnet locked an account.
   *
   * @param username the normalised username key
   * @param client the client's bounded key
   * @param retention how long the set lives after its last change
   * @param now the caller's current time
   * @return the number of distinct clients, this one included
   * @throws BruteForceStoreException when the backend fails
   */
  long addFailingClient(String username, String client, Duration retention, Instant now);

  /**
   * Forgets the distinct clients recorded for a username (after a lock or a successful sign-in).
   *
   * @param username the normalised username key
   * @throws BruteForceStoreException when the backend fails
   */
  void clearFailingClients(String username);

  /**
   * What the guard does when this store fails.
   *
   * @return the policy; a store that cannot fail answers {@link FailurePolicy#FAIL_CLOSED}
   */
  FailurePolicy failurePolicy();

  /** Releases connections the store owns; the in-memory store has none. */
  @Override
  default void close() {}
}
