package dev.bulwark.examples.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.embedded.RedisServer;

/**
 * Redis goes away and comes back: what needs it fails closed with 503 and Retry-After, liveness
 * stays UP, readiness names Redis, and the instance recovers by itself within 30 s of Redis's
 * return.
 */
class RedisOutageTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String ADMIN_PASSWORD = "correct horse battery staple admin";
  private static int port;
  private static RedisServer redis;
  private static SecurityMonitor monitor;

  @BeforeAll
  static void start() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    redis = new RedisServer(port);
    redis.start();
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
                    "BULWARK_REDIS_URL",
                    "redis://127.0.0.1:" + port)),
            false);
  }

  @AfterAll
  static void stop() throws Exception {
    if (monitor != null) {
      monitor.close();
    }
    if (redis != null) {
      redis.stop();
    }
  }

  static HttpResponse<String> send(String method, String path, String body, String... headers)
      throws Exception {
    return DemoHttp.send(monitor, method, path, body, headers);
  }

  @Test
  void redisDown_failsClosedWith503_thenRecoversWithin30Seconds() throws Exception {
    HttpResponse<String> login =
        send(
            "POST",
            "/api/auth/login",
            JSON.writeValueAsString(Map.of("username", "admin", "password", ADMIN_PASSWORD)));
    assertThat(login.statusCode()).isEqualTo(200);
    String bearer = "Bearer " + JSON.readTree(login.body()).get("access_token").asText();
    assertThat(send("GET", "/api/me", null, "Authorization", bearer).statusCode()).isEqualTo(200);

    redis.stop();
    HttpResponse<String> ready =
        DemoHttp.until(monitor, 503, Duration.ofSeconds(15), "GET", "/health/ready");
    assertThat(ready.statusCode()).isEqualTo(503);
    assertThat(ready.body()).contains("redis");
    assertThat(ready.headers().firstValue("Retry-After")).isPresent();
    assertThat(send("GET", "/health", null).statusCode()).isEqualTo(200);
    HttpResponse<String> me = send("GET", "/api/me", null, "Authorization", bearer);
    assertThat(me.statusCode()).as("no token accepted on a guess").isEqualTo(503);
    assertThat(me.headers().firstValue("Retry-After")).isPresent();
    assertThat(me.headers().firstValue("Content-Type"))
        .hasValueSatisfying(v -> assertThat(v).startsWith("application/problem+json"));
    assertThat(me.body()).doesNotContain("Exception", "at io.", "at dev.");
    HttpResponse<String> loginDuringOutage =
        send(
            "POST",
            "/api/auth/login",
            JSON.writeValueAsString(Map.of("username", "admin", "password", ADMIN_PASSWORD)));
    assertThat(loginDuringOutage.statusCode()).as("no sign-in on a guess").isEqualTo(503);
    assertThat(loginDuringOutage.headers().firstValue("Retry-After")).isPresent();
    assertThat(loginDuringOutage.headers().firstValue("Content-Type"))
        .hasValueSatisfying(v -> assertThat(v).startsWith("application/problem+json"));
    assertThat(loginDuringOutage.body()).doesNotContain("Exception", "at io.", "at dev.");

    redis = new RedisServer(port);
    redis.start();
    assertThat(DemoHttp.until(monitor, 200, Duration.ofSeconds(30), "GET", "/health/ready"))
        .extracting(HttpResponse::statusCode)
        .as("ready again within 30 s")
        .isEqualTo(200);
    HttpResponse<String> again =
        DemoHttp.until(
            monitor, 200, Duration.ofSeconds(30), "GET", "/api/me", "Authorization", bearer);
    assertThat(again.statusCode()).as("/api/me works again within 30 s").isEqualTo(200);
    JsonNode body = JSON.readTree(again.body());
    assertThat(body.get("sub").asText()).isEqualTo("admin");
  }
}
