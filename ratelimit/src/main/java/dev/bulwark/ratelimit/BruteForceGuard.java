package dev.bulwark.ratelimit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.bulwark.event.Outcome;
import dev.bulwark.event.SecurityEvent;
import dev.bulwark.event.SecurityEventPublisher;
import dev.bulwark.ratelimit.internal.ClockTime;
import dev.bulwark.web.ResolvedClient;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.Normalizer;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Slows credential guessing on a login endpoint: failures are counted per username and per client,
 * a username that fails too often is locked for a while, a client that fails too often across
 * usernames is throttled, and (optionally) a client that keeps failing is banned. Locks grow: each
 * further lock of the same key lasts twice as long, up to a maximum.
 *
 * <p>This stops both shapes of attack: one address trying many accounts (the per-client count) and
 * many addresses trying one account (the per-username count).
 *
 * <p><b>No enumeration.</b> A locked username gets {@link
 * BruteForceVerdict.Action#REJECT_AS_INVALID_CREDENTIALS}: the endpoint must answer exactly as for
 * a wrong password and do the same work (verify against a hash anyway), so an attacker cannot learn
 * that an account exists or is locked. The lock's remaining time is never exposed. Throttled or
 * banned <em>clients</em> get a plain 429, which says only that this client failed too often.
 *
 * <p>Usage in a login servlet:
 *
 * <pre>{@code
 * ResolvedClient client = ServletClients.resolve(request, null);
 * BruteForceVerdict v = guard.check(username, client);
 * if (v.action() == BruteForceVerdict.Action.REJECT_CLIENT) {
 *   BruteForceResponses.sendClientRejected(response, v);     // 429 + Retry-After
 *   return;
 * }
 * boolean ok = passwords.verify(username, password);        // always do the work
 * if (ok && v.action() == BruteForceVerdict.Action.PROCEED) {
 *   guard.recordSuccess(username, client);
 *   ... issue the session ...
 * } else {
 *   guard.recordFailure(username, client);
 *   ... the one "invalid username or password" answer ...
 * }
 * }</pre>
 *
 * <p>Failures on a locked username count against the client but do not extend the username's lock
 * (otherwise anyone could keep a victim locked out forever by failing once every few minutes; the
 * lock still holds for its full time). A success clears the username's failures and lock history,
 * not the client's: one valid account must not reset an attacker's budget.
 *
 * <p>State lives in bounded in-memory maps of this JVM; thread-safe.
 */
public final class BruteForceGuard {

  private final BruteForcePolicy policy;
  private final SecurityEventPublisher events;
  private final ClockTime time;
  private final Cache<String, Tracker> usernames;
  private final Cache<String, Tracker> clients;
  private final Cache<String, Tracker> bans;

  /** Failure count and lock state of one key. */
  private static final class Tracker {
    private final Bucket failures;
    private long lockedUntilNanos = Long.MIN_VALUE;
    private int locks;

    Tracker(Bucket failures) {
      this.failures = failures;
    }
  }

  private BruteForceGuard(BruteForcePolicy policy, SecurityEventPublisher events) {
    this.policy = policy;
    this.events = events;
    this.time = new ClockTime(policy.clock);
    Duration keep = policy.failureWindow.plus(policy.maxLockDuration);
    this.usernames = cache(keep);
    this.clients = cache(keep);
    this.bans = cache(policy.banWindow.plus(policy.banDuration));
  }

  private Cache<String, Tracker> cache(Duration keep) {
    return Caffeine.newBuilder()
        .maximumSize(policy.maxTrackedKeys)
        .expireAfterAccess(keep)
        .ticker(time)
        .build();
  }

  /**
   * A guard with a policy, publishing to the logging publisher.
   *
   * @param policy the policy
   * @return the guard
   */
  public static BruteForceGuard create(BruteForcePolicy policy) {
    return create(policy, SecurityEventPublisher.logging());
  }

  /**
   * A guard with a policy and an event publisher.
   *
   * @param policy the policy
   * @param events where lock, throttle and ban events go
   * @return the guard
   */
  public static BruteForceGuard create(BruteForcePolicy policy, SecurityEventPublisher events) {
    return new BruteForceGuard(
        Objects.requireNonNull(policy, "policy"), Objects.requireNonNull(events, "events"));
  }

  /**
   * Decides whether a login attempt may be verified. Call it before verifying the credentials.
   *
   * @param username the username as typed (normalised here: NFKC, lower case, trimmed)
   * @param client the resolved client
   * @return the verdict
   */
  public BruteForceVerdict check(String username, ResolvedClient client) {
    return check(username, client.rateLimitKey());
  }

  /**
   * Decides whether a login attempt may be verified.
   *
   * @param username the username as typed
   * @param clientKey the client's rate-limit key (its address, or IPv6 prefix)
   * @return the verdict
   */
  public BruteForceVerdict check(String username, String clientKey) {
    long now = time.currentTimeNanos();
    long wait = Math.max(lockedFor(bans, clientKey, now), lockedFor(clients, clientKey, now));
    if (wait > 0) {
      return new BruteForceVerdict(BruteForceVerdict.Action.REJECT_CLIENT, Duration.ofNanos(wait));
    }
    if (lockedFor(usernames, usernameKey(username), now) > 0) {
      return BruteForceVerdict.LOCKED;
    }
    return BruteForceVerdict.PROCEED;
  }

  /**
   * Records a failed attempt (wrong password, unknown user, or a locked username).
   *
   * @param username the username as typed
   * @param client the resolved client
   */
  public void recordFailure(String username, ResolvedClient client) {
    recordFailure(username, client.rateLimitKey(), client.address());
  }

  /**
   * Records a failed attempt.
   *
   * @param username the username as typed
   * @param clientKey the client's rate-limit key
   */
  public void recordFailure(String username, String clientKey) {
    recordFailure(username, clientKey, clientKey);
  }

  private void recordFailure(String username, String clientKey, String clientAddress) {
    long now = time.currentTimeNanos();
    if (policy.banAfterFailures > 0) {
      Tracker ban = tracker(bans, clientKey, policy.banAfterFailures, policy.banWindow);
      synchronized (ban) {
        if (ban.lockedUntilNanos <= now && exhausted(ban)) {
          ban.lockedUntilNanos = now + policy.banDuration.toNanos();
          publish(RateLimitEvents.BANNED, clientAddress, null, policy.banDuration);
        }
      }
    }
    Tracker c = tracker(clients, clientKey, policy.maxClientFailures, policy.failureWindow);
    lockIfExhausted(c, now, RateLimitEvents.CLIENT_THROTTLED, clientAddress, null);
    String user = usernameKey(username);
    Tracker u = tracker(usernames, user, policy.maxUsernameFailures, policy.failureWindow);
    lockIfExhausted(u, now, RateLimitEvents.LOCKED, clientAddress, username);
  }

  /**
   * Records a successful login: clears the username's failures and lock history. The client's
   * failures stay counted.
   *
   * @param username the username as typed
   * @param client the resolved client
   */
  public void recordSuccess(String username, ResolvedClient client) {
    recordSuccess(username, client.rateLimitKey());
  }

  /**
   * Records a successful login.
   *
   * @param username the username as typed
   * @param clientKey the client's rate-limit key
   */
  public void recordSuccess(String username, String clientKey) {
    Objects.requireNonNull(clientKey, "clientKey");
    usernames.invalidate(usernameKey(username));
  }

  private void lockIfExhausted(
      Tracker t,
      long now,
      dev.bulwark.event.SecurityEventType type,
      String client,
      @Nullable String subject) {
    Duration lock;
    synchronized (t) {
      if (t.lockedUntilNanos > now) {
        return;
      }
      if (!exhausted(t)) {
        return;
      }
      int shift = Math.min(t.locks, 30);
      long nanos = policy.lockDuration.toNanos();
      long max = policy.maxLockDuration.toNanos();
      nanos = nanos > (max >> shift) ? max : Math.min(max, nanos << shift);
      t.locks++;
      t.lockedUntilNanos = now + nanos;
      // a fresh window after the lock: the next lock needs a full run of failures again
      t.failures.reset();
      lock = Duration.ofNanos(nanos);
    }
    publish(type, client, subject, lock);
  }

  private static boolean exhausted(Tracker t) {
    ConsumptionProbe p = t.failures.tryConsumeAndReturnRemaining(1);
    return !p.isConsumed() || p.getRemainingTokens() == 0;
  }

  private void publish(
      dev.bulwark.event.SecurityEventType type,
      String client,
      @Nullable String subject,
      Duration duration) {
    events.publish(
        SecurityEvent.builder(type, Outcome.DENIED)
            .clock(policy.clock)
            .client(client)
            .subject(subject)
            .detail("duration_s", Long.toString(duration.toSeconds()))
            .build());
  }

  private long lockedFor(Cache<String, Tracker> cache, String key, long now) {
    Tracker t = cache.getIfPresent(key);
    if (t == null) {
      return 0;
    }
    synchronized (t) {
      // compare before subtracting: the initial Long.MIN_VALUE would overflow
      return t.lockedUntilNanos > now ? t.lockedUntilNanos - now : 0;
    }
  }

  private Tracker tracker(Cache<String, Tracker> cache, String key, long max, Duration window) {
    return cache.get(
        key,
        k ->
            new Tracker(
                Bucket.builder()
                    .addLimit(b -> b.capacity(max).refillGreedy(max, window))
                    .withCustomTimePrecision(time)
                    .build()));
  }

  static String usernameKey(String username) {
    Objects.requireNonNull(username, "username");
    String n =
        Normalizer.normalize(username, Normalizer.Form.NFKC).strip().toLowerCase(Locale.ROOT);
    if (n.length() <= KeyFunction.MAX_KEY_CHARS) {
      return n;
    }
    try {
      return "sha256:"
          + HexFormat.of()
              .formatHex(
                  MessageDigest.getInstance("SHA-256").digest(n.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every Java platform", e);
    }
  }
}
