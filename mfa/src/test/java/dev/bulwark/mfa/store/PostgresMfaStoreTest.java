package dev.bulwark.mfa.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.mfa.MfaException;
import dev.bulwark.mfa.MfaStore;
import dev.bulwark.mfa.MfaStoreContract;
import dev.bulwark.web.ConfigurationException;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The store contract on a real PostgreSQL 14, started from Maven artifacts. */
class PostgresMfaStoreTest extends MfaStoreContract {

  private static EmbeddedPostgres postgres;
  private static DataSource dataSource;

  @BeforeAll
  static void startPostgres() throws Exception {
    postgres = EmbeddedPostgres.builder().start();
    dataSource = postgres.getPostgresDatabase();
  }

  @AfterAll
  static void stopPostgres() throws Exception {
    if (postgres != null) {
      postgres.close();
    }
  }

  @Override
  protected MfaStore newStore() {
    return JdbcMfaStore.builder(dataSource).build();
  }

  @Test
  void build_byInstancesStartingAtOnce_createsTheSchemaOnce() throws Exception {
    EmbeddedPostgres fresh = EmbeddedPostgres.builder().start();
    try {
      DataSource ds = fresh.getPostgresDatabase();
      ExecutorService pool = Executors.newFixedThreadPool(4);
      try {
        List<Callable<JdbcMfaStore>> starts = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
          starts.add(() -> JdbcMfaStore.builder(ds).build());
        }
        for (Future<JdbcMfaStore> f : pool.invokeAll(starts)) {
          assertThat(f.get(60, TimeUnit.SECONDS)).isNotNull();
        }
      } finally {
        pool.shutdownNow();
      }
      JdbcMfaStore store = JdbcMfaStore.builder(ds).validateSchemaOnly().build();
      store.savePending("u", "p");
      assertThat(store.pending("u")).contains("p");
    } finally {
      fresh.close();
    }
  }

  @Test
  void validateSchemaOnly_onAnEmptyDatabase_failsNamingTheTables() throws Exception {
    EmbeddedPostgres fresh = EmbeddedPostgres.builder().start();
    try {
      DataSource ds = fresh.getPostgresDatabase();
      assertThatThrownBy(() -> JdbcMfaStore.builder(ds).validateSchemaOnly().build())
          .isInstanceOf(ConfigurationException.class)
          .hasMessageContaining(JdbcMfaStore.TOTP_TABLE)
          .hasMessageContaining("README");
      // an incompatible table of that name is found too, even when the store may create
      try (Connection c = ds.getConnection();
          Statement s = c.createStatement()) {
        s.execute("CREATE TABLE " + JdbcMfaStore.TOTP_TABLE + " (subject TEXT PRIMARY KEY)");
      }
      assertThatThrownBy(() -> JdbcMfaStore.builder(ds).build())
          .isInstanceOf(ConfigurationException.class)
          .hasMessageContaining(JdbcMfaStore.TOTP_TABLE);
    } finally {
      fresh.close();
    }
  }

  @Test
  void builder_settingsAreSetOnce_andToStringHidesTheDataSource() {
    JdbcMfaStore.Builder b = JdbcMfaStore.builder(dataSource).validateSchemaOnly();
    assertThatThrownBy(b::validateSchemaOnly)
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("validateSchemaOnly");
    String s = b.build().toString();
    assertThat(s)
        .contains("bulwark_mfa_totp", "validated only", dataSource.getClass().getName())
        .doesNotContain("password", "jdbc:");
    assertThat(JdbcMfaStore.builder(dataSource).build().toString()).contains("created if missing");
  }

  @Test
  void databaseDown_failsClosedWithMfaException() throws Exception {
    EmbeddedPostgres other = EmbeddedPostgres.builder().start();
    JdbcMfaStore store = JdbcMfaStore.builder(other.getPostgresDatabase()).build();
    store.savePending("u", "p");
    store.confirm("u", "p", 1, Map.of("aaaa", "h"));
    other.close();
    assertThatThrownBy(() -> store.markStepUsed("u", 2)).isInstanceOf(MfaException.class);
    assertThatThrownBy(() -> store.totp("u")).isInstanceOf(MfaException.class);
    assertThatThrownBy(() -> store.consumeRecoveryCode("u", "aaaa", "h"))
        .isInstanceOf(MfaException.class)
        .hasMessageContaining("consume a recovery code")
        .hasMessageNotContaining("aaaa");
    assertThatThrownBy(() -> JdbcMfaStore.builder(other.getPostgresDatabase()).build())
        .isInstanceOf(MfaException.class);
  }
}
