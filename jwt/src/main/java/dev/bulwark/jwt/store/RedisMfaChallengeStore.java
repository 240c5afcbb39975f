package dev.bulwark.jwt.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulwark.jwt.MfaChallenge;
import dev.bulwark.jwt.MfaChallengeStore;
import dev.bulwark.jwt.TokenStoreException;
import io.lettuce.core.RedisException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Sign-ins waiting for their second factor in Redis (through Lettuce, an optional dependency),
 * shared by every instance: an {@code mfa_token} issued by one instance is completed on any, and
 * only once.
 *
 * <p>Each challenge is a hash {@code <prefix>mfa:<sha-256 of the token>} that Redis expires at the
 * challenge's end. Counting a failure (and voiding at the limit) and consuming are Lua scripts, so
 * each runs atomically on the server: of concurrent consumptions exactly one wins, across
 * instances. A Redis error or timeout becomes a {@link TokenStoreException}: nothing is accepted on
 * a guess. Thread-safe (Lettuce connections are).
 */
public final class RedisMfaChallengeStore implements MfaChallengeStore {

  /** The default key prefix. */
  public static final String DEFAULT_PREFIX = RedisRefreshTokenStore.DEFAULT_PREFIX;

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {};

  private static final String CREATE =
      """
      local key = ARGV[1] .. 'mfa:' .. ARGV[2]
      redis.call('HSET', key, 'subject', ARGV[3], 'username', ARGV[4], 'roles', ARGV[5],
        'methods', ARGV[6], 'expires', ARGV[7], 'failures', '0')
      redis.call('PEXPIREAT', key, ARGV[7])
      return 1
      """;

  /** 1 when the challenge stays usable, 0 when it is gone or has just been voided. */
  private static final String FAIL =
      """
      local key = ARGV[1] .. 'mfa:' .. ARGV[2]
      local expires = redis.call('HGET', key, 'expires')
      if not expires then return 0 end
      if tonumber(ARGV[3]) >= tonumber(expires) then redis.call('DEL', key) return 0 end
      local failures = redis.call('HINCRBY', key, 'failures', 1)
      if failures >= tonumber(ARGV[4]) then redis.call('DEL', key) return 0 end
      return 1
      """;

  private static final String CONSUME =
      """
      local key = ARGV[1] .. 'mfa:' .. ARGV[2]
      local expires = redis.call('HGET', key, 'expires')
      if not expires then return 0 end
      redis.call('DEL', key)
      if tonumber(ARGV[3]) >= tonumber(expires) then return 0 end
      return 1
      """;

  private final RedisCommands<String, String> redis;
  private final String prefix;

  private RedisMfaChallengeStore(
      StatefulRedisConnection<String, String> connection, String prefix) {
    this.redis = connection.sync();
    this.prefix = prefix;
  }

  /**
   * A store on a Lettuce connection with the default key prefix.
   *
   * @param connection a connection the application owns (and closes); set its timeout
   * @return the store
   */
  public static RedisMfaChallengeStore create(StatefulRedisConnection<String, String> connection) {
    return create(connection, DEFAULT_PREFIX);
  }

  /**
   * A store on a Lettuce connection.
   *
   * @param connection a connection the application owns (and closes); set its timeout
   * @param prefix the key prefix, such as {@code myapp:jwt:}
   * @return the store
   */
  public static RedisMfaChallengeStore create(
      StatefulRedisConnection<String, String> connection, String prefix) {
    Objects.requireNonNull(connection, "connection");
    Objects.requireNonNull(prefix, "prefix");
    return new RedisMfaChallengeStore(connection, prefix);
  }

  @Override
  public void create(String tokenHash, MfaChallenge challenge) {
    try {
      redis.eval(
          CREATE,
          ScriptOutputType.INTEGER,
          new String[0],
          prefix,
          tokenHash,
          challenge.subject(),
          challenge.username(),
          JSON.writeValueAsString(challenge.roles()),
          JSON.writeValueAsString(challenge.methods()),
          Long.toString(challenge.expiresAt().toEpochMilli()));
    } catch (RedisException | JsonProcessingException e) {
      throw new TokenStoreException("Redis could not store an mfa challenge", e);
    }
  }

  @Override
  public Optional<MfaChallenge> find(String tokenHash, Instant now) {
    List<io.lettuce.core.KeyValue<String, String>> f;
    try {
      f =
          redis.hmget(
              prefix + "mfa:" + tokenHash, "subject", "username", "roles", "methods", "expires");
    } catch (RedisException e) {
      throw new TokenStoreException("Redis could not read an mfa challenge", e);
    }
    if (f.size() < 5 || f.stream().anyMatch(kv -> !kv.hasValue())) {
      return Optional.empty();
    }
    try {
      Instant expires = Instant.ofEpochMilli(Long.parseLong(f.get(4).getValue()));
      if (!now.isBefore(expires)) {
        return Optional.empty();
      }
      return Optional.of(
          new MfaChallenge(
              f.get(0).getValue(),
              f.get(1).getValue(),
              JSON.readValue(f.get(2).getValue(), STRINGS),
              JSON.readValue(f.get(3).getValue(), STRINGS),
              expires));
    } catch (JsonProcessingException | IllegalArgumentException e) {
      throw new TokenStoreException("Redis holds a malformed mfa challenge", e);
    }
  }

  @Override
  public boolean recordFailure(String tokenHash, Instant now, int maxFailures) {
    return script(FAIL, "count a wrong code", tokenHash, now, Integer.toString(maxFailures));
  }

  @Override
  public boolean consume(String tokenHash, Instant now) {
    return script(CONSUME, "consume an mfa challenge", tokenHash, now);
  }

  private boolean script(
      String script, String action, String tokenHash, Instant now, String... more) {
    String[] args = new String[3 + more.length];
    args[0] = prefix;
    args[1] = tokenHash;
    args[2] = Long.toString(now.toEpochMilli());
    System.arraycopy(more, 0, args, 3, more.length);
    try {
      Long r = redis.eval(script, ScriptOutputType.INTEGER, new String[0], args);
      return r != null && r == 1L;
    } catch (RedisException e) {
      throw new TokenStoreException("Redis could not " + action, e);
    }
  }

  /** Its settings: the key prefix. The connection is not printed: its URI may carry a password. */
  @Override
  public String toString() {
    return "RedisMfaChallengeStore[prefix=" + prefix + "]";
  }
}
