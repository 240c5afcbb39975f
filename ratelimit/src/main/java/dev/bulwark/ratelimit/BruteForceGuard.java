package dev.bulwark.ratelimit;

import dev.bulwark.event.Outcome;
import dev.bulwark.event.SecurityEvent;
import dev.bulwark.event.SecurityEventPublisher;
import dev.bulwark.event.SecurityEventType;
import dev.bulwark.ratelimit.BruteForceStore.FailureLimit;
import dev.bulwark.ratelimit.BruteForceStore.Kind;
import dev.bulwark.web.DeviceToken;
import dev.bulwark.web.ResolvedClient;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.Normalizer;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
 * <p><b>State.</b> By default it lives in bounded in-memory maps of this JVM ({@link
 * BruteForcePolicy.Builder#maxTrackedKeys(long)}). An application running several instances behind
 * a load balancer passes a shared {@link BruteForceStore} (such as {@code
 * dev.bulwark.ratelimit.redis.RedisBruteForceStore}) to {@link #create(BruteForcePolicy,
 * SecurityEventPublisher, BruteForceStore)}: otherwise each instance counts on its own, an attacker
 * who spreads guesses over N instances gets N times the attempts, and a lock on one instance is not
 * seen by the others.
 *
 * <p><b>When the store fails</b> (Redis unreachable or too slow), the guard applies the store's
 * {@link FailurePolicy} and publishes a {@link RateLimitEvents#BRUTE_FORCE_BACKEND_ERROR} event for
 * every failed operation (the log gets one stack trace per {@link RateLimiter#REPORT_INTERVAL}):
 *
 * <ul>
 *   <li>{@link FailurePolicy#FAIL_CLOSED} (the default of every store): {@link #check} answers
 *       {@link BruteForceVerdict.Action#UNAVAILABLE}, which the endpoint answers with 503 and
 *       {@code Retry-After} ({@link
 *       dev.bulwark.ratelimit.servlet.BruteForceResponses#sendUnavailable}). An endpoint that does
 *       not know that action and only proceeds on {@code PROCEED} still fails closed: it refuses
 *       even the right password.
 *   <li>{@link FailurePolicy#FAIL_OPEN}: {@link #check} answers {@code PROCEED}; guesses are not
 *       counted while the store is down, so nothing but the events limits them.
 * </ul>
 *
 * <p>{@link #recordFailure} and {@link #recordSuccess} never throw for a store failure: they
 * publish the event and return (the next {@link #check} fails closed, or open, per the policy).
 *
 * <p>Thread-safe.
 */
public final class BruteForceGuard {

  private static final Logger LOG = LoggerFactory.getLogger(BruteForceGuard.class);

  /** The verdict of a fail-closed check while the store is down. */
  static final BruteForceVerdict UNAVAILABLE =
      new BruteForceVerdict(
          BruteForceVerdict.Action.UNAVAILABLE, RateLimiter.UNAVAILABLE_RETRY_AFTER);

  private final BruteForcePolicy policy;
  private final SecurityEventPublisher events;
  private final BruteForceStore store;
  private final FailureLimit usernameLimit;
  private final FailureLimit clientLimit;
  private final @Nullable FailureLimit banLimit;
  private final @Nullable DeviceTokens devices;
  private final @Nullable FailureLimit deviceLimit;
  private final OncePerInterval storeFailureLog = new OncePerInterval(RateLimiter.REPORT_INTERVAL);

  private BruteForceGuard(
      BruteForcePolicy policy, SecurityEventPublisher events, BruteForceStore store) {
    this.policy = policy;
    this.events = events;
    this.store = store;
    this.usernameLimit =
        new FailureLimit(
            policy.maxUsernameFailures,
            policy.failureWindow,
            policy.lockDuration,
            policy.maxLockDuration);
    this.clientLimit =
        new FailureLimit(
            policy.maxClientFailures,
            policy.failureWindow,
            policy.lockDuration,
            policy.maxLockDuration);
    this.banLimit =
        policy.banAfterFailures > 0
            ? new FailureLimit(
                policy.banAfterFailures, policy.banWindow, policy.banDuration, policy.banDuration)
            : null;
    DeviceTrustPolicy trust = policy.deviceTrust;
    this.devices = trust == null ? null : new DeviceTokens(trust);
    // a revoked device stays revoked for as long as any token of it could still be presented
    this.deviceLimit =
        trust == null
            ? null
            : new FailureLimit(trust.maxFailures, trust.lifetime, trust.lifetime, trust.lifetime);
  }

  /**
   * A guard with a policy, publishing to the logging publisher, on bounded in-memory state.
   *
   * @param policy the policy
   * @return the guard
   */
  public static BruteForceGuard create(BruteForcePolicy policy) {
    return create(policy, SecurityEventPublisher.logging());
  }

  /**
   * A guard with a policy and an event publisher, on bounded in-memory state (at most {@link
   * BruteForcePolicy.Builder#maxTrackedKeys(long)} usernames and as many clients, on the policy's
   * clock).
   *
   * @param policy the policy
   * @param events where lock, throttle and ban events go
   * @return the guard
   */
  public static BruteForceGuard create(BruteForcePolicy policy, SecurityEventPublisher events) {
    Objects.requireNonNull(policy, "policy");
    return create(policy, events, new InMemoryBruteForceStore(policy.maxTrackedKeys, policy.clock));
  }

  /**
   * A guard on a given store, typically one shared by every instance of the application. The guard
   * does not close the store; the application does, after its last use.
   *
   * @param policy the policy ({@link BruteForcePolicy.Builder#maxTrackedKeys(long)} applies only to
   *     the in-memory store; a shared store bounds its state with expiry)
   * @param events where lock, throttle, ban and store-failure events go
   * @param store where the failures and locks live
   * @return the guard
   */
  public static BruteForceGuard create(
      BruteForcePolicy policy, SecurityEventPublisher events, BruteForceStore store) {
    return new BruteForceGuard(
        Objects.requireNonNull(policy, "policy"),
        Objects.requireNonNull(events, "events"),
        Objects.requireNonNull(store, "store"));
  }

  /**
   * Decides whether a login attempt may be verified. Call it before verifying the credentials.
   *
   * @param username the username as typed (normalised here: NFKC, lower case, trimmed)
   * @param client the resolved client
   * @return the verdict; {@link BruteForceVerdict.Action#UNAVAILABLE} when the store failed and
   *     fails closed
   */
  public BruteForceVerdict check(String username, ResolvedClient client) {
    return check(username, client.rateLimitKey(), client.address(), null);
  }

  /**
   * Decides whether a login attempt may be verified, honouring a device token ({@link
   * BruteForcePolicy.Builder#trustedDevices(DeviceTrustPolicy)}): a valid, unrevoked token issued
   * to this username exempts the attempt from the username's lock (the verdict is then {@link
   * BruteForceVerdict.Action#PROCEED} with {@link BruteForceVerdict#trustedDevice()} set). Any
   * other token (forged, tampered, expired, another user's, revoked) is ignored: the attempt is
   * treated like one without a token. Client throttling and bans apply either way.
   *
   * @param username the username as typed
   * @param client the resolved client
   * @param deviceToken the device token the client presented, or null
   * @return the verdict
   */
  public BruteForceVerdict check(
      String username, ResolvedClient client, @Nullable String deviceToken) {
    return check(username, client.rateLimitKey(), client.address(), deviceToken);
  }

  /**
   * Decides whether a login attempt may be verified, honouring a device token.
   *
   * @param username the username as typed
   * @param clientKey the client's rate-limit key
   * @param deviceToken the device token the client presented, or null
   * @return the verdict
   */
  public BruteForceVerdict check(String username, String clientKey, @Nullable String deviceToken) {
    return check(username, clientKey, clientKey, deviceToken);
  }

  /**
   * Decides whether a login attempt may be verified.
   *
   * @param username the username as typed
   * @param clientKey the client's rate-limit key (its address, or IPv6 prefix)
   * @return the verdict; {@link BruteForceVerdict.Action#UNAVAILABLE} when the store failed and
   *     fails closed
   */
  public BruteForceVerdict check(String username, String clientKey) {
    return check(username, clientKey, clientKey, null);
  }

  private BruteForceVerdict check(
      String username, String clientKey, String clientAddress, @Nullable String deviceToken) {
    String user = usernameKey(username);
    String client = boundedKey(Objects.requireNonNull(clientKey, "clientKey"));
    Instant now = policy.clock.instant();
    try {
      Duration wait = store.lockedFor(Kind.CLIENT, client, now);
      if (banLimit != null) {
        Duration ban = store.lockedFor(Kind.BAN, client, now);
        wait = ban.compareTo(wait) > 0 ? ban : wait;
      }
      if (wait.isNegative() || wait.isZero()) {
        Optional<String> device = trustedDevice(deviceToken, user, now);
        if (device.isPresent()) {
          return BruteForceVerdict.trusted(device.get());
        }
        return store.lockedFor(Kind.USERNAME, user, now).isZero()
            ? BruteForceVerdict.PROCEED
            : BruteForceVerdict.LOCKED;
      }
      return new BruteForceVerdict(BruteForceVerdict.Action.REJECT_CLIENT, wait);
    } catch (BruteForceStoreException e) {
      boolean open = backendError("check", clientAddress, e);
      return open ? BruteForceVerdict.PROCEED : UNAVAILABLE;
    }
  }

  /** The id of a device token that is valid for this user and not revoked; empty otherwise. */
  private Optional<String> trustedDevice(@Nullable String token, String user, Instant now) {
    if (devices == null || token == null) {
      return Optional.empty();
    }
    Optional<String> id = devices.read(token, user, now);
    if (id.isPresent() && !store.lockedFor(Kind.DEVICE, id.get(), now).isZero()) {
      return Optional.empty();
    }
    return id;
  }

  /**
   * Records a failed attempt (wrong password, unknown user, or a locked username).
   *
   * @param username the username as typed
   * @param client the resolved client
   */
  public void recordFailure(String username, ResolvedClient client) {
    recordFailure(username, client.rateLimitKey(), client.address(), Optional.empty());
  }

  /**
   * Records a failed attempt after {@link #check(String, ResolvedClient, String)}: an attempt from
   * a trusted device is counted on the device (whose trust ends after {@link
   * DeviceTrustPolicy#maxFailures()} of them, with a {@link RateLimitEvents#DEVICE_REVOKED} event),
   * not on the username; every other attempt is counted as by {@link #recordFailure(String,
   * ResolvedClient)}.
   *
   * @param username the username as typed
   * @param client the resolved client
   * @param verdict what {@code check} answered for this attempt
   */
  public void recordFailure(String username, ResolvedClient client, BruteForceVerdict verdict) {
    recordFailure(username, client.rateLimitKey(), client.address(), verdict.trustedDevice());
  }

  /**
   * Records a failed attempt after {@link #check(String, String, String)}.
   *
   * @param username the username as typed
   * @param clientKey the client's rate-limit key
   * @param verdict what {@code check} answered for this attempt
   */
  public void recordFailure(String username, String clientKey, BruteForceVerdict verdict) {
    recordFailure(username, clientKey, clientKey, verdict.trustedDevice());
  }

  /**
   * Records a failed attempt.
   *
   * @param username the username as typed
   * @param clientKey the client's rate-limit key
   */
  public void recordFailure(String username, String clientKey) {
    recordFailure(username, clientKey, clientKey, Optional.empty());
  }

  private void recordFailure(
      String username, String clientKey, String clientAddress, Optional<String> device) {
    String user = usernameKey(username);
    String client = boundedKey(Objects.requireNonNull(clientKey, "clientKey"));
    Instant now = policy.clock.instant();
    try {
      if (banLimit != null) {
        Optional<Duration> ban = store.recordFailure(Kind.BAN, client, banLimit, now);
        ban.ifPresent(d -> publish(RateLimitEvents.BANNED, clientAddress, null, d));
      }
      store
          .recordFailure(Kind.CLIENT, client, clientLimit, now)
          .ifPresent(d -> publish(RateLimitEvents.CLIENT_THROTTLED, clientAddress, null, d));
      if (device.isPresent() && deviceLimit != null) {
        // the owner's device (or whoever holds its token): its own budget, not the account's
        if (store.recordFailure(Kind.DEVICE, device.get(), deviceLimit, now).isPresent()) {
          events.publish(
              SecurityEvent.builder(RateLimitEvents.DEVICE_REVOKED, Outcome.DENIED)
                  .clock(policy.clock)
                  .client(clientAddress)
                  .subject(username)
                  .detail("reason", "failures")
                  .detail("failures", Long.toString(deviceLimit.maxFailures()))
                  .build());
        }
        return;
      }
      if (!store.lockedFor(Kind.USERNAME, user, now).isZero()) {
        // a failure during a lock neither counts nor extends it, nor joins the next lock's clients
        return;
      }
      long clients = store.addFailingClient(user, client, policy.failureWindow, now);
      Optional<Duration> lock = store.recordFailure(Kind.USERNAME, user, usernameLimit, now);
      if (lock.isPresent()) {
        store.clearFailingClients(user);
        events.publish(
            SecurityEvent.builder(RateLimitEvents.LOCKED, Outcome.DENIED)
                .clock(policy.clock)
                .client(clientAddress)
                .subject(username)
                .detail("duration_s", Long.toString(lock.get().toSeconds()))
                .detail("distinct_clients", Long.toString(clients))
                .build());
      }
    } catch (BruteForceStoreException e) {
      backendError("record-failure", clientAddress, e);
    }
  }

  /**
   * Records a successful login: clears the username's failures and lock history. The client's
   * failures stay counted.
   *
   * @param username the username as typed
   * @param client the resolved client
   */
  public void recordSuccess(String username, ResolvedClient client) {
    recordSuccess(username, client.rateLimitKey(), client.address(), Optional.empty());
  }

  /**
   * Records a successful login.
   *
   * @param username the username as typed
   * @param clientKey the client's rate-limit key
   */
  public void recordSuccess(String username, String clientKey) {
    recordSuccess(username, clientKey, clientKey, Optional.empty());
  }

  /**
   * Records a fully successful login (second factor included, where there is one) after {@link
   * #check(String, ResolvedClient, String)}, and issues the device token the client should keep.
   *
   * <p>A login from an untrusted client clears the username's failures and lock history, as {@link
   * #recordSuccess(String, ResolvedClient)} does. A login from a trusted device clears the device's
   * failures but leaves the username's lock in force: the owner got in, the attacker who caused the
   * lock still does not.
   *
   * @param username the username as typed
   * @param client the resolved client
   * @param verdict what {@code check} answered for this attempt
   * @return a token for this device, renewed for the full lifetime (the same device id when the
   *     device was trusted already, a new one otherwise, with a {@link
   *     RateLimitEvents#DEVICE_TRUSTED} event); empty when devices are not trusted
   */
  public Optional<DeviceToken> recordSuccess(
      String username, ResolvedClient client, BruteForceVerdict verdict) {
    return recordSuccess(
        username, client.rateLimitKey(), client.address(), verdict.trustedDevice());
  }

  /**
   * Records a fully successful login after {@link #check(String, String, String)}.
   *
   * @param username the username as typed
   * @param clientKey the client's rate-limit key
   * @param verdict what {@code check} answered for this attempt
   * @return the device token to hand to the client; empty when devices are not trusted
   */
  public Optional<DeviceToken> recordSuccess(
      String username, String clientKey, BruteForceVerdict verdict) {
    return recordSuccess(username, clientKey, clientKey, verdict.trustedDevice());
  }

  private Optional<DeviceToken> recordSuccess(
      String username, String clientKey, String clientAddress, Optional<String> device) {
    Objects.requireNonNull(clientKey, "clientKey");
    String user = usernameKey(username);
    try {
      if (device.isPresent()) {
        store.clear(Kind.DEVICE, device.get());
      } else {
        store.clear(Kind.USERNAME, user);
        store.clearFailingClients(user);
      }
    } catch (BruteForceStoreException e) {
      backendError("record-success", clientAddress, e);
    }
    if (devices == null) {
      return Optional.empty();
    }
    String id = device.orElseGet(DeviceTokens::newDeviceId);
    if (device.isEmpty()) {
      events.publish(
          SecurityEvent.builder(RateLimitEvents.DEVICE_TRUSTED, Outcome.SUCCESS)
              .clock(policy.clock)
              .client(clientAddress)
              .subject(username)
              .build());
    }
    return Optional.of(devices.issue(user, id, policy.clock.instant()));
  }

  private void publish(
      SecurityEventType type, String client, @Nullable String subject, Duration duration) {
    events.publish(
        SecurityEvent.builder(type, Outcome.DENIED)
            .clock(policy.clock)
            .client(client)
            .subject(subject)
            .detail("duration_s", Long.toString(duration.toSeconds()))
            .build());
  }

  /** Logs (throttled) and publishes a store failure; answers whether the store fails open. */
  private boolean backendError(String operation, String client, BruteForceStoreException e) {
    boolean open = store.failurePolicy() == FailurePolicy.FAIL_OPEN;
    String policyName = open ? "fail-open" : "fail-closed";
    if (storeFailureLog.due()) {
      LOG.warn(
          "brute-force store failed ({}, {}); further failures are counted by"
              + " bruteforce.backend.error events, stack traces logged once a minute",
          operation,
          policyName,
          e);
    }
    events.publish(
        SecurityEvent.builder(RateLimitEvents.BRUTE_FORCE_BACKEND_ERROR, Outcome.ERROR)
            .clock(policy.clock)
            .client(client)
            .detail("operation", operation)
            .detail("policy", policyName)
            .detail("error", e.getClass().getName())
            .build());
    return open;
  }

  /** The policy and the store, as the start-up log shows them. */
  @Override
  public String toString() {
    return "BruteForceGuard[" + policy + ", store=" + store + "]";
  }

  /** A client key of at most {@link KeyFunction#MAX_KEY_CHARS} characters: longer ones hashed. */
  static String boundedKey(String key) {
    return key.length() <= KeyFunction.MAX_KEY_CHARS ? key : "sha256:" + sha256(key);
  }

  static String usernameKey(String username) {
    Objects.requireNonNull(username, "username");
    String n =
        Normalizer.normalize(username, Normalizer.Form.NFKC).strip().toLowerCase(Locale.ROOT);
    return n.length() <= KeyFunction.MAX_KEY_CHARS ? n : "sha256:" + sha256(n);
  }

  private static String sha256(String s) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every Java platform", e);
    }
  }
}
