package dev.bulwark.jwt.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulwark.jwt.AuthenticationContext;
import dev.bulwark.jwt.RefreshFamily;
import dev.bulwark.jwt.RefreshTokenStore;
import dev.bulwark.jwt.RotationResult;
import dev.bulwark.jwt.Session;
import dev.bulwark.jwt.SessionClient;
import dev.bulwark.jwt.TokenStoreException;
import io.lettuce.core.RedisException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Refresh-token families in Redis (through Lettuce, an optional dependency), shared by every
 * instance.
 *
 * <p>Each family is a hash {@code <prefix>fam:<id>} (with {@code amr} and {@code auth_time}; a
 * family written by an earlier version, without them, reads back with no {@code amr} and {@code
 * auth_time} = its creation) and each token a hash {@code <prefix>tok:<sha-256>}, both expiring a
 * day after the family's absolute end (so that a late refresh is refused as {@code
 * ABSOLUTE_EXPIRED}); a set {@code <prefix>sub:<subject>} indexes a subject's families (stale
 * members are dropped when listed) and lives as long as its longest family. The family hash also
 * holds the session's last use ({@code last}, {@code client}, {@code ua}). Creation, rotation,
 * listing and revocation are Lua scripts, so each runs atomically on the server: of concurrent
 * rotations of one token, exactly one wins. The scripts touch keys they derive from the token, so
 * use a single Redis (or Sentinel) rather than Redis Cluster. A Redis error or timeout becomes a
 * {@link TokenStoreException}: nothing is accepted on a guess. Thread-safe (Lettuce connections
 * are).
 */
public final class RedisRefreshTokenStore implements RefreshTokenStore {

  /** The default key prefix. */
  public static final String DEFAULT_PREFIX = "bulwark:jwt:";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {};

  /** Ended families are kept a day, so that a late refresh is told why: {@code RETAIN} in ms. */
  private static final String RETAIN_DEF = "local RETAIN = 86400000\n";

  private static final String CREATE =
      RETAIN_DEF
          + """
      local p = ARGV[1]
      local fkey = p .. 'fam:' .. ARGV[2]
      local tkey = p .. 'tok:' .. ARGV[7]
      redis.call('HSET', fkey, 'subject', ARGV[3], 'roles', ARGV[4], 'created', ARGV[5],
        'expires', ARGV[6], 'revoked', '0', 'amr', ARGV[9], 'auth_time', ARGV[10],
        'last', ARGV[5], 'client', ARGV[11], 'ua', ARGV[12])
      local keep = tonumber(ARGV[6]) + RETAIN
      redis.call('PEXPIREAT', fkey, keep)
      local skey = p .. 'sub:' .. ARGV[3]
      redis.call('SADD', skey, ARGV[2])
      local ttl = redis.call('PTTL', skey)
      if ttl < 0 or tonumber(ARGV[5]) + ttl < keep then
        redis.call('PEXPIREAT', skey, keep)
      end
      redis.call('HSET', tkey, 'family', ARGV[2], 'idle', ARGV[8])
      redis.call('PEXPIREAT', tkey, keep)
      return 1
      """;

  private static final String ROTATE =
      RETAIN_DEF
          + """
      local p = ARGV[1]
      local tkey = p .. 'tok:' .. ARGV[2]
      local fam = redis.call('HGET', tkey, 'family')
      if not fam then return {'UNKNOWN'} end
      local fkey = p .. 'fam:' .. fam
      local f = redis.call('HMGET', fkey, 'subject', 'roles', 'created', 'expires', 'revoked',
        'amr', 'auth_time')
      if not f[1] then return {'UNKNOWN'} end
      local now = tonumber(ARGV[4])
      local function result(status)
        return {status, fam, f[1], f[2], f[3], f[4], f[6] or '', f[7] or ''}
      end
      if f[5] == '1' then return result('REVOKED') end
      if now >= tonumber(f[4]) then return result('ABSOLUTE_EXPIRED') end
      local t = redis.call('HMGET', tkey, 'idle', 'spent', 'successor')
      local spend = tkey
      if t[2] then
        local grace = tonumber(ARGV[6])
        local ok = false
        if grace > 0 and now < tonumber(t[2]) + grace and t[3] then
          local skey = p .. 'tok:' .. t[3]
          if redis.call('EXISTS', skey) == 1 and not redis.call('HGET', skey, 'spent') then
            ok = true
            spend = skey
          end
        end
        if not ok then
          redis.call('HSET', fkey, 'revoked', '1')
          return result('REUSE_DETECTED')
        end
      elseif now >= tonumber(t[1]) then
        return result('IDLE_EXPIRED')
      end
      redis.call('HSET', spend, 'spent', ARGV[4], 'successor', ARGV[3])
      local nkey = p .. 'tok:' .. ARGV[3]
      redis.call('HSET', nkey, 'family', fam, 'idle', ARGV[5])
      redis.call('PEXPIREAT', nkey, tonumber(f[4]) + RETAIN)
      redis.call('HSET', fkey, 'last', ARGV[4], 'client', ARGV[7], 'ua', ARGV[8])
      return result('ROTATED')
      """;

  private static final String SESSIONS =
      """
      local p = ARGV[1]
      local skey = p .. 'sub:' .. ARGV[2]
      local now = tonumber(ARGV[3])
      local out = {}
      for _, id in ipairs(redis.call('SMEMBERS', skey)) do
        local f = redis.call('HMGET', p .. 'fam:' .. id, 'created', 'last', 'expires', 'revoked',
          'client', 'ua')
        if not f[1] then
          redis.call('SREM', skey, id)
        elseif f[4] == '0' and now < tonumber(f[3]) then
          table.insert(out, id)
          table.insert(out, f[1])
          table.insert(out, f[2] or f[1])
          table.insert(out, f[3])
          table.insert(out, f[5] or '')
          table.insert(out, f[6] or '')
        end
      end
      return out
      """;

  private static final String REVOKE_SESSIONS =
      """
      local p = ARGV[1]
      local skey = p .. 'sub:' .. ARGV[2]
      local out = {}
      for _, id in ipairs(redis.call('SMEMBERS', skey)) do
        local fkey = p .. 'fam:' .. id
        local revoked = redis.call('HGET', fkey, 'revoked')
        if not revoked then
          redis.call('SREM', skey, id)
        elseif revoked == '0' and id ~= ARGV[3] then
          redis.call('HSET', fkey, 'revoked', '1')
          table.insert(out, id)
        end
      end
      return out
      """;

  private static final String REVOKE =
      """
      local fkey = ARGV[1] .. 'fam:' .. ARGV[2]
      if redis.call('EXISTS', fkey) == 1 then redis.call('HSET', fkey, 'revoked', '1') end
      return 1
      """;

  private final RedisCommands<String, String> redis;
  private final String prefix;

  private RedisRefreshTokenStore(
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
  public static RedisRefreshTokenStore create(StatefulRedisConnection<String, String> connection) {
    return create(connection, DEFAULT_PREFIX);
  }

  /**
   * A store on a Lettuce connection.
   *
   * @param connection a connection the application owns (and closes); set its timeout
   * @param prefix the key prefix, such as {@code myapp:jwt:}
   * @return the store
   */
  public static RedisRefreshTokenStore create(
      StatefulRedisConnection<String, String> connection, String prefix) {
    Objects.requireNonNull(connection, "connection");
    Objects.requireNonNull(prefix, "prefix");
    return new RedisRefreshTokenStore(connection, prefix);
  }

  @Override
  public void createFamily(
      RefreshFamily family, String tokenHash, Instant idleExpiry, SessionClient client) {
    try {
      redis.eval(
          CREATE,
          ScriptOutputType.INTEGER,
          new String[0],
          prefix,
          family.familyId(),
          family.subject(),
          JSON.writeValueAsString(family.roles()),
          Long.toString(family.createdAt().toEpochMilli()),
          Long.toString(family.expiresAt().toEpochMilli()),
          tokenHash,
          Long.toString(idleExpiry.toEpochMilli()),
          JSON.writeValueAsString(family.authentication().methods()),
          Long.toString(family.authentication().authTime().getEpochSecond()),
          orEmpty(client.address()),
          orEmpty(client.userAgent()));
    } catch (RedisException | JsonProcessingException e) {
      throw new TokenStoreException("Redis could not store a refresh family", e);
    }
  }

  @Override
  public RotationResult rotate(
      String presentedHash,
      String replacementHash,
      Instant now,
      Instant replacementIdleExpiry,
      Duration grace,
      SessionClient client) {
    List<Object> r;
    try {
      r =
          redis.eval(
              ROTATE,
              ScriptOutputType.MULTI,
              new String[0],
              prefix,
              presentedHash,
              replacementHash,
              Long.toString(now.toEpochMilli()),
              Long.toString(replacementIdleExpiry.toEpochMilli()),
              Long.toString(grace.toMillis()),
              orEmpty(client.address()),
              orEmpty(client.userAgent()));
    } catch (RedisException e) {
      throw new TokenStoreException("Redis could not rotate a refresh token", e);
    }
    RotationResult.Status status = RotationResult.Status.valueOf(String.valueOf(r.get(0)));
    if (r.size() < 6) {
      return new RotationResult(status, null);
    }
    try {
      Instant created = Instant.ofEpochMilli(Long.parseLong(String.valueOf(r.get(4))));
      String amr = r.size() > 7 ? String.valueOf(r.get(6)) : "";
      String authTime = r.size() > 7 ? String.valueOf(r.get(7)) : "";
      // a family stored by an earlier version has neither: authenticated at login, how unknown
      AuthenticationContext authentication =
          amr.isEmpty() || authTime.isEmpty()
              ? new AuthenticationContext(created, List.of())
              : new AuthenticationContext(
                  Instant.ofEpochSecond(Long.parseLong(authTime)), JSON.readValue(amr, STRINGS));
      RefreshFamily family =
          new RefreshFamily(
              String.valueOf(r.get(1)),
              String.valueOf(r.get(2)),
              JSON.readValue(String.valueOf(r.get(3)), STRINGS),
              created,
              Instant.ofEpochMilli(Long.parseLong(String.valueOf(r.get(5)))),
              authentication);
      return new RotationResult(status, family);
    } catch (JsonProcessingException | IllegalArgumentException e) {
      throw new TokenStoreException("Redis holds a malformed refresh family", e);
    }
  }

  @Override
  public void revokeFamily(String familyId, Instant now) {
    try {
      redis.eval(REVOKE, ScriptOutputType.INTEGER, new String[0], prefix, familyId);
    } catch (RedisException e) {
      throw new TokenStoreException("Redis could not revoke a refresh family", e);
    }
  }

  @Override
  public List<Session> sessions(String subject, Instant now) {
    List<Object> r;
    try {
      r =
          redis.eval(
              SESSIONS,
              ScriptOutputType.MULTI,
              new String[0],
              prefix,
              subject,
              Long.toString(now.toEpochMilli()));
    } catch (RedisException e) {
      throw new TokenStoreException("Redis could not list the sessions of a subject", e);
    }
    List<Session> out = new ArrayList<>();
    try {
      for (int i = 0; i + 5 < r.size(); i += 6) {
        out.add(
            new Session(
                String.valueOf(r.get(i)),
                subject,
                millis(r.get(i + 1)),
                millis(r.get(i + 2)),
                millis(r.get(i + 3)),
                new SessionClient(emptyToNull(r.get(i + 4)), emptyToNull(r.get(i + 5)))));
      }
    } catch (IllegalArgumentException e) {
      throw new TokenStoreException("Redis holds a malformed session", e);
    }
    out.sort(Comparator.comparing(Session::createdAt).thenComparing(Session::id));
    return out;
  }

  @Override
  public List<String> revokeSessions(String subject, @Nullable String exceptFamilyId, Instant now) {
    try {
      List<Object> r =
          redis.eval(
              REVOKE_SESSIONS,
              ScriptOutputType.MULTI,
              new String[0],
              prefix,
              subject,
              exceptFamilyId == null ? "" : exceptFamilyId);
      List<String> out = new ArrayList<>();
      r.forEach(id -> out.add(String.valueOf(id)));
      return out;
    } catch (RedisException e) {
      throw new TokenStoreException("Redis could not revoke the sessions of a subject", e);
    }
  }

  private static Instant millis(Object value) {
    return Instant.ofEpochMilli(Long.parseLong(String.valueOf(value)));
  }

  private static @Nullable String emptyToNull(Object value) {
    String s = String.valueOf(value);
    return s.isEmpty() ? null : s;
  }

  private static String orEmpty(@Nullable String s) {
    return s == null ? "" : s;
  }

  /** Its settings: the key prefix. The connection is not printed: its URI may carry a password. */
  @Override
  public String toString() {
    return "RedisRefreshTokenStore[prefix=" + prefix + "]";
  }
}
