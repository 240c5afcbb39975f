package dev.bulwark.examples.monitor;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javax.sql.DataSource;

/** Accounts in PostgreSQL, shared by every instance. */
final class JdbcUserDirectory implements UserDirectory {

  private final DataSource dataSource;

  JdbcUserDirectory(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /**
   * Creates the table; safe when several instances start at once (IF NOT EXISTS + advisory lock).
   */
  void createSchema() {
    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement()) {
      s.execute("SELECT pg_advisory_lock(4242001)");
      try {
        s.execute(
            "CREATE TABLE IF NOT EXISTS demo_users ("
                + " username VARCHAR(64) PRIMARY KEY,"
                + " email VARCHAR(254) NOT NULL,"
                + " password_hash VARCHAR(512) NOT NULL,"
                + " roles VARCHAR(256) NOT NULL)");
      } finally {
        s.execute("SELECT pg_advisory_unlock(4242001)");
      }
    } catch (SQLException e) {
      throw new StoreUnavailableException("PostgreSQL", e);
    }
  }

  @Override
  public Optional<Account> find(String username) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT username, email, password_hash, roles FROM demo_users WHERE username = ?")) {
      ps.setString(1, username.toLowerCase(Locale.ROOT));
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        return Optional.of(
            new Account(
                rs.getString(1),
                rs.getString(2),
                rs.getString(3),
                List.copyOf(Arrays.asList(rs.getString(4).split(",")))));
      }
    } catch (SQLException e) {
      throw new StoreUnavailableException("PostgreSQL", e);
    }
  }

  @Override
  public boolean create(Account account) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "INSERT INTO demo_users (username, email, password_hash, roles) VALUES (?, ?, ?, ?)"
                    + " ON CONFLICT (username) DO NOTHING")) {
      ps.setString(1, account.username().toLowerCase(Locale.ROOT));
      ps.setString(2, account.email());
      ps.setString(3, account.passwordHash());
      ps.setString(4, String.join(",", account.roles()));
      return ps.executeUpdate() == 1;
    } catch (SQLException e) {
      throw new StoreUnavailableException("PostgreSQL", e);
    }
  }

  @Override
  public void updateHash(String username, String newHash) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement("UPDATE demo_users SET password_hash = ? WHERE username = ?")) {
      ps.setString(1, newHash);
      ps.setString(2, username.toLowerCase(Locale.ROOT));
      ps.executeUpdate();
    } catch (SQLException e) {
      throw new StoreUnavailableException("PostgreSQL", e);
    }
  }

  @Override
  public void ping() {
    try (Connection c = dataSource.getConnection()) {
      if (!c.isValid(2)) {
        throw new StoreUnavailableException("PostgreSQL", new SQLException("connection not valid"));
      }
    } catch (SQLException e) {
      throw new StoreUnavailableException("PostgreSQL", e);
    }
  }
}
