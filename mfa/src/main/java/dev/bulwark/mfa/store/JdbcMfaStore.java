package dev.bulwark.mfa.store;

import dev.bulwark.mfa.MfaException;
import dev.bulwark.mfa.MfaStore;
import dev.bulwark.web.ConfigurationException;
import dev.bulwark.web.internal.SetOnce;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Second factors in PostgreSQL, shared by every instance, through plain JDBC.
 *
 * <pre>{@code
 * MfaStore store = JdbcMfaStore.builder(dataSource).build(); // creates the two tables if needed
 * }</pre>
 *
 * <p><b>Schema.</b> {@link Builder#build()} runs {@code CREATE TABLE IF NOT EXISTS} for {@value
 * #TOTP_TABLE} (one row per user: the pending and the confirmed sealed secret, the last accepted
 * time-step) and {@value #RECOVERY_TABLE} (one row per unused recovery code: its id and password
 * hash), under a transaction-scoped advisory lock so that two instances may start at once. It then
 * checks that both tables have the columns this class uses, so an incompatible table left by
 * something else fails start-up rather than the first sign-in. Where the application's database
 * user may not run DDL, {@link Builder#validateSchemaOnly()} only checks; the statements are listed
 * in the module's README.
 *
 * <p><b>Atomicity.</b> Every check-and-change is one statement or one transaction on the server:
 *
 * <ul>
 *   <li>{@link #markStepUsed}: {@code UPDATE … SET last_step = ? WHERE … last_step < ?}. Of
 *       concurrent calls with one step, on any instances, PostgreSQL's row lock lets exactly one
 *       update the row; the others re-check the condition after it commits and find it false.
 *   <li>{@link #consumeRecoveryCode}: {@code DELETE … WHERE subject = ? AND code_id = ? AND
 *       code_hash = ?}: one caller deletes the row, every other deletes nothing.
 *   <li>{@link #confirm} and {@link #replaceRecoveryCodes}: one transaction that first locks the
 *       user's row, then deletes the old codes and inserts the new ones; a reader sees the old set
 *       or the new one, never a mix.
 * </ul>
 *
 * <p><b>Failures fail closed.</b> Any {@link SQLException} (database down, timeout, a subject
 * longer than 1024 characters) becomes an {@link MfaException}, whose message names the operation
 * and the SQLState but never a secret, a code or the subject: a sign-in then fails, it never skips
 * the second factor. Thread-safe if the {@link DataSource} is; use a pool and give it a connect and
 * a statement timeout.
 */
public final class JdbcMfaStore implements MfaStore {

  /** The table with one row per user. */
  public static final String TOTP_TABLE = "bulwark_mfa_totp";

  /** The table with one row per unused recovery code. */
  public static final String RECOVERY_TABLE = "bulwark_mfa_recovery_code";

  /** An arbitrary constant ("BulwMfa"): the advisory lock that serialises schema creation. */
  private static final long SCHEMA_LOCK = 0x42756c774d6661L;

  /** The schema; each statement is safe to run at every start-up. */
  static final List<String> SCHEMA =
      List.of(
          "CREATE TABLE IF NOT EXISTS "
              + TOTP_TABLE
              + " (subject VARCHAR(1024) PRIMARY KEY, pending_secret TEXT, secret TEXT,"
              + " last_step BIGINT)",
          "CREATE TABLE IF NOT EXISTS "
              + RECOVERY_TABLE
              + " (subject VARCHAR(1024) NOT NULL REFERENCES "
              + TOTP_TABLE
              + " (subject) ON DELETE CASCADE, code_id VARCHAR(64) NOT NULL,"
              + " code_hash TEXT NOT NULL, PRIMARY KEY (subject, code_id))");

  /** Reads every column this class uses, and no row: fails when a table or a column is missing. */
  private static final List<String> SCHEMA_CHECKS =
      List.of(
          "SELECT subject, pending_secret, secret, last_step FROM " + TOTP_TABLE + " WHERE 1 = 0",
          "SELECT subject, code_id, code_hash FROM " + RECOVERY_TABLE + " WHERE 1 = 0");

  private final DataSource dataSource;
  private final boolean createsSchema;

  private JdbcMfaStore(Builder b) {
    this.dataSource = b.dataSource;
    this.createsSchema = b.createsSchema;
  }

  /**
   * A builder for a store on a PostgreSQL data source.
   *
   * @param dataSource a PostgreSQL data source, preferably pooled, with timeouts set
   * @return the builder
   */
  public static Builder builder(DataSource dataSource) {
    return new Builder(Objects.requireNonNull(dataSource, "dataSource"));
  }

  @FunctionalInterface
  private interface Work<T> {
    T run(Connection c) throws SQLException;
  }

  /** Runs one unit of work in its own transaction; any failure rolls it back. */
  private <T> T inTransaction(String action, Work<T> work) {
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try {
        T result = work.run(c);
        c.commit();
        return result;
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      }
    } catch (SQLException e) {
      throw failure(action, e);
    }
  }

  /** Runs one statement with auto-commit. */
  private <T> T once(String action, Work<T> work) {
    try (Connection c = dataSource.getConnection()) {
      return work.run(c);
    } catch (SQLException e) {
      throw failure(action, e);
    }
  }

  private static MfaException failure(String action, SQLException e) {
    return new MfaException(
        "the database could not " + action + " (SQLState " + e.getSQLState() + ")", e);
  }

  @Override
  public void savePending(String subject, String sealedSecret) {
    once(
        "save a pending enrolment",
        c -> {
          try (PreparedStatement s =
              c.prepareStatement(
                  "INSERT INTO "
                      + TOTP_TABLE
                      + " (subject, pending_secret) VALUES (?, ?) ON CONFLICT (subject)"
                      + " DO UPDATE SET pending_secret = EXCLUDED.pending_secret")) {
            s.setString(1, subject);
            s.setString(2, sealedSecret);
            return s.executeUpdate();
          }
        });
  }

  @Override
  public Optional<String> pending(String subject) {
    return once(
        "read a pending enrolment",
        c -> {
          try (PreparedStatement s =
              c.prepareStatement(
                  "SELECT pending_secret FROM " + TOTP_TABLE + " WHERE subject = ?")) {
            s.setString(1, subject);
            try (ResultSet rs = s.executeQuery()) {
              return rs.next() ? Optional.ofNullable(rs.getString(1)) : Optional.empty();
            }
          }
        });
  }

  @Override
  public boolean confirm(
      String subject, String sealedSecret, long usedStep, Map<String, String> recoveryCodeHashes) {
    return inTransaction(
        "confirm an enrolment",
        c -> {
          try (PreparedStatement u =
              c.prepareStatement(
                  "UPDATE "
                      + TOTP_TABLE
                      + " SET secret = pending_secret, pending_secret = NULL, last_step = ?"
                      + " WHERE subject = ? AND pending_secret = ?")) {
            u.setLong(1, usedStep);
            u.setString(2, subject);
            u.setString(3, sealedSecret);
            if (u.executeUpdate() != 1) {
              return false;
            }
          }
          // the UPDATE holds the user's row lock until commit: no other replacement interleaves
          writeRecoveryCodes(c, subject, recoveryCodeHashes);
          return true;
        });
  }

  private static void writeRecoveryCodes(
      Connection c, String subject, Map<String, String> recoveryCodeHashes) throws SQLException {
    try (PreparedStatement d =
        c.prepareStatement("DELETE FROM " + RECOVERY_TABLE + " WHERE subject = ?")) {
      d.setString(1, subject);
      d.executeUpdate();
    }
    if (recoveryCodeHashes.isEmpty()) {
      return;
    }
    try (PreparedStatement i =
        c.prepareStatement(
            "INSERT INTO " + RECOVERY_TABLE + " (subject, code_id, code_hash) VALUES (?, ?, ?)")) {
      for (Map.Entry<String, String> e : recoveryCodeHashes.entrySet()) {
        i.setString(1, subject);
        i.setString(2, e.getKey());
        i.setString(3, e.getValue());
        i.addBatch();
      }
      i.executeBatch();
    }
  }

  @Override
  public Optional<Totp> totp(String subject) {
    return once(
        "read a TOTP factor",
        c -> {
          try (PreparedStatement s =
              c.prepareStatement(
                  "SELECT secret, last_step FROM "
                      + TOTP_TABLE
                      + " WHERE subject = ? AND secret IS NOT NULL")) {
            s.setString(1, subject);
            try (ResultSet rs = s.executeQuery()) {
              if (!rs.next()) {
                return Optional.empty();
              }
              String secret = rs.getString(1);
              long step = rs.getLong(2);
              return Optional.of(new Totp(secret, rs.wasNull() ? Long.MIN_VALUE : step));
            }
          }
        });
  }

  @Override
  public boolean markStepUsed(String subject, long step) {
    return once(
        "record a used time-step",
        c -> {
          try (PreparedStatement u =
              c.prepareStatement(
                  "UPDATE "
                      + TOTP_TABLE
                      + " SET last_step = ? WHERE subject = ? AND secret IS NOT NULL"
                      + " AND (last_step IS NULL OR last_step < ?)")) {
            u.setLong(1, step);
            u.setString(2, subject);
            u.setLong(3, step);
            return u.executeUpdate() == 1;
          }
        });
  }

  @Override
  public Optional<String> recoveryCodeHash(String subject, String id) {
    return once(
        "read a recovery code",
        c -> {
          try (PreparedStatement s =
              c.prepareStatement(
                  "SELECT code_hash FROM "
                      + RECOVERY_TABLE
                      + " WHERE subject = ? AND code_id = ?")) {
            s.setString(1, subject);
            s.setString(2, id);
            try (ResultSet rs = s.executeQuery()) {
              return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
          }
        });
  }

  @Override
  public boolean consumeRecoveryCode(String subject, String id, String hash) {
    return once(
        "consume a recovery code",
        c -> {
          try (PreparedStatement d =
              c.prepareStatement(
                  "DELETE FROM "
                      + RECOVERY_TABLE
                      + " WHERE subject = ? AND code_id = ? AND code_hash = ?")) {
            d.setString(1, subject);
            d.setString(2, id);
            d.setString(3, hash);
            return d.executeUpdate() == 1;
          }
        });
  }

  @Override
  public int remainingRecoveryCodes(String subject) {
    return once(
        "count recovery codes",
        c -> {
          try (PreparedStatement s =
              c.prepareStatement("SELECT count(*) FROM " + RECOVERY_TABLE + " WHERE subject = ?")) {
            s.setString(1, subject);
            try (ResultSet rs = s.executeQuery()) {
              rs.next();
              return rs.getInt(1);
            }
          }
        });
  }

  @Override
  public void replaceRecoveryCodes(String subject, Map<String, String> recoveryCodeHashes) {
    inTransaction(
        "replace recovery codes",
        c -> {
          // the row lock orders this replacement after (or before) any other, on every instance
          try (PreparedStatement s =
              c.prepareStatement("SELECT 1 FROM " + TOTP_TABLE + " WHERE subject = ? FOR UPDATE")) {
            s.setString(1, subject);
            try (ResultSet rs = s.executeQuery()) {
              if (!rs.next()) {
                return false; // no second factor: nothing to attach codes to
              }
            }
          }
          writeRecoveryCodes(c, subject, recoveryCodeHashes);
          return true;
        });
  }

  @Override
  public void delete(String subject) {
    once(
        "delete a second factor",
        c -> {
          // the recovery codes go with it (ON DELETE CASCADE)
          try (PreparedStatement d =
              c.prepareStatement("DELETE FROM " + TOTP_TABLE + " WHERE subject = ?")) {
            d.setString(1, subject);
            return d.executeUpdate();
          }
        });
  }

  /**
   * Its settings: the tables, whether it creates the schema, and the data source's type. The data
   * source itself is not printed: its {@code toString} may carry a URL with a password.
   */
  @Override
  public String toString() {
    return "JdbcMfaStore[tables="
        + TOTP_TABLE
        + "+"
        + RECOVERY_TABLE
        + ", schema="
        + (createsSchema ? "created if missing" : "validated only")
        + ", dataSource="
        + dataSource.getClass().getName()
        + "]";
  }

  /**
   * Builder for {@link JdbcMfaStore}. Each setting may be set once; every misuse is a {@link
   * ConfigurationException} naming the setting. Not thread-safe.
   */
  public static final class Builder {
    private final SetOnce set = new SetOnce("JdbcMfaStore.Builder");
    private final DataSource dataSource;
    private boolean createsSchema = true;

    private Builder(DataSource dataSource) {
      this.dataSource = dataSource;
    }

    /**
     * Does not create the tables, only checks that they exist with the columns this store uses: for
     * a database user without DDL rights, where the tables were created from the README's
     * statements. By default the tables are created if missing.
     *
     * @return this builder
     * @throws ConfigurationException when already set
     */
    public Builder validateSchemaOnly() {
      set.set("validateSchemaOnly", true);
      this.createsSchema = false;
      return this;
    }

    /**
     * Creates (unless {@link #validateSchemaOnly()}) and checks the schema, and builds the store.
     *
     * @return the store
     * @throws ConfigurationException when a table or a column is missing (or incompatible)
     * @throws MfaException when the database cannot be reached or the schema cannot be created
     */
    public JdbcMfaStore build() {
      try (Connection c = dataSource.getConnection()) {
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
          if (createsSchema) {
            // two instances starting at once would otherwise race on CREATE TABLE IF NOT EXISTS
            s.execute("SELECT pg_advisory_xact_lock(" + SCHEMA_LOCK + ")");
            for (String ddl : SCHEMA) {
              s.execute(ddl);
            }
          }
          for (String check : SCHEMA_CHECKS) {
            s.executeQuery(check).close();
          }
          c.commit();
        } catch (SQLException e) {
          c.rollback();
          throw e;
        }
      } catch (SQLException e) {
        String state = e.getSQLState();
        if (state != null && state.startsWith("42")) {
          // syntax error or access rule violation: undefined table or column, no privilege
          throw new ConfigurationException(
              "JdbcMfaStore: the tables "
                  + TOTP_TABLE
                  + " and "
                  + RECOVERY_TABLE
                  + " are missing, lack a column or cannot be used (SQLState "
                  + state
                  + "); "
                  + (createsSchema
                      ? "drop the incompatible tables or grant the database user their use"
                      : "create them with the statements in bulwark-mfa's README, or drop"
                          + " validateSchemaOnly() to let the store create them"),
              e);
        }
        throw failure("create the MFA schema", e);
      }
      return new JdbcMfaStore(this);
    }
  }
}
