package dev.bulwark.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.jwt.AccessTokenDenylist;
import dev.bulwark.jwt.RefreshTokenStore;
import dev.bulwark.jwt.store.JdbcAccessTokenDenylist;
import dev.bulwark.jwt.store.JdbcRefreshTokenStore;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Path;
import java.time.Instant;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;

/** {@code bulwark.jdbc.stores=true} against a real PostgreSQL. */
class JdbcStoresTest {

  private static final Path KEYS = TestKeyFile.create();
  private static EmbeddedPostgres postgres;

  @BeforeAll
  static void start() throws Exception {
    postgres = EmbeddedPostgres.builder().start();
  }

  @AfterAll
  static void stop() throws Exception {
    postgres.close();
  }

  private final WebApplicationContextRunner runner =
      new WebApplicationContextRunner()
          .withConfiguration(
              AutoConfigurations.of(
                  BulwarkJdbcAutoConfiguration.class,
                  BulwarkAutoConfiguration.class,
                  BulwarkJwtAutoConfiguration.class))
          .withPropertyValues(
              "bulwark.jwt.keys-file=" + KEYS,
              "bulwark.jwt.issuer=https://auth.example.com",
              "bulwark.jwt.audience=api");

  @Test
  void storesTrue_putsTheTokenStateInTheDataSource_sharedByTwoInstances() {
    runner
        .withBean(DataSource.class, () -> postgres.getPostgresDatabase())
        .withPropertyValues("bulwark.jdbc.stores=true")
        .run(
            a -> {
              assertThat(a.getBean(RefreshTokenStore.class))
                  .isInstanceOf(JdbcRefreshTokenStore.class);
              AccessTokenDenylist denylist = a.getBean(AccessTokenDenylist.class);
              assertThat(denylist).isInstanceOf(JdbcAccessTokenDenylist.class);
              assertThat(a.getBean("bulwarkJdbc", HealthIndicator.class).health().getStatus())
                  .isEqualTo(Status.UP);
              String jti = "jti-" + System.nanoTime();
              denylist.deny(jti, Instant.now().plusSeconds(600));
              runner
                  .withBean(DataSource.class, () -> postgres.getPostgresDatabase())
                  .withPropertyValues("bulwark.jdbc.stores=true")
                  .run(
                      b ->
                          assertThat(
                                  b.getBean(AccessTokenDenylist.class).isDenied(jti, Instant.now()))
                              .as("another instance on the same database")
                              .isTrue());
            });
  }

  @Test
  void storesTrue_withoutADataSource_stopsStartUp_namingTheFix() {
    runner
        .withPropertyValues("bulwark.jdbc.stores=true")
        .run(
            ctx ->
                assertThat(ctx)
                    .hasFailed()
                    .getFailure()
                    .rootCause()
                    .hasMessageContaining("'bulwark.jdbc': setting 'stores' is true")
                    .hasMessageContaining("spring.datasource.url"));
  }

  @Test
  void byDefault_aDataSourceIsNotUsed() {
    runner
        .withBean(DataSource.class, () -> postgres.getPostgresDatabase())
        .run(
            ctx -> {
              assertThat(ctx.getBean(AccessTokenDenylist.class))
                  .isNotInstanceOf(JdbcAccessTokenDenylist.class);
              assertThat(ctx).doesNotHaveBean(JdbcRefreshTokenStore.class);
              assertThat(ctx).doesNotHaveBean("bulwarkJdbc");
            });
  }
}
