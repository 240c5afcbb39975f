package dev.bulwark.jwt.store;

import dev.bulwark.jwt.AccessTokenDenylist;
import dev.bulwark.jwt.TokenStoreException;
import io.lettuce.core.RedisException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Instant;
import java.util.Objects;

/**
 * The access-token denylist in Redis (through Lettuce, an optional dependency), shared by every
 * instance: a logout on one instance is seen by the others at once. Each entry is a key {@code
 * <prefix>deny:<jti>} holding its end time and expiring then. One {@code GET} per verification. A
 * Redis error or timeout becomes a {@link TokenStoreException}, so the verifier fails closed.
 * Thread-safe.
 */
public final class RedisAccessTokenDenylist implements AccessTokenDenylist {

  private static final String DENY =
      """
      local cur = tonumber(redis.call('GET', KEYS[1]) or '0')
      local untilMs = tonumber(ARGV[1])
      if untilMs > cur then
        redis.call('SET', KEYS[1], ARGV[1])
        redis.call('PEXPIREAT', KEYS[1], ARGV[1])
      end
      return 1
      """;

  private final RedisCommands<String, String> redis;
  private final String prefix;

  private RedisAccessTokenDenylist(
      StatefulRedisConnection<String, String> connection, String prefix) {
    this.redis = connection.sync();
    this.prefix = prefix;
  }

  /**
   * A denylist on a Lettuce connection.
   *
   * @param connection a connection the application owns (and closes); set its timeout
   * @param prefix the key prefix, such as {@link RedisRefreshTokenStore#DEFAULT_PREFIX}
   * @return the denylist
   */
  public static RedisAccessTokenDenylist create(
      StatefulRedisConnection<String, String> connection, String prefix) {
    Objects.requireNonNull(connection, "connection");
    Objects.requireNonNull(prefix, "prefix");
    return new RedisAccessTokenDenylist(connection, prefix);
  }

  @Override
  public void deny(String jwtId, Instant until) {
    try {
      redis.eval(
          DENY,
          ScriptOutputType.INTEGER,
          new String[] {prefix + "deny:" + jwtId},
          Long.toString(until.toEpochMilli()));
    } catch (RedisException e) {
      throw new TokenStoreException("Redis could not deny an access token", e);
    }
  }

  @Override
  public boolean isDenied(String jwtId, Instant now) {
    String until;
    try {
      until = redis.get(prefix + "deny:" + jwtId);
    } catch (RedisException e) {
      throw new TokenStoreException("Redis could not read the denylist", e);
    }
    if (until == null) {
      return false;
    }
    try {
      return now.toEpochMilli() < Long.parseLong(until);
    } catch (NumberFormatException e) {
      throw new TokenStoreException("Redis holds a malformed denylist entry", e);
    }
  }

  /** Its settings: the key prefix. The connection is not printed: its URI may carry a password. */
  @Override
  public String toString() {
    return "RedisAccessTokenDenylist[prefix=" + prefix + "]";
  }
}
