package dev.bulwark.mfa.store;

import dev.bulwark.encoding.LogSafe;
import dev.bulwark.mfa.MfaException;
import dev.bulwark.mfa.MfaStore;
import dev.bulwark.web.ConfigurationException;
import dev.bulwark.web.internal.SetOnce;
import io.lettuce.core.KeyValue;
import io.lettuce.core.RedisException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Second factors in Redis (through Lettuce, an optional dependency), shared by every instance.
 *
 * <pre>{@code
 * StatefulRedisConnection<String, String> connection = redisClient.connect(); // yours to close
 * MfaStore store = RedisMfaStore.builder(connection).keyPrefix("myapp:mfa:").build();
 * }</pre>
 *
 * <p><b>Keys.</b> Each user has two keys: a hash {@code <prefix>{<tag>}:totp} (fields {@code
 * pending}, {@code secret}, {@code step}) and a hash {@code <prefix>{<tag>}:rc} (recovery code id
 * to password hash), where {@code <tag>} is the user's subject in unpadded base64url. Both keys
 * share one Redis Cluster hash tag, so every script below touches one slot; the subject is encoded
 * because a {@code {} or {@code }} in it would move the tag, and because a subject is often an
 * email address that need not be readable in {@code KEYS} output. The keys do not expire: a second
 * factor lasts until {@link #delete}. An empty subject is refused ({@link
 * IllegalArgumentException}): it would have no hash tag.
 *
 * <p><b>Atomicity.</b> Every check-and-change ({@link #confirm}, {@link #markStepUsed}, {@link
 * #consumeRecoveryCode}, {@link #replaceRecoveryCodes}) is one Lua script, which Redis runs alone:
 * of concurrent calls with one step or one code, on any instances, exactly one succeeds, and a
 * replaced set of recovery codes is swapped in one step. The scripts name every key they touch in
 * {@code KEYS[]}, as Redis Cluster requires. Time-steps beyond ±2<sup>53</sup> are refused ({@link
 * IllegalArgumentException}): Lua compares numbers as doubles, and real steps are about
 * 2<sup>26</sup>.
 *
 * <p><b>Failures fail closed.</b> Any Redis error or timeout (a {@link RedisException}) and any
 * malformed stored value becomes an {@link MfaException}, whose message names the operation but
 * never a secret, a code or the subject: a sign-in then fails, it never skips the second factor.
 * The connection belongs to the application, which sets its timeout and closes it; Lettuce
 * reconnects it by itself after an outage. Thread-safe (Lettuce connections are).
 */
public final class RedisMfaStore implements MfaStore {

  /** The default key prefix. */
  public static final String DEFAULT_PREFIX = "bulwark:mfa:";

  /** The largest time-step magnitude a Lua number holds exactly. */
  private static final long MAX_STEP = 1L << 53;

  /** KEYS[1] totp, KEYS[2] rc; ARGV[1] sealed secret, ARGV[2] step, then id, hash pairs. */
  private static final String CONFIRM =
      """
      if redis.call('HGET', KEYS[1], 'pending') ~= ARGV[1] then return 0 end
      redis.call('HSET', KEYS[1], 'secret', ARGV[1], 'step', ARGV[2])
      redis.call('HDEL', KEYS[1], 'pending')
      redis.call('DEL', KEYS[2])
      for i = 3, #ARGV, 2 do redis.call('HSET', KEYS[2], ARGV[i], ARGV[i + 1]) end
      return 1
      """;

  /** KEYS[1] totp; ARGV[1] step. */
  private static final String MARK_STEP =
      """
      local f = redis.call('HMGET', KEYS[1], 'secret', 'step')
      if not f[1] then return 0 end
      if f[2] and tonumber(ARGV[1]) <= tonumber(f[2]) then return 0 end
      redis.call('HSET', KEYS[1], 'step', ARGV[1])
      return 1
      """;

  /** KEYS[1] rc; ARGV[1] id, ARGV[2] hash. */
  private static final String CONSUME =
      """
      if redis.call('HGET', KEYS[1], ARGV[1]) ~= ARGV[2] then return 0 end
      redis.call('HDEL', KEYS[1], ARGV[1])
      return 1
      """;

  /** KEYS[1] totp, KEYS[2] rc; ARGV id, hash pairs. */
  private static final String REPLACE =
      """
      if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
      redis.call('DEL', KEYS[2])
      for i = 1, #ARGV, 2 do redis.call('HSET', KEYS[2], ARGV[i], ARGV[i + 1]) end
      return 1
      """;

  private final RedisCommands<String, String> redis;
  private final String prefix;

  private RedisMfaStore(Builder b) {
    this.redis = b.connection.sync();
    this.prefix = b.prefix;
  }

  /**
   * A builder for a store on a Lettuce connection.
   *
   * @param connection a connection the application owns and closes; set its timeout
   * @return the builder
   */
  public static Builder builder(StatefulRedisConnection<String, String> connection) {
    return new Builder(Objects.requireNonNull(connection, "connection"));
  }

  private String[] keys(String subject) {
    Objects.requireNonNull(subject, "subject");
    if (subject.isEmpty()) {
      throw new IllegalArgumentException("the subject is empty: it must be the user's stable id");
    }
    String tag =
        Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(subject.getBytes(StandardCharsets.UTF_8));
    String base = prefix + "{" + tag + "}:";
    return new String[] {base + "totp", base + "rc"};
  }

  private static <T> T call(String action, Supplier<T> command) {
    try {
      return command.get();
    } catch (RedisException e) {
      throw new MfaException("Redis could not " + action, e);
    }
  }

  private static boolean isOne(@Nullable Long result) {
    return result != null && result == 1L;
  }

  private static String step(long step) {
    if (step > MAX_STEP || step < -MAX_STEP) {
      throw new IllegalArgumentException("time-step " + step + " is out of range (±2^53)");
    }
    return Long.toString(step);
  }

  private static String[] pairs(List<String> head, Map<String, String> map) {
    List<String> args = new ArrayList<>(head);
    map.forEach(
        (id, hash) -> {
          args.add(id);
          args.add(hash);
        });
    return args.toArray(new String[0]);
  }

  @Override
  public void savePending(String subject, String sealedSecret) {
    String totp = keys(subject)[0];
    call("save a pending enrolment", () -> redis.hset(totp, "pending", sealedSecret));
  }

  @Override
  public Optional<String> pending(String subject) {
    String totp = keys(subject)[0];
    return Optional.ofNullable(call("read a pending enrolment", () -> redis.hget(totp, "pending")));
  }

  @Override
  public boolean confirm(
      String subject, String sealedSecret, long usedStep, Map<String, String> recoveryCodeHashes) {
    String[] keys = keys(subject);
    String[] args = pairs(List.of(sealedSecret, step(usedStep)), recoveryCodeHashes);
    Long r =
        call(
            "confirm an enrolment",
            () -> redis.<Long>eval(CONFIRM, ScriptOutputType.INTEGER, keys, args));
    return isOne(r);
  }

  @Override
  public Optional<Totp> totp(String subject) {
    String totp = keys(subject)[0];
    List<KeyValue<String, String>> f =
        call("read a TOTP factor", () -> redis.hmget(totp, "secret", "step"));
    if (f.isEmpty() || !f.get(0).hasValue()) {
      return Optional.empty();
    }
    long step = Long.MIN_VALUE;
    if (f.size() > 1 && f.get(1).hasValue()) {
      try {
        step = Long.parseLong(f.get(1).getValue());
      } catch (NumberFormatException e) {
        throw new MfaException("Redis holds a malformed time-step", e);
      }
    }
    return Optional.of(new Totp(f.get(0).getValue(), step));
  }

  @Override
  public boolean markStepUsed(String subject, long step) {
    String[] keys = {keys(subject)[0]};
    String arg = step(step);
    Long r =
        call(
            "record a used time-step",
            () -> redis.<Long>eval(MARK_STEP, ScriptOutputType.INTEGER, keys, arg));
    return isOne(r);
  }

  @Override
  public Optional<String> recoveryCodeHash(String subject, String id) {
    String rc = keys(subject)[1];
    return Optional.ofNullable(call("read a recovery code", () -> redis.hget(rc, id)));
  }

  @Override
  public boolean consumeRecoveryCode(String subject, String id, String hash) {
    String[] keys = {keys(subject)[1]};
    Long r =
        call(
            "consume a recovery code",
            () -> redis.<Long>eval(CONSUME, ScriptOutputType.INTEGER, keys, id, hash));
    return isOne(r);
  }

  @Override
  public int remainingRecoveryCodes(String subject) {
    String rc = keys(subject)[1];
    Long n = call("count recovery codes", () -> redis.hlen(rc));
    return n == null ? 0 : Math.toIntExact(n);
  }

  @Override
  public void replaceRecoveryCodes(String subject, Map<String, String> recoveryCodeHashes) {
    String[] keys = keys(subject);
    String[] args = pairs(List.of(), recoveryCodeHashes);
    call(
        "replace recovery codes",
        () -> redis.<Long>eval(REPLACE, ScriptOutputType.INTEGER, keys, args));
  }

  @Override
  public void delete(String subject) {
    String[] keys = keys(subject);
    call("delete a second factor", () -> redis.del(keys));
  }

  /** Its settings: the key prefix. The connection is not printed: its URI may carry a password. */
  @Override
  public String toString() {
    return "RedisMfaStore[keyPrefix=" + prefix + ", keys=<prefix>{<subject>}:totp|rc]";
  }

  /**
   * Builder for {@link RedisMfaStore}. Each setting is checked when set and may be set once; every
   * failure is a {@link ConfigurationException} naming the setting. Not thread-safe.
   */
  public static final class Builder {
    private final SetOnce set = new SetOnce("RedisMfaStore.Builder");
    private final StatefulRedisConnection<String, String> connection;
    private String prefix = DEFAULT_PREFIX;

    private Builder(StatefulRedisConnection<String, String> connection) {
      this.connection = connection;
    }

    /**
     * The key prefix; {@value #DEFAULT_PREFIX} by default. Give each application sharing a Redis
     * its own.
     *
     * @param prefix 1 to 64 printable ASCII characters without spaces, {@code {} or {@code }} (they
     *     would make the prefix the cluster hash tag), such as {@code myapp:mfa:}
     * @return this builder
     * @throws ConfigurationException when malformed or already set
     */
    public Builder keyPrefix(String prefix) {
      Objects.requireNonNull(prefix, "keyPrefix");
      if (!prefix.matches("[\\x21-\\x7a\\x7c\\x7e]{1,64}")) {
        throw new ConfigurationException(
            "RedisMfaStore.Builder: keyPrefix must be 1-64 printable ASCII characters without"
                + " spaces, '{' or '}' (was '"
                + LogSafe.forLog(prefix, 80)
                + "'), such as 'myapp:mfa:'");
      }
      set.set("keyPrefix", prefix);
      this.prefix = prefix;
      return this;
    }

    /**
     * Builds the store. Nothing is sent to Redis until the first operation.
     *
     * @return the store
     */
    public RedisMfaStore build() {
      return new RedisMfaStore(this);
    }
  }
}
