package dev.bulwark.examples.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.embedded.RedisServer;

/**
 * Two demo instances behind an imaginary load balancer, sharing a real PostgreSQL and a real Redis
 * started by the test: they must behave as one service.
 */
class MultiInstanceTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String ADMIN_PASSWORD = "correct horse battery staple admin";
  private static final String USER_PASSWORD = "correct horse battery staple user";

  private static EmbeddedPostgres postgres;
  private static RedisServer redis;
  private static int redisPort;
  private static SecurityMonitor a;
  private static SecurityMonitor b;

  @BeforeAll
  static void start() throws Exception {
    postgres = EmbeddedPostgres.builder().start();
    try (ServerSocket s = new ServerSocket(0)) {
      redisPort = s.getLocalPort();
    }
    redis = new RedisServer(redisPort);
    redis.start();
    Path keys = Files.createTempFile("bulwark-jwks", ".json");
    JWKSet set =
        new JWKSet(
            new RSAKeyGenerator(2048)
                .keyID("demo-1")
                .keyUse(KeyUse.SIGNATURE)
                .algorithm(JWSAlgorithm.RS256)
                .generate());
    Files.writeString(keys, set.toString(false));
    Map<String, String> env = new HashMap<>();
    env.put("PORT", "0");
    env.put("BULWARK_DEMO_ADMIN_PASSWORD", ADMIN_PASSWORD);
    env.put("BULWARK_DEMO_USER_PASSWORD", USER_PASSWORD);
    env.put("BULWARK_JWT_KEYS_FILE", keys.toString());
    env.put("BULWARK_JDBC_URL", postgres.getJdbcUrl("postgres", "postgres"));
    env.put("BULWARK_REDIS_URL", "redis://127.0.0.1:" + redisPort);
    // one key seals the TOTP secrets of every instance (the shared store keeps them)
    env.put("BULWARK_TOTP_KEY", StartupTest.TOTP_KEY);
    // the test is the load balancer: a test that names a client of its own in X-Forwarded-For gets
    // rate-limit and brute-force budgets of its own
    env.put("BULWARK_TRUSTED_PROXIES", "127.0.0.1/32");
    MonitorConfig config = MonitorConfig.from(env);
    a = SecurityMonitor.start(config, false);
    b = SecurityMonitor.start(config, false);
  }

  @AfterAll
  static void stop() throws Exception {
    for (AutoCloseable c : new AutoCloseable[] {a, b}) {
      if (c != null) {
        c.close();
      }
    }
    if (redis != null) {
      redis.stop();
    }
    if (postgres != null) {
      postgres.close();
    }
  }

  private static HttpResponse<String> send(
      SecurityMonitor on, String method, String path, String body, String... headers)
      throws Exception {
    return DemoHttp.send(on, method, path, body, headers);
  }

  private static JsonNode login(SecurityMonitor on, String user, String password) throws Exception {
    HttpResponse<String> r =
        send(
            on,
            "POST",
            "/api/auth/login",
            JSON.writeValueAsString(Map.of("username", user, "password", password)));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return JSON.readTree(r.body());
  }

  @Test
  void eventsSeenByA_areOnTheDashboardOfB() throws Exception {
    String name = "intruder-" + System.nanoTime();
    send(
        a,
        "POST",
        "/api/auth/login",
        JSON.writeValueAsString(Map.of("username", name, "password", "wrong wrong wrong")),
        "X-Forwarded-For",
        "198.51.100.61");
    String admin = login(b, "admin", ADMIN_PASSWORD).get("access_token").asText();
    // the write is asynchronous: poll B's dashboard for a bounded time
    HttpResponse<String> events = null;
    for (int i = 0; i < 100; i++) {
      events = send(b, "GET", "/api/events", null, "Authorization", "Bearer " + admin);
      if (events.statusCode() != 200 || events.body().contains(name)) {
        break;
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
    }
    assertThat(events.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(events.body()))
        .anySatisfy(
            e -> {
              assertThat(e.get("type").asText()).isEqualTo("auth.login.failed");
              assertThat(e.get("subject").asText()).isEqualTo(name);
            });
  }

  @Test
  void tokenIssuedOnA_isAcceptedOnB() throws Exception {
    String access = login(a, "admin", ADMIN_PASSWORD).get("access_token").asText();
    HttpResponse<String> me = send(b, "GET", "/api/me", null, "Authorization", "Bearer " + access);
    assertThat(me.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(me.body()).get("sub").asText()).isEqualTo("admin");
  }

  @Test
  void refreshTokenRotatedOnA_cannotBeReusedOnB_andTheFamilyDies() throws Exception {
    String r1 = login(a, "user", USER_PASSWORD).get("refresh_token").asText();
    HttpResponse<String> rotated =
        send(a, "POST", "/api/auth/refresh", "{\"refresh_token\":\"" + r1 + "\"}");
    assertThat(rotated.statusCode()).isEqualTo(200);
    String r2 = JSON.readTree(rotated.body()).get("refresh_token").asText();
    assertThat(
            send(b, "POST", "/api/auth/refresh", "{\"refresh_token\":\"" + r1 + "\"}").statusCode())
        .isEqualTo(401);
    assertThat(
            send(a, "POST", "/api/auth/refresh", "{\"refresh_token\":\"" + r2 + "\"}").statusCode())
        .isEqualTo(401);
  }

  @Test
  void logoutOnA_isSeenOnBAtOnce() throws Exception {
    String access = login(a, "user", USER_PASSWORD).get("access_token").asText();
    assertThat(send(b, "GET", "/api/me", null, "Authorization", "Bearer " + access).statusCode())
        .isEqualTo(200);
    assertThat(
            send(a, "POST", "/api/auth/logout", null, "Authorization", "Bearer " + access)
                .statusCode())
        .isEqualTo(204);
    assertThat(send(b, "GET", "/api/me", null, "Authorization", "Bearer " + access).statusCode())
        .isEqualTo(401);
  }

  @Test
  void factorEnrolledOnA_isAskedForOnB_andACodeUsedOnBIsRefusedOnA() throws Exception {
    String name = "mfa" + System.nanoTime();
    String password = "a long passphrase nobody guesses";
    String body =
        JSON.writeValueAsString(
            Map.of("username", name, "email", name + "@example.com", "password", password));
    assertThat(send(a, "POST", "/api/users", body).statusCode()).isEqualTo(201);
    String bearer = "Bearer " + login(a, name, password).get("access_token").asText();
    HttpResponse<String> started =
        send(a, "POST", "/api/account/mfa/totp", null, "Authorization", bearer);
    assertThat(started.statusCode()).as(started.body()).isEqualTo(200);
    AuthenticatorApp app =
        AuthenticatorApp.fromUri(JSON.readTree(started.body()).get("otpauth_uri").asText());
    // the enrolment was started on A and is confirmed on B: the pending secret is shared
    HttpResponse<String> confirmed =
        send(
            b,
            "POST",
            "/api/account/mfa/totp/confirm",
            JSON.writeValueAsString(Map.of("code", app.code(0))),
            "Authorization",
            bearer);
    assertThat(confirmed.statusCode()).as(confirmed.body()).isEqualTo(200);

    JsonNode onB = login(b, name, password);
    assertThat(onB.get("mfa_required").asBoolean()).as("B knows the factor").isTrue();
    // the confirming code's step is spent: the next step's code (within the allowed skew)
    String next = app.code(1);
    HttpResponse<String> signedIn =
        send(
            b,
            "POST",
            "/api/auth/mfa",
            JSON.writeValueAsString(
                Map.of("mfa_token", onB.get("mfa_token").asText(), "code", next)));
    assertThat(signedIn.statusCode()).as(signedIn.body()).isEqualTo(200);

    JsonNode onA = login(a, name, password);
    HttpResponse<String> replay =
        send(
            a,
            "POST",
            "/api/auth/mfa",
            JSON.writeValueAsString(
                Map.of("mfa_token", onA.get("mfa_token").asText(), "code", next)));
    assertThat(replay.statusCode()).as("the code B accepted, replayed on A").isEqualTo(401);
    assertThat(replay.headers().firstValue("Content-Type").orElseThrow())
        .startsWith("application/problem+json");
  }

  @Test
  void userRegisteredOnA_canSignInOnB() throws Exception {
    String body =
        "{\"username\":\"erin\",\"email\":\"erin@example.com\",\"password\":\"a long passphrase nobody guesses\"}";
    assertThat(send(a, "POST", "/api/users", body).statusCode()).isEqualTo(201);
    assertThat(send(b, "POST", "/api/users", body).statusCode()).isEqualTo(409);
    assertThat(login(b, "erin", "a long passphrase nobody guesses").get("access_token").asText())
        .isNotEmpty();
  }

  @Test
  void rateLimit_isSharedByBothInstances() throws Exception {
    // The API rule admits 50 per 10 s per client. Unshared, two instances would admit at least 100.
    // A client of its own, so that no other test's requests have spent part of its budget.
    String client = "198.51.100.77";
    int admitted = 0;
    boolean limited = false;
    for (int i = 0; i < 200 && !limited; i++) {
      int status =
          send(i % 2 == 0 ? a : b, "GET", "/api/me", null, "X-Forwarded-For", client).statusCode();
      if (status == 429) {
        limited = true;
      } else {
        admitted++;
      }
    }
    assertThat(limited).isTrue();
    assertThat(admitted).isBetween(50, 90);
  }

  @Test
  void readiness_namesTheComponents_andLivenessStaysUp() throws Exception {
    HttpResponse<String> ready = send(a, "GET", "/health/ready", null);
    assertThat(ready.statusCode()).isEqualTo(200);
    assertThat(send(b, "GET", "/health", null).statusCode()).isEqualTo(200);
  }

  @Test
  void wrongPasswordsSpreadOverBothInstances_lockTheAccountOnBoth_likeAWrongPassword()
      throws Exception {
    String client = "198.51.100.23";
    String password = "a long passphrase for the locked account";
    String register =
        JSON.writeValueAsString(
            Map.of("username", "lockme", "email", "lockme@example.com", "password", password));
    assertThat(send(a, "POST", "/api/users", register, "X-Forwarded-For", client).statusCode())
        .isEqualTo(201);
    String wrong =
        JSON.writeValueAsString(Map.of("username", "lockme", "password", "not the password"));
    String right = JSON.writeValueAsString(Map.of("username", "lockme", "password", password));

    // five wrong passwords (the default limit), three through A and two through B: each instance
    // alone saw fewer than five
    HttpResponse<String> plainWrong =
        send(a, "POST", "/api/auth/login", wrong, "X-Forwarded-For", client);
    assertThat(plainWrong.statusCode()).isEqualTo(401);
    for (int i = 1; i < 5; i++) {
      SecurityMonitor on = i % 2 == 0 ? a : b;
      assertThat(send(on, "POST", "/api/auth/login", wrong, "X-Forwarded-For", client).statusCode())
          .isEqualTo(401);
    }

    // locked on both: the right password fails, answered exactly like a wrong password
    for (SecurityMonitor on : new SecurityMonitor[] {a, b}) {
      HttpResponse<String> locked =
          send(on, "POST", "/api/auth/login", right, "X-Forwarded-For", client);
      assertThat(locked.statusCode()).isEqualTo(plainWrong.statusCode());
      assertThat(locked.body()).isEqualTo(plainWrong.body());
      assertThat(locked.headers().firstValue("Content-Type"))
          .isEqualTo(plainWrong.headers().firstValue("Content-Type"));
      assertThat(locked.headers().firstValue("Retry-After")).isEmpty();
    }
  }
}
