package dev.bulwark.jwt.store;

import dev.bulwark.jwt.AccessTokenDenylist;
import dev.bulwark.jwt.TokenStoreException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Objects;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * The access-token denylist in PostgreSQL, shared by every instance (Redis is the faster choice for
 * this per-request lookup; see {@link RedisAccessTokenDenylist}). Uses the schema of {@link
 * JdbcRefreshTokenStore}. A database failure throws {@link TokenStoreException}, so the verifier
 * fails closed. Thread-safe if the {@link DataSource} is.
 */
public final class JdbcAccessTokenDenylist implements AccessTokenDenylist {

  private final DataSource dataSource;

  private JdbcAccessTokenDenylist(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /**
   * Creates the schema if needed and returns the denylist.
   *
   * @param dataSource a PostgreSQL data source, preferably pooled
   * @return the denylist
   * @throws TokenStoreException when the schema cannot be created
   */
  public static JdbcAccessTokenDenylist create(DataSource dataSource) {
    Objects.requireNonNull(dataSource, "dataSource");
    JdbcSchema.create(dataSource);
    return new JdbcAccessTokenDenylist(dataSource);
  }

  @Override
  public void deny(String jwtId, Instant until) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "INSERT INTO bulwark_denied_access_token (jwt_id, denied_until) VALUES (?, ?)"
                    + " ON CONFLICT (jwt_id) DO UPDATE SET denied_until ="
                    + " GREATEST(bulwark_denied_access_token.denied_until, EXCLUDED.denied_until)")) {
      s.setString(1, jwtId);
      s.setLong(2, until.toEpochMilli());
      s.executeUpdate();
    } catch (SQLException e) {
      throw JdbcRefreshTokenStore.failure("deny an access token", e);
    }
  }

  @Override
  public void denySession(String sessionId, Instant until) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "INSERT INTO bulwark_denied_session (session_id, denied_until) VALUES (?, ?)"
                    + " ON CONFLICT (session_id) DO UPDATE SET denied_until ="
                    + " GREATEST(bulwark_denied_session.denied_until, EXCLUDED.denied_until)")) {
      s.setString(1, sessionId);
      s.setLong(2, until.toEpochMilli());
      s.executeUpdate();
    } catch (SQLException e) {
      throw JdbcRefreshTokenStore.failure("deny a session", e);
    }
  }

  @Override
  public void denySubjectBefore(String subject, Instant notBefore, Instant until) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "INSERT INTO bulwark_subject_not_before (subject, not_before, denied_until)"
                    + " VALUES (?, ?, ?) ON CONFLICT (subject) DO UPDATE SET not_before ="
                    + " GREATEST(bulwark_subject_not_before.not_before, EXCLUDED.not_before),"
                    + " denied_until = GREATEST(bulwark_subject_not_before.denied_until,"
                    + " EXCLUDED.denied_until)")) {
      s.setString(1, subject);
      s.setLong(2, notBefore.toEpochMilli());
      s.setLong(3, until.toEpochMilli());
      s.executeUpdate();
    } catch (SQLException e) {
      throw JdbcRefreshTokenStore.failure("record a subject's not-before", e);
    }
  }

  @Override
  public boolean isDenied(
      String jwtId, @Nullable String sessionId, String subject, Instant issuedAt, Instant now) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "SELECT EXISTS (SELECT 1 FROM bulwark_denied_access_token WHERE jwt_id = ?"
                    + " AND jwt_id <> '' AND denied_until > ?)"
                    + " OR EXISTS (SELECT 1 FROM bulwark_denied_session WHERE session_id = ?"
                    + " AND denied_until > ?)"
                    + " OR EXISTS (SELECT 1 FROM bulwark_subject_not_before WHERE subject = ?"
                    + " AND not_before >= ? AND denied_until > ?)")) {
      long nowMs = now.toEpochMilli();
      s.setString(1, jwtId);
      s.setLong(2, nowMs);
      s.setString(3, sessionId);
      s.setLong(4, nowMs);
      s.setString(5, subject);
      s.setLong(6, issuedAt.toEpochMilli());
      s.setLong(7, nowMs);
      try (ResultSet rs = s.executeQuery()) {
        return rs.next() && rs.getBoolean(1);
      }
    } catch (SQLException e) {
      throw JdbcRefreshTokenStore.failure("read the denylist", e);
    }
  }

  @Override
  public boolean isDenied(String jwtId, Instant now) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "SELECT 1 FROM bulwark_denied_access_token WHERE jwt_id = ? AND denied_until > ?")) {
      s.setString(1, jwtId);
      s.setLong(2, now.toEpochMilli());
      try (ResultSet rs = s.executeQuery()) {
        return rs.next();
      }
    } catch (SQLException e) {
      throw JdbcRefreshTokenStore.failure("read the denylist", e);
    }
  }

  /**
   * Deletes entries whose tokens have expired.
   *
   * @param now the current time
   * @return the number of entries deleted
   * @throws TokenStoreException when the database fails
   */
  public int purgeExpired(Instant now) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement d =
            c.prepareStatement(
                "WITH t AS (DELETE FROM bulwark_denied_access_token WHERE denied_until <= ?"
                    + " RETURNING 1), s AS (DELETE FROM bulwark_denied_session WHERE"
                    + " denied_until <= ? RETURNING 1), u AS (DELETE FROM"
                    + " bulwark_subject_not_before WHERE denied_until <= ? RETURNING 1)"
                    + " SELECT (SELECT count(*) FROM t) + (SELECT count(*) FROM s)"
                    + " + (SELECT count(*) FROM u)")) {
      for (int i = 1; i <= 3; i++) {
        d.setLong(i, now.toEpochMilli());
      }
      try (ResultSet rs = d.executeQuery()) {
        return rs.next() ? rs.getInt(1) : 0;
      }
    } catch (SQLException e) {
      throw JdbcRefreshTokenStore.failure("purge the denylist", e);
    }
  }

  /**
   * Its settings: the table and the data source's type. The data source itself is not printed: its
   * {@code toString} may carry a password.
   */
  @Override
  public String toString() {
    return "JdbcAccessTokenDenylist[tables=bulwark_denied_access_token+bulwark_denied_session"
        + "+bulwark_subject_not_before, dataSource="
        + dataSource.getClass().getName()
        + "]";
  }
}
