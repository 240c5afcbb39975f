package dev.bulwark.ratelimit.redis;

import dev.bulwark.ratelimit.BruteForceStore;
import dev.bulwark.ratelimit.BruteForceStoreException;
import dev.bulwark.ratelimit.FailurePolicy;
import dev.bulwark.web.ConfigurationException;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * The state of a {@link dev.bulwark.ratelimit.BruteForceGuard} in Redis, shared by every
 * application instance that uses the same server and key prefix: failures on one account are
 * counted once however the load balancer spreads them, and a lock taken through one instance holds
 * on all of them.
 *
 * <pre>{@code
 * RedisBruteForceStore store = RedisBruteForceStore.builder("redis://redis:6379").build();
 * BruteForceGuard guard = BruteForceGuard.create(BruteForcePolicy.defaults(), events, store);
 * // ... and store.close() at shutdown
 * }</pre>
 *
 * <ul>
 *   <li><b>One hash per key</b>, {@code prefix + kind + ":" + key} where kind is {@code u}
 *       (username), {@code c} (client), {@code b} (ban) or {@code d} (trusted device), holding the
 *       failure count (as a theoretical arrival time, in milliseconds), the end of the current lock
 *       and the number of locks so far. The guard hands over keys of at most 128 characters (longer
 *       usernames and client keys are replaced by their SHA-256), so no key grows with its input.
 *   <li><b>Atomic across instances.</b> Recording a failure is one Lua script (run by {@code
 *       EVALSHA}, falling back to {@code EVAL} when the server does not hold it yet), so of many
 *       concurrent failures on one key, from any number of instances, exactly one exhausts it and
 *       starts the lock. Reading a lock is one {@code HGET} and forgetting a key one {@code DEL},
 *       atomic as single commands.
 *   <li><b>The callers' time.</b> The script computes with the time the guard passes (its policy's
 *       clock, in milliseconds), not with the Redis server's time: the instances' clocks must be
 *       synchronised (NTP), and a skew shifts counts and locks by the skew only. A window or lock
 *       is rounded up to whole milliseconds.
 *   <li><b>The distinct clients</b> that failed on a username (for the lock event) are a set {@code
 *       prefix + "s:" + username}, capped at {@value
 *       dev.bulwark.ratelimit.BruteForceStore#MAX_FAILING_CLIENTS} members.
 *   <li><b>Everything expires.</b> Every write sets the key's time to live ({@code PEXPIRE}) to its
 *       limit's retention (window plus longest lock) plus 10 seconds, so a key no one fails on
 *       disappears by itself; reads never create keys.
 *   <li><b>A request timeout</b> (500 ms by default); a command that takes longer counts as a
 *       failure.
 *   <li><b>An explicit {@link FailurePolicy}</b>: {@link FailurePolicy#FAIL_CLOSED} by default. A
 *       login guard that switches itself off when Redis is unreachable is what an attacker can
 *       provoke (saturate Redis, then guess freely), so while Redis is down the guard answers
 *       {@code UNAVAILABLE} (503 with {@code Retry-After}) and sign-in stops; choose {@link
 *       FailurePolicy#FAIL_OPEN} only when availability of sign-in matters more than the guard.
 *       Every failure throws {@link BruteForceStoreException}, which the guard turns into the
 *       verdict and a {@code bruteforce.backend.error} event.
 * </ul>
 *
 * <p>The connection is opened on first use, not when the store is built, so an instance starts
 * while Redis is down; while it stays down, a new connection is attempted at most once per {@link
 * Builder#reconnectInterval(Duration) reconnect interval} (operations in between fail fast), and an
 * open connection reconnects by itself (Lettuce). Commands are rejected, not queued, while
 * disconnected.
 *
 * <p>Keys hold usernames and client addresses: protect Redis like any store of personal data.
 * Thread-safe.
 */
public final class RedisBruteForceStore implements BruteForceStore {

  /**
   * Records one failure. KEYS[1] the key; ARGV: now, interval, max failures, first lock, longest
   * lock (all in ms), time to live (ms). Returns the new lock's duration in ms, or 0.
   */
  static final String RECORD_FAILURE_SCRIPT =
      String.join(
          "\n",
          "local now = tonumber(ARGV[1])",
          "local interval = tonumber(ARGV[2])",
          "local max = tonumber(ARGV[3])",
          "local s = redis.call('HMGET', KEYS[1], 'tat', 'until', 'locks')",
          "if (tonumber(s[2]) or 0) > now then",
          "  return 0",
          "end",
          "local tat = math.max(tonumber(s[1]) or 0, now) + interval",
          "if tat - now <= (max - 1) * interval then",
          "  redis.call('HSET', KEYS[1], 'tat', string.format('%d', tat))",
          "  redis.call('PEXPIRE', KEYS[1], ARGV[6])",
          "  return 0",
          "end",
          "local locks = tonumber(s[3]) or 0",
          "local longest = tonumber(ARGV[5])",
          "local d = tonumber(ARGV[4])",
          "for i = 1, math.min(locks, 62) do",
          "  if d >= longest then break end",
          "  d = d * 2",
          "end",
          "if d > longest then d = longest end",
          "redis.call('HDEL', KEYS[1], 'tat')",
          "redis.call('HSET', KEYS[1], 'until', string.format('%d', now + d),"
              + " 'locks', string.format('%d', locks + 1))",
          "redis.call('PEXPIRE', KEYS[1], ARGV[6])",
          "return d");

  /**
   * Adds a client to a username's set of failing clients unless it is full. KEYS[1] the set; ARGV:
   * the client, the cap, time to live (ms). Returns the set's size.
   */
  static final String ADD_FAILING_CLIENT_SCRIPT =
      String.join(
          "\n",
          "if redis.call('SCARD', KEYS[1]) < tonumber(ARGV[2]) then",
          "  redis.call('SADD', KEYS[1], ARGV[1])",
          "end",
          "redis.call('PEXPIRE', KEYS[1], ARGV[3])",
          "return redis.call('SCARD', KEYS[1])");

  /** Added to every time to live: rounding, and clocks of instances a little apart. */
  private static final long TTL_MARGIN_MILLIS = 10_000;

  /** The default key prefix. */
  public static final String DEFAULT_PREFIX = "bulwark:bf:";

  private static final String NAME = "RedisBruteForceStore";
  private static final String EXAMPLE_PREFIX = "myapp:bf:";
  private static final String SLOW = "a slow guard slows every sign-in";

  private final RedisClient client;
  private final boolean ownsClient;
  private final String prefix;
  private final FailurePolicy failurePolicy;
  private final String description;
  private final LazyConnection<Connected> connection;

  private record Connected(StatefulRedisConnection<String, String> connection, String scriptSha) {}

  private RedisBruteForceStore(Builder b) {
    RedisSettings common = b.common;
    this.client = common.client();
    this.ownsClient = common.ownsClient();
    this.prefix = common.keyPrefix;
    this.failurePolicy = common.failurePolicy;
    this.description = common.describe();
    Duration requestTimeout = common.requestTimeout;
    this.connection =
        new LazyConnection<>(
            "Redis brute-force store",
            () -> {
              StatefulRedisConnection<String, String> conn = client.connect();
              conn.setTimeout(requestTimeout);
              // computed locally (SHA-1 of the script), no round trip
              return new Connected(conn, conn.sync().digest(RECORD_FAILURE_SCRIPT));
            },
            common.reconnectInterval,
            common.nanoTime,
            (message, cause) ->
                cause == null
                    ? new BruteForceStoreException(message)
                    : new BruteForceStoreException(message, cause));
  }

  /**
   * A builder for a store on a Redis URI; the store creates, configures and closes its own client
   * (commands rejected while disconnected, connect and command timeouts from the request timeout).
   *
   * @param redisUri such as {@code redis://redis:6379} or {@code rediss://user:pass@host:6380/0}
   * @return a builder
   * @throws ConfigurationException when the URI does not parse (the message does not repeat it: it
   *     may hold a password)
   */
  public static Builder builder(String redisUri) {
    return new Builder(
        RedisSettings.ofUri(NAME + ".Builder", redisUri, DEFAULT_PREFIX, EXAMPLE_PREFIX, SLOW));
  }

  /**
   * A builder for a store on a client the application owns and closes. Configure it to reject
   * commands while disconnected ({@code ClientOptions.DisconnectedBehavior.REJECT_COMMANDS}), or
   * commands queue in memory during an outage.
   *
   * @param client the client
   * @return a builder
   */
  public static Builder builder(RedisClient client) {
    return new Builder(
        RedisSettings.ofClient(NAME + ".Builder", client, DEFAULT_PREFIX, EXAMPLE_PREFIX, SLOW));
  }

  @Override
  public Duration lockedFor(Kind kind, String key, Instant now) {
    // parsed inside call(): a value that is not a number (planted, or left by another program)
    // is a store failure like any other, never an unchecked NumberFormatException
    Long until =
        call(
            "lockedFor",
            c -> {
              String v = c.hget(redisKey(kind, key), "until");
              return v == null ? null : Long.valueOf(v);
            });
    if (until == null) {
      return Duration.ZERO;
    }
    long remaining = until - now.toEpochMilli();
    return remaining > 0 ? Duration.ofMillis(remaining) : Duration.ZERO;
  }

  @Override
  public Optional<Duration> recordFailure(Kind kind, String key, FailureLimit limit, Instant now) {
    String[] keys = {redisKey(kind, key)};
    long interval = ceilMillis(limit.interval());
    long ttl = interval * limit.maxFailures() + ceilMillis(limit.maxLock()) + TTL_MARGIN_MILLIS;
    String[] args = {
      Long.toString(now.toEpochMilli()),
      Long.toString(interval),
      Long.toString(limit.maxFailures()),
      Long.toString(ceilMillis(limit.firstLock())),
      Long.toString(ceilMillis(limit.maxLock())),
      Long.toString(ttl)
    };
    Long lockMillis =
        call(
            "recordFailure",
            c -> {
              try {
                return c.<Long>evalsha(
                    connection.get().scriptSha(), ScriptOutputType.INTEGER, keys, args);
              } catch (RedisNoScriptException e) {
                // a restarted or flushed server: EVAL runs the script and caches it again
                return c.<Long>eval(RECORD_FAILURE_SCRIPT, ScriptOutputType.INTEGER, keys, args);
              }
            });
    return lockMillis == null || lockMillis <= 0
        ? Optional.empty()
        : Optional.of(Duration.ofMillis(lockMillis));
  }

  @Override
  public void clear(Kind kind, String key) {
    call("clear", c -> c.del(redisKey(kind, key)));
  }

  @Override
  public long addFailingClient(String username, String client, Duration retention, Instant now) {
    String[] keys = {prefix + "s:" + Objects.requireNonNull(username, "username")};
    String[] args = {
      Objects.requireNonNull(client, "client"),
      Integer.toString(MAX_FAILING_CLIENTS),
      Long.toString(ceilMillis(retention) + TTL_MARGIN_MILLIS)
    };
    // EVAL, not EVALSHA: this runs only on failures, and the server caches the script anyway
    Long n =
        call(
            "addFailingClient",
            c -> c.<Long>eval(ADD_FAILING_CLIENT_SCRIPT, ScriptOutputType.INTEGER, keys, args));
    return n == null ? 0 : n;
  }

  @Override
  public void clearFailingClients(String username) {
    call("clearFailingClients", c -> c.del(prefix + "s:" + username));
  }

  @Override
  public FailurePolicy failurePolicy() {
    return failurePolicy;
  }

  String redisKey(Kind kind, String key) {
    Objects.requireNonNull(key, "key");
    String tag =
        switch (kind) {
          case USERNAME -> "u:";
          case CLIENT -> "c:";
          case BAN -> "b:";
          case DEVICE -> "d:";
        };
    return prefix + tag + key;
  }

  private static long ceilMillis(Duration d) {
    long ms = d.toMillis();
    return Math.max(1, d.minusMillis(ms).isZero() ? ms : ms + 1);
  }

  private <T> T call(String operation, Function<RedisCommands<String, String>, T> command) {
    try {
      return command.apply(connection.get().connection().sync());
    } catch (BruteForceStoreException e) {
      throw e;
    } catch (RuntimeException e) {
      // Lettuce's RedisException (connection refused, timeout, rejected while disconnected) and
      // anything else: the guard applies the failure policy either way
      throw new BruteForceStoreException("Redis brute-force store: " + operation + " failed", e);
    }
  }

  /** Closes the connection, and the client when the store created it. */
  @Override
  public synchronized void close() {
    Connected c = connection.close();
    if (c != null) {
      c.connection().close();
    }
    if (ownsClient) {
      client.shutdown();
    }
  }

  /** Every effective setting; the URI's credentials are never shown. */
  @Override
  public String toString() {
    return NAME + "[" + description + "]";
  }

  /**
   * Builder for {@link RedisBruteForceStore}, with the same setters as {@link
   * RedisRateLimitStore.Builder}. Each setting is checked when set and may be set once; every
   * failure is a {@link ConfigurationException} naming the setting. Not thread-safe.
   */
  public static final class Builder {
    private final RedisSettings common;

    private Builder(RedisSettings common) {
      this.common = common;
    }

    /**
     * The prefix of every Redis key; {@code bulwark:bf:} by default. Instances that must share
     * their counts must use the same prefix.
     *
     * @param prefix 1–64 printable ASCII characters without spaces
     * @return this builder
     * @throws ConfigurationException when malformed or already set
     */
    public Builder keyPrefix(String prefix) {
      common.keyPrefix(prefix);
      return this;
    }

    /**
     * How long one operation may wait for Redis before it counts as a failure. A check makes up to
     * three of them.
     *
     * @param timeout 1 ms to 30 s; 500 ms by default
     * @return this builder
     * @throws ConfigurationException when out of range or already set
     */
    public Builder requestTimeout(Duration timeout) {
      common.requestTimeout(timeout);
      return this;
    }

    /**
     * The least time between two connection attempts while Redis is unreachable.
     *
     * @param interval 10 ms to 30 s; 1 s by default
     * @return this builder
     * @throws ConfigurationException when out of range or already set
     */
    public Builder reconnectInterval(Duration interval) {
      common.reconnectInterval(interval);
      return this;
    }

    /**
     * What the guard does when Redis fails; {@link FailurePolicy#FAIL_CLOSED} by default (sign-in
     * answers 503 until Redis is back). {@link FailurePolicy#FAIL_OPEN} lets every attempt through
     * uncounted while Redis is down.
     *
     * @param policy the policy
     * @return this builder
     * @throws ConfigurationException when already set
     */
    public Builder failurePolicy(FailurePolicy policy) {
      common.failurePolicy(policy);
      return this;
    }

    /** Tests only: the monotonic clock of the reconnect back-off. */
    Builder nanoTime(LongSupplier nanoTime) {
      common.nanoTime(nanoTime);
      return this;
    }

    /**
     * Builds the store. No connection is made until the first operation.
     *
     * @return the store
     */
    public RedisBruteForceStore build() {
      return new RedisBruteForceStore(this);
    }
  }
}
