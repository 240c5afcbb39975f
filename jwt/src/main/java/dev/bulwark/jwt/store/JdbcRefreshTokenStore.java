package dev.bulwark.jwt.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulwark.jwt.AuthenticationContext;
import dev.bulwark.jwt.RefreshFamily;
import dev.bulwark.jwt.RefreshTokenStore;
import dev.bulwark.jwt.RotationResult;
import dev.bulwark.jwt.RotationResult.Status;
import dev.bulwark.jwt.Session;
import dev.bulwark.jwt.SessionClient;
import dev.bulwark.jwt.TokenStoreException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * Refresh-token families in PostgreSQL, shared by every instance.
 *
 * <p>{@link #create(DataSource)} runs the shipped schema ({@code
 * dev/bulwark/jwt/store/postgresql-schema.sql}: {@code CREATE TABLE IF NOT EXISTS}, under an
 * advisory lock so that two instances may start at once). Rotation runs in one transaction that
 * locks the family row ({@code SELECT … FOR UPDATE}) and spends the token with a conditional {@code
 * UPDATE … WHERE spent_at IS NULL}: of concurrent rotations of one token, across instances, exactly
 * one wins. Any {@link SQLException} becomes a {@link TokenStoreException}: nothing is accepted on
 * a guess. Rows are removed by {@link #purgeExpired(Instant)}, which the application should call
 * periodically. Thread-safe if the {@link DataSource} is (use a pool).
 */
public final class JdbcRefreshTokenStore implements RefreshTokenStore {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {};

  private final DataSource dataSource;

  private JdbcRefreshTokenStore(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /**
   * Creates the schema if needed and returns the store.
   *
   * @param dataSource a PostgreSQL data source, preferably pooled
   * @return the store
   * @throws TokenStoreException when the schema cannot be created
   */
  public static JdbcRefreshTokenStore create(DataSource dataSource) {
    Objects.requireNonNull(dataSource, "dataSource");
    JdbcSchema.create(dataSource);
    return new JdbcRefreshTokenStore(dataSource);
  }

  @Override
  public void createFamily(
      RefreshFamily family, String tokenHash, Instant idleExpiry, SessionClient client) {
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try (PreparedStatement f =
              c.prepareStatement(
                  "INSERT INTO bulwark_refresh_family (family_id, subject, roles, created_at,"
                      + " expires_at, amr, auth_time, last_used_at, client, user_agent)"
                      + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
          PreparedStatement t =
              c.prepareStatement(
                  "INSERT INTO bulwark_refresh_token (token_hash, family_id, idle_expires_at)"
                      + " VALUES (?, ?, ?)")) {
        f.setString(1, family.familyId());
        f.setString(2, family.subject());
        f.setString(3, JSON.writeValueAsString(family.roles()));
        f.setLong(4, family.createdAt().toEpochMilli());
        f.setLong(5, family.expiresAt().toEpochMilli());
        f.setString(6, JSON.writeValueAsString(family.authentication().methods()));
        f.setLong(7, family.authentication().authTime().getEpochSecond());
        f.setLong(8, family.createdAt().toEpochMilli());
        f.setString(9, client.address());
        f.setString(10, client.userAgent());
        f.executeUpdate();
        t.setString(1, tokenHash);
        t.setString(2, family.familyId());
        t.setLong(3, idleExpiry.toEpochMilli());
        t.executeUpdate();
        c.commit();
      } catch (SQLException | JsonProcessingException e) {
        c.rollback();
        throw e;
      }
    } catch (SQLException | JsonProcessingException e) {
      throw failure("store a refresh family", e);
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
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try {
        RotationResult r =
            rotate(c, presentedHash, replacementHash, now, replacementIdleExpiry, grace, client);
        c.commit();
        return r;
      } catch (SQLException | JsonProcessingException | RuntimeException e) {
        c.rollback();
        throw e;
      }
    } catch (SQLException | JsonProcessingException e) {
      throw failure("rotate a refresh token", e);
    }
  }

  private record TokenRow(long idleExpiresAt, @Nullable Long spentAt, @Nullable String successor) {}

  private static RotationResult rotate(
      Connection c,
      String presentedHash,
      String replacementHash,
      Instant now,
      Instant replacementIdleExpiry,
      Duration grace,
      SessionClient client)
      throws SQLException, JsonProcessingException {
    String familyId;
    try (PreparedStatement s =
        c.prepareStatement("SELECT family_id FROM bulwark_refresh_token WHERE token_hash = ?")) {
      s.setString(1, presentedHash);
      try (ResultSet rs = s.executeQuery()) {
        if (!rs.next()) {
          return new RotationResult(Status.UNKNOWN, null);
        }
        familyId = rs.getString(1);
      }
    }
    RefreshFamily family;
    boolean revoked;
    // the family row lock serialises every rotation of the family, across instances
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT subject, roles, created_at, expires_at, revoked_at, amr, auth_time FROM"
                + " bulwark_refresh_family WHERE family_id = ? FOR UPDATE")) {
      s.setString(1, familyId);
      try (ResultSet rs = s.executeQuery()) {
        if (!rs.next()) {
          return new RotationResult(Status.UNKNOWN, null);
        }
        Instant created = Instant.ofEpochMilli(rs.getLong(3));
        Instant expires = Instant.ofEpochMilli(rs.getLong(4));
        rs.getLong(5);
        revoked = !rs.wasNull();
        String amr = rs.getString(6);
        long authTime = rs.getLong(7);
        // a family stored by an earlier version has neither: authenticated at login, how unknown
        AuthenticationContext authentication =
            amr == null || rs.wasNull()
                ? new AuthenticationContext(created, List.of())
                : new AuthenticationContext(
                    Instant.ofEpochSecond(authTime), JSON.readValue(amr, STRINGS));
        family =
            new RefreshFamily(
                familyId,
                rs.getString(1),
                JSON.readValue(rs.getString(2), STRINGS),
                created,
                expires,
                authentication);
      }
    }
    if (revoked) {
      return new RotationResult(Status.REVOKED, family);
    }
    if (!now.isBefore(family.expiresAt())) {
      return new RotationResult(Status.ABSOLUTE_EXPIRED, family);
    }
    TokenRow token = token(c, presentedHash);
    if (token == null) {
      return new RotationResult(Status.UNKNOWN, null);
    }
    String toSpend = presentedHash;
    if (token.spentAt() != null) {
      TokenRow successor = token.successor() == null ? null : token(c, token.successor());
      boolean inGrace =
          !grace.isZero()
              && now.isBefore(Instant.ofEpochMilli(token.spentAt()).plus(grace))
              && successor != null
              && successor.spentAt() == null;
      if (!inGrace) {
        revoke(c, familyId, now);
        return new RotationResult(Status.REUSE_DETECTED, family);
      }
      toSpend = Objects.requireNonNull(token.successor());
    } else if (!now.isBefore(Instant.ofEpochMilli(token.idleExpiresAt()))) {
      return new RotationResult(Status.IDLE_EXPIRED, family);
    }
    try (PreparedStatement u =
        c.prepareStatement(
            "UPDATE bulwark_refresh_token SET spent_at = ?, successor_hash = ?"
                + " WHERE token_hash = ? AND spent_at IS NULL")) {
      u.setLong(1, now.toEpochMilli());
      u.setString(2, replacementHash);
      u.setString(3, toSpend);
      if (u.executeUpdate() != 1) {
        // cannot happen under the family lock; if it does, treat it as the reuse it would be
        revoke(c, familyId, now);
        return new RotationResult(Status.REUSE_DETECTED, family);
      }
    }
    try (PreparedStatement i =
        c.prepareStatement(
            "INSERT INTO bulwark_refresh_token (token_hash, family_id, idle_expires_at)"
                + " VALUES (?, ?, ?)")) {
      i.setString(1, replacementHash);
      i.setString(2, familyId);
      i.setLong(3, replacementIdleExpiry.toEpochMilli());
      i.executeUpdate();
    }
    try (PreparedStatement u =
        c.prepareStatement(
            "UPDATE bulwark_refresh_family SET last_used_at = ?, client = ?, user_agent = ?"
                + " WHERE family_id = ?")) {
      u.setLong(1, now.toEpochMilli());
      u.setString(2, client.address());
      u.setString(3, client.userAgent());
      u.setString(4, familyId);
      u.executeUpdate();
    }
    return new RotationResult(Status.ROTATED, family);
  }

  private static @Nullable TokenRow token(Connection c, String hash) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT idle_expires_at, spent_at, successor_hash FROM bulwark_refresh_token"
                + " WHERE token_hash = ?")) {
      s.setString(1, hash);
      try (ResultSet rs = s.executeQuery()) {
        if (!rs.next()) {
          return null;
        }
        long idle = rs.getLong(1);
        long spent = rs.getLong(2);
        Long spentAt = rs.wasNull() ? null : spent;
        return new TokenRow(idle, spentAt, rs.getString(3));
      }
    }
  }

  private static void revoke(Connection c, String familyId, Instant now) throws SQLException {
    try (PreparedStatement u =
        c.prepareStatement(
            "UPDATE bulwark_refresh_family SET revoked_at = ? WHERE family_id = ?"
                + " AND revoked_at IS NULL")) {
      u.setLong(1, now.toEpochMilli());
      u.setString(2, familyId);
      u.executeUpdate();
    }
  }

  @Override
  public void revokeFamily(String familyId, Instant now) {
    try (Connection c = dataSource.getConnection()) {
      revoke(c, familyId, now);
    } catch (SQLException e) {
      throw failure("revoke a refresh family", e);
    }
  }

  @Override
  public List<Session> sessions(String subject, Instant now) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "SELECT family_id, created_at, last_used_at, expires_at, client, user_agent"
                    + " FROM bulwark_refresh_family WHERE subject = ? AND revoked_at IS NULL"
                    + " AND expires_at > ? ORDER BY created_at, family_id")) {
      s.setString(1, subject);
      s.setLong(2, now.toEpochMilli());
      List<Session> out = new ArrayList<>();
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          Instant created = Instant.ofEpochMilli(rs.getLong(2));
          long last = rs.getLong(3);
          Instant lastUsed = rs.wasNull() ? created : Instant.ofEpochMilli(last);
          out.add(
              new Session(
                  rs.getString(1),
                  subject,
                  created,
                  lastUsed,
                  Instant.ofEpochMilli(rs.getLong(4)),
                  new SessionClient(rs.getString(5), rs.getString(6))));
        }
      }
      return out;
    } catch (SQLException | IllegalArgumentException e) {
      throw failure("list the sessions of a subject", e);
    }
  }

  @Override
  public List<String> revokeSessions(String subject, @Nullable String exceptFamilyId, Instant now) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement u =
            c.prepareStatement(
                "UPDATE bulwark_refresh_family SET revoked_at = ? WHERE subject = ?"
                    + " AND revoked_at IS NULL AND family_id <> ? RETURNING family_id")) {
      u.setLong(1, now.toEpochMilli());
      u.setString(2, subject);
      // no family id is empty: "" keeps none
      u.setString(3, exceptFamilyId == null ? "" : exceptFamilyId);
      List<String> out = new ArrayList<>();
      try (ResultSet rs = u.executeQuery()) {
        while (rs.next()) {
          out.add(rs.getString(1));
        }
      }
      return out;
    } catch (SQLException e) {
      throw failure("revoke the sessions of a subject", e);
    }
  }

  /**
   * Deletes families (and their tokens) whose absolute lifetime ended before {@code now}.
   *
   * @param now the current time
   * @return the number of families deleted
   * @throws TokenStoreException when the database fails
   */
  public int purgeExpired(Instant now) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement d =
            c.prepareStatement("DELETE FROM bulwark_refresh_family WHERE expires_at < ?")) {
      d.setLong(1, now.toEpochMilli());
      return d.executeUpdate();
    } catch (SQLException e) {
      throw failure("purge expired refresh families", e);
    }
  }

  static TokenStoreException failure(String action, Exception e) {
    String state = e instanceof SQLException s ? " (SQLState " + s.getSQLState() + ")" : "";
    return new TokenStoreException("the database could not " + action + state, e);
  }

  /**
   * Its settings: the tables and the data source's type. The data source itself is not printed: its
   * {@code toString} may carry a password.
   */
  @Override
  public String toString() {
    return "JdbcRefreshTokenStore[tables=bulwark_refresh_family+bulwark_refresh_token, dataSource="
        + dataSource.getClass().getName()
        + "]";
  }
}
