package dev.bulwark.examples.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * With {@code BULWARK_CORS_ORIGINS} set, a single-page app on that origin can sign in and call the
 * API from the browser (preflight, cross-site POST, bearer GET), and no other origin can.
 */
class CorsOriginsTest {

  private static final String APP = "https://app.example.com";
  private static final String PASSWORD = "correct horse battery staple user";
  private static SecurityMonitor monitor;

  @BeforeAll
  static void start() throws Exception {
    monitor =
        SecurityMonitor.start(
            MonitorConfig.from(
                Map.of(
                    "PORT",
                    "0",
                    "BULWARK_DEMO_ADMIN_PASSWORD",
                    "correct horse battery staple admin",
                    "BULWARK_DEMO_USER_PASSWORD",
                    PASSWORD,
                    "BULWARK_CORS_ORIGINS",
                    APP + ", http://localhost:3000")),
            false);
  }

  @AfterAll
  static void stop() throws Exception {
    monitor.close();
  }

  private static HttpResponse<String> login(String origin) throws Exception {
    return DemoHttp.send(
        monitor,
        "POST",
        "/api/auth/login",
        new ObjectMapper().writeValueAsString(Map.of("username", "user", "password", PASSWORD)),
        "Origin",
        origin,
        "Sec-Fetch-Site",
        "cross-site",
        "Sec-Fetch-Mode",
        "cors");
  }

  @Test
  void theAllowedOrigin_canPreflightSignInAndCallTheApi() throws Exception {
    HttpResponse<String> preflight =
        DemoHttp.send(
            monitor,
            "OPTIONS",
            "/api/auth/login",
            null,
            "Origin",
            APP,
            "Access-Control-Request-Method",
            "POST",
            "Access-Control-Request-Headers",
            "content-type");
    assertThat(preflight.statusCode()).isEqualTo(204);
    assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).hasValue(APP);

    HttpResponse<String> login = login(APP);
    assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
    assertThat(login.headers().firstValue("Access-Control-Allow-Origin")).hasValue(APP);
    String token = new ObjectMapper().readTree(login.body()).get("access_token").asText();

    HttpResponse<String> me =
        DemoHttp.send(
            monitor, "GET", "/api/me", null, "Origin", APP, "Authorization", "Bearer " + token);
    assertThat(me.statusCode()).isEqualTo(200);
    assertThat(me.headers().firstValue("Access-Control-Allow-Origin")).hasValue(APP);
  }

  @Test
  void anotherOrigin_isRefusedWithoutCorsHeaders() throws Exception {
    HttpResponse<String> login = login("https://evil.example");
    assertThat(login.statusCode()).isEqualTo(403);
    assertThat(login.body()).doesNotContain("access_token");
    assertThat(login.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
  }
}
