package dev.bulwark.examples.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.File;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL (users, refresh-token families and, without Redis, the access-token denylist) goes
 * away and comes back: everything that needs it fails closed with 503 and Retry-After, no token is
 * accepted or issued on a guess, liveness stays UP, readiness names PostgreSQL, a refresh token
 * presented during the outage is not spent, and the instance recovers by itself.
 */
class PostgresOutageTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String ADMIN_PASSWORD = "correct horse battery staple admin";
  private static int port;
  private static File dataDirectory;
  private static EmbeddedPostgres postgres;
  private static SecurityMonitor monitor;

  @BeforeAll
  static void start() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    dataDirectory = Files.createTempDirectory("bulwark-pg-outage").toFile();
    postgres = startPostgres();
    monitor =
        SecurityMonitor.start(
            MonitorConfig.from(
                Map.of(
                    "PORT",
                    "0",
                    "BULWARK_DEMO_ADMIN_PASSWORD",
                    ADMIN_PASSWORD,
                    "BULWARK_DEMO_USER_PASSWORD",
                    "correct horse battery staple user",
                    "BULWARK_TOTP_KEY",
                    StartupTest.TOTP_KEY,
                    "BULWARK_JDBC_URL",
                    postgres.getJdbcUrl("postgres", "postgres"))),
            false);
  }

  /** Same port, same data directory: the restarted server still has the users and families. */
  private static EmbeddedPostgres startPostgres() throws Exception {
    return EmbeddedPostgres.builder()
        .setPort(port)
        .setDataDirectory(dataDirectory)
        .setCleanDataDirectory(false)
        .start();
  }

  @AfterAll
  static void stop() throws Exception {
    if (monitor != null) {
      monitor.close();
    }
    if (postgres != null) {
      postgres.close();
    }
  }

  static HttpResponse<String> send(String method, String path, String body, String... headers)
      throws Exception {
    return DemoHttp.send(monitor, method, path, body, headers);
  }

  private static void assertUnavailable(HttpResponse<String> r) {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(503);
    assertThat(r.headers().firstValue("Retry-After")).isPresent();
    assertThat(r.headers().firstValue("Content-Type"))
        .hasValueSatisfying(v -> assertThat(v).startsWith("application/problem+json"));
    assertThat(r.body()).doesNotContain("Exception", "at org.", "at dev.", "postgres:");
  }

  @Test
  void postgresDown_failsClosedWith503_andNothingIsLost() throws Exception {
    String credentials =
        JSON.writeValueAsString(Map.of("username", "admin", "password", ADMIN_PASSWORD));
    HttpResponse<String> login = send("POST", "/api/auth/login", credentials);
    assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
    JsonNode pair = JSON.readTree(login.body());
    String bearer = "Bearer " + pair.get("access_token").asText();
    String refresh =
        JSON.writeValueAsString(Map.of("refresh_token", pair.get("refresh_token").asText()));
    assertThat(send("GET", "/api/me", null, "Authorization", bearer).statusCode()).isEqualTo(200);

    postgres.close();
    HttpResponse<String> ready =
        DemoHttp.until(monitor, 503, Duration.ofSeconds(20), "GET", "/health/ready");
    assertThat(ready.statusCode()).isEqualTo(503);
    assertThat(ready.body()).contains("postgresql");
    assertThat(send("GET", "/health", null).statusCode()).as("liveness").isEqualTo(200);

    // the denylist lives in PostgreSQL here: a valid token is not accepted on a guess
    assertUnavailable(send("GET", "/api/me", null, "Authorization", bearer));
    assertUnavailable(send("POST", "/api/auth/login", credentials));
    assertUnavailable(send("POST", "/api/auth/refresh", refresh));

    postgres = startPostgres();
    assertThat(
            DemoHttp.until(monitor, 200, Duration.ofSeconds(30), "GET", "/health/ready")
                .statusCode())
        .as("ready again within 30 s")
        .isEqualTo(200);
    assertThat(send("GET", "/api/me", null, "Authorization", bearer).statusCode()).isEqualTo(200);
    HttpResponse<String> rotated = send("POST", "/api/auth/refresh", refresh);
    assertThat(rotated.statusCode())
        .as("the refresh token presented during the outage was not spent: " + rotated.body())
        .isEqualTo(200);
    assertThat(JSON.readTree(rotated.body()).get("refresh_token").asText())
        .isNotEqualTo(pair.get("refresh_token").asText());
    assertThat(send("POST", "/api/auth/login", credentials).statusCode()).isEqualTo(200);
  }
}
