package dev.bulwark.jwt.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.jwt.AccessTokenDenylist;
import dev.bulwark.jwt.RefreshFamily;
import dev.bulwark.jwt.RefreshTokenStore;
import dev.bulwark.jwt.RotationResult;
import dev.bulwark.jwt.TokenStoreException;
import dev.bulwark.testing.MutableClock;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The store contract on a real PostgreSQL 14, started from Maven artifacts. */
class PostgresTokenStoreTest extends TokenStoreContract {

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
  protected RefreshTokenStore newStore(MutableClock clock) {
    return JdbcRefreshTokenStore.create(dataSource);
  }

  @Override
  protected AccessTokenDenylist newDenylist(MutableClock clock) {
    return JdbcAccessTokenDenylist.create(dataSource);
  }

  @Override
  protected RefreshTokenStore otherInstance(RefreshTokenStore store, MutableClock clock) {
    // its own data source: another server on the same database
    return JdbcRefreshTokenStore.create(postgres.getPostgresDatabase());
  }

  @Override
  protected AccessTokenDenylist otherInstance(AccessTokenDenylist denylist, MutableClock clock) {
    return JdbcAccessTokenDenylist.create(postgres.getPostgresDatabase());
  }

  @Test
  void create_twiceOnTheSameDatabase_isIdempotent() {
    JdbcRefreshTokenStore.create(dataSource);
    JdbcAccessTokenDenylist.create(dataSource);
    assertThat(JdbcRefreshTokenStore.create(dataSource).purgeExpired(clock.instant()))
        .isNotNegative();
  }

  @Test
  void purgeExpired_removesEndedFamilies() {
    JdbcRefreshTokenStore store = JdbcRefreshTokenStore.create(dataSource);
    store.createFamily(
        new RefreshFamily(
            "purge-" + System.nanoTime(),
            "u",
            List.of(),
            clock.instant(),
            clock.instant().plusSeconds(60)),
        "purge-token-" + System.nanoTime(),
        clock.instant().plusSeconds(60));
    assertThat(store.purgeExpired(clock.instant().plus(Duration.ofMinutes(2)))).isPositive();
  }

  @Test
  void aFamilyStoredByAnEarlierVersion_withoutAmrOrAuthTime_rotatesAsAuthenticatedAtCreation()
      throws Exception {
    JdbcRefreshTokenStore store = JdbcRefreshTokenStore.create(dataSource);
    String family = "legacy-" + System.nanoTime();
    String token = "legacy-token-" + System.nanoTime();
    long created = clock.instant().toEpochMilli();
    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement()) {
      // the columns of the first schema only
      s.executeUpdate(
          "INSERT INTO bulwark_refresh_family (family_id, subject, roles, created_at, expires_at)"
              + " VALUES ('"
              + family
              + "', 'alice', '[\"USER\"]', "
              + created
              + ", "
              + (created + 3_600_000)
              + ")");
      s.executeUpdate(
          "INSERT INTO bulwark_refresh_token (token_hash, family_id, idle_expires_at) VALUES ('"
              + token
              + "', '"
              + family
              + "', "
              + (created + 3_600_000)
              + ")");
    }
    RotationResult r =
        store.rotate(
            token,
            token + "-next",
            clock.instant(),
            clock.instant().plusSeconds(60),
            Duration.ZERO);
    assertThat(r.status()).isEqualTo(RotationResult.Status.ROTATED);
    assertThat(r.family().authentication().methods()).isEmpty();
    assertThat(r.family().authentication().authTime())
        .isEqualTo(Instant.ofEpochMilli(created).truncatedTo(ChronoUnit.SECONDS));
  }

  @Test
  void databaseDown_failsClosedWithStoreException() throws Exception {
    EmbeddedPostgres other = EmbeddedPostgres.builder().start();
    DataSource ds = other.getPostgresDatabase();
    JdbcRefreshTokenStore store = JdbcRefreshTokenStore.create(ds);
    JdbcAccessTokenDenylist denylist = JdbcAccessTokenDenylist.create(ds);
    other.close();
    assertThatThrownBy(
            () -> store.rotate("a", "b", clock.instant(), clock.instant(), Duration.ZERO))
        .isInstanceOf(TokenStoreException.class);
    assertThatThrownBy(() -> denylist.isDenied("a", clock.instant()))
        .isInstanceOf(TokenStoreException.class);
  }
}
