package dev.bulwark.jwt.store;

import dev.bulwark.jwt.TokenStoreException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;

/** Creates the PostgreSQL schema shipped as {@code postgresql-schema.sql}, once per process. */
final class JdbcSchema {

  /** An arbitrary constant: the advisory lock that serialises schema creation across instances. */
  private static final long LOCK_KEY = 0x42756c7761726bL;

  private JdbcSchema() {}

  static void create(DataSource dataSource) {
    String sql;
    try (InputStream in = JdbcSchema.class.getResourceAsStream("postgresql-schema.sql")) {
      if (in == null) {
        throw new IllegalStateException("postgresql-schema.sql is missing from the jar");
      }
      sql = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException("postgresql-schema.sql cannot be read", e);
    }
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try (Statement s = c.createStatement()) {
        // two instances starting at once would otherwise race on CREATE TABLE IF NOT EXISTS
        s.execute("SELECT pg_advisory_xact_lock(" + LOCK_KEY + ")");
        for (String statement : sql.split(";")) {
          String body = stripComments(statement);
          if (!body.isBlank()) {
            s.execute(body);
          }
        }
        c.commit();
      } catch (SQLException e) {
        c.rollback();
        throw e;
      }
    } catch (SQLException e) {
      throw new TokenStoreException(
          "the refresh-token schema cannot be created (SQLState " + e.getSQLState() + ")", e);
    }
  }

  private static String stripComments(String statement) {
    StringBuilder sb = new StringBuilder();
    for (String line : statement.split("\n")) {
      if (!line.trim().startsWith("--")) {
        sb.append(line).append('\n');
      }
    }
    return sb.toString();
  }
}
