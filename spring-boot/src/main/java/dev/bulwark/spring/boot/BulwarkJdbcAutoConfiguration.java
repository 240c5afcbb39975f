package dev.bulwark.spring.boot;

import dev.bulwark.jwt.AccessTokenDenylist;
import dev.bulwark.jwt.RefreshTokenStore;
import dev.bulwark.jwt.store.JdbcAccessTokenDenylist;
import dev.bulwark.jwt.store.JdbcRefreshTokenStore;
import dev.bulwark.web.ConfigurationException;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The token state in the application's PostgreSQL {@link DataSource}, opted into with {@code
 * bulwark.jdbc.stores=true}: the refresh-token families (sessions) and the access-token denylist,
 * shared by every instance on that database; the tables are created at start-up when missing. A
 * Redis store ({@code bulwark.redis.url}) or a store bean of the application wins. Without a {@code
 * DataSource} bean, start-up stops and says so: a store asked for is never silently kept in memory.
 * With Spring Boot's health support, the indicator {@code bulwarkJdbc} answers DOWN when no valid
 * connection can be had.
 */
@AutoConfiguration(
    after = BulwarkRedisAutoConfiguration.class,
    before = BulwarkJwtAutoConfiguration.class,
    afterName = "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration")
@ConditionalOnProperty(prefix = "bulwark.jdbc", name = "stores", havingValue = "true")
public class BulwarkJdbcAutoConfiguration {

  /** Created by Spring. */
  public BulwarkJdbcAutoConfiguration() {}

  private static DataSource required(ObjectProvider<DataSource> dataSource) {
    DataSource ds = dataSource.getIfUnique();
    if (ds == null) {
      throw new ConfigurationException(
          "'bulwark.jdbc': setting 'stores' is true but the application has no single DataSource"
              + " bean: add spring-boot-starter-jdbc and spring.datasource.url (PostgreSQL), or set"
              + " bulwark.jdbc.stores=false to keep the stores in memory");
    }
    return ds;
  }

  /**
   * Refresh-token families in PostgreSQL.
   *
   * @param dataSource the application's data source
   * @return the store
   * @throws ConfigurationException without a data source
   */
  @Bean
  @ConditionalOnMissingBean
  public RefreshTokenStore bulwarkJdbcRefreshTokenStore(ObjectProvider<DataSource> dataSource) {
    return JdbcRefreshTokenStore.create(required(dataSource));
  }

  /**
   * The access-token denylist in PostgreSQL.
   *
   * @param dataSource the application's data source
   * @return the denylist
   * @throws ConfigurationException without a data source
   */
  @Bean
  @ConditionalOnMissingBean
  public AccessTokenDenylist bulwarkJdbcAccessTokenDenylist(ObjectProvider<DataSource> dataSource) {
    return JdbcAccessTokenDenylist.create(required(dataSource));
  }

  /** The health indicator, with Spring Boot's health support on the class path. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(HealthIndicator.class)
  static class JdbcHealth {

    @Bean
    @ConditionalOnMissingBean(name = "bulwarkJdbc")
    HealthIndicator bulwarkJdbc(ObjectProvider<DataSource> dataSource) {
      DataSource ds = required(dataSource);
      return () -> {
        try (Connection c = ds.getConnection()) {
          return c.isValid(2) ? Health.up().build() : Health.down().build();
        } catch (SQLException e) {
          return Health.down().withDetail("sqlState", String.valueOf(e.getSQLState())).build();
        }
      };
    }
  }
}
