package dev.bulwark.jwt.store;

import dev.bulwark.jwt.AccessTokenDenylist;
import dev.bulwark.jwt.TokenStoreException;
import io.lettuce.core.KeyValue;
import io.lettuce.core.RedisException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The access-token denylist in Redis (through Lettuce, an optional dependency), shared by every
 * instance: a logout on one instance is seen by the others at once. Each token entry is a key
 * {@code <prefix>deny:<jti>} holding its end time and expiring then; a denied session is {@code
 * <prefix>dsid:<sid>} alike, and a subject's not-before is {@code <prefix>nbf:<sub>} holding the
 * not-before time and its end ({@code <ms>:<ms>}), expiring when the last token it denies would
 * have. One {@code MGET} per verification. A Redis error or timeout becomes a {@link
 * TokenStoreException}, so the verifier fails closed. Thread-safe.
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

  /** Keeps the later not-before and the later end: the value is {@code <notBefore>:<until>}. */
  private static final String DENY_SUBJECT =
      """
      local nb = tonumber(ARGV[1])
      local untilMs = tonumber(ARGV[2])
      local cur = redis.call('GET', KEYS[1])
      if cur then
        local cnb, cuntil = string.match(cur, '^(%d+):(%d+)$')
        if cnb then
          nb = math.max(nb, tonumber(cnb))
          untilMs = math.max(untilMs, tonumber(cuntil))
        end
      end
      redis.call('SET', KEYS[1], string.format('%d:%d', nb, untilMs))
      redis.call('PEXPIREAT', KEYS[1], untilMs)
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
  public void denySession(String sessionId, Instant until) {
    try {
      redis.eval(
          DENY,
          ScriptOutputType.INTEGER,
          new String[] {prefix + "dsid:" + sessionId},
          Long.toString(until.toEpochMilli()));
    } catch (RedisException e) {
      throw new TokenStoreException("Redis could not deny a session", e);
    }
  }

  @Override
  public void denySubjectBefore(String subject, Instant notBefore, Instant until) {
    if (!until.isAfter(notBefore)) {
      return;
    }
    try {
      redis.eval(
          DENY_SUBJECT,
          ScriptOutputType.INTEGER,
          new String[] {prefix + "nbf:" + subject},
          Long.toString(notBefore.toEpochMilli()),
          Long.toString(until.toEpochMilli()));
    } catch (RedisException e) {
      throw new TokenStoreException("Redis could not record a subject's not-before", e);
    }
  }

  @Override
  public boolean isDenied(
      String jwtId, @Nullable String sessionId, String subject, Instant issuedAt, Instant now) {
    List<KeyValue<String, String>> values;
    try {
      values =
          redis.mget(
              prefix + "deny:" + jwtId,
              prefix + "dsid:" + (sessionId == null ? "" : sessionId),
              prefix + "nbf:" + subject);
    } catch (RedisException e) {
      throw new TokenStoreException("Redis could not read the denylist", e);
    }
    try {
      if (!jwtId.isEmpty() && values.get(0).hasValue()) {
        if (now.toEpochMilli() < Long.parseLong(values.get(0).getValue())) {
          return true;
        }
      }
      if (sessionId != null && values.get(1).hasValue()) {
        if (now.toEpochMilli() < Long.parseLong(values.get(1).getValue())) {
          return true;
        }
      }
      if (values.get(2).hasValue()) {
        String[] nbUntil = values.get(2).getValue().split(":", 2);
        return nbUntil.length == 2
            ? issuedAt.toEpochMilli() <= Long.parseLong(nbUntil[0])
                && now.toEpochMilli() < Long.parseLong(nbUntil[1])
            : failMalformed();
      }
      return false;
    } catch (NumberFormatException e) {
      throw new TokenStoreException("Redis holds a malformed denylist entry", e);
    }
  }

  private static boolean failMalformed() {
    throw new TokenStoreException("Redis holds a malformed subject not-before entry");
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
