package dev.bulwark.examples.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The demo's HTTP contract (DESIGN.md), end to end over real HTTP, with in-memory state. */
class SecurityMonitorContractTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String ADMIN_PASSWORD = "correct horse battery staple admin";
  private static final String USER_PASSWORD = "correct horse battery staple user";
  private static SecurityMonitor monitor;

  @BeforeAll
  static void start() throws Exception {
    monitor =
        SecurityMonitor.start(
            MonitorConfig.from(
                Map.of(
                    "PORT", "0",
                    "BULWARK_DEMO_ADMIN_PASSWORD", ADMIN_PASSWORD,
                    "BULWARK_DEMO_USER_PASSWORD", USER_PASSWORD)),
            false);
  }

  @AfterAll
  static void stop() throws Exception {
    monitor.close();
  }

  static HttpResponse<String> send(String method, String path, String body, String... headers)
      throws Exception {
    return DemoHttp.send(monitor, method, path, body, headers);
  }

  static JsonNode login(String user, String password) throws Exception {
    HttpResponse<String> r =
        send(
            "POST",
            "/api/auth/login",
            JSON.writeValueAsString(Map.of("username", user, "password", password)));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return JSON.readTree(r.body());
  }

  @Test
  void health_isUpWithoutAuthentication() throws Exception {
    HttpResponse<String> r = send("GET", "/health", null);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(r.body()).get("status").asText()).isEqualTo("UP");
    assertThat(send("GET", "/health/ready", null).statusCode()).isEqualTo(200);
  }

  @Test
  void login_returnsABearerPair_andMeAnswersFromTheToken() throws Exception {
    JsonNode tokens = login("admin", ADMIN_PASSWORD);
    assertThat(tokens.get("token_type").asText()).isEqualTo("Bearer");
    assertThat(tokens.get("expires_in").asInt()).isEqualTo(1800);
    assertThat(tokens.get("refresh_token").asText()).hasSizeGreaterThanOrEqualTo(43);
    HttpResponse<String> me =
        send(
            "GET",
            "/api/me",
            null,
            "Authorization",
            "Bearer " + tokens.get("access_token").asText());
    assertThat(me.statusCode()).isEqualTo(200);
    JsonNode body = JSON.readTree(me.body());
    assertThat(body.get("sub").asText()).isEqualTo("admin");
    assertThat(body.get("roles").findValuesAsText("")).isEmpty();
    assertThat(body.get("roles").toString()).contains("ADMIN", "USER");
  }

  @Test
  void wrongPassword_is401ProblemWithoutDetailAboutTheAccount() throws Exception {
    HttpResponse<String> wrong =
        send(
            "POST",
            "/api/auth/login",
            "{\"username\":\"admin\",\"password\":\"not the password at all\"}");
    HttpResponse<String> unknown =
        send(
            "POST",
            "/api/auth/login",
            "{\"username\":\"nobody-here\",\"password\":\"not the password at all\"}");
    assertThat(wrong.statusCode()).isEqualTo(401);
    assertThat(wrong.headers().firstValue("Content-Type"))
        .hasValueSatisfying(v -> assertThat(v).startsWith("application/problem+json"));
    assertThat(unknown.statusCode()).isEqualTo(401);
    assertThat(unknown.body()).isEqualTo(wrong.body());
  }

  @Test
  void me_withoutOrWithABadToken_is401WithWwwAuthenticate() throws Exception {
    HttpResponse<String> none = send("GET", "/api/me", null);
    assertThat(none.statusCode()).isEqualTo(401);
    assertThat(none.headers().firstValue("WWW-Authenticate"))
        .hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
    HttpResponse<String> bad =
        send("GET", "/api/me", null, "Authorization", "Bearer eyJhbGciOiJub25lIn0.e30.");
    assertThat(bad.statusCode()).isEqualTo(401);
    assertThat(bad.headers().firstValue("WWW-Authenticate"))
        .hasValueSatisfying(v -> assertThat(v).contains("error=\"invalid_token\""));
  }

  @Test
  void events_adminOnly() throws Exception {
    send(
        "POST",
        "/api/auth/login",
        "{\"username\":\"<img src=x onerror=alert(1)>\",\"password\":\"x\"}");
    String admin = login("admin", ADMIN_PASSWORD).get("access_token").asText();
    String user = login("user", USER_PASSWORD).get("access_token").asText();
    HttpResponse<String> events =
        send("GET", "/api/events", null, "Authorization", "Bearer " + admin);
    assertThat(events.statusCode()).isEqualTo(200);
    assertThat(events.body()).contains("auth.login.failed");
    assertThat(send("GET", "/api/events", null, "Authorization", "Bearer " + user).statusCode())
        .isEqualTo(403);
    // HEAD runs doGet in a servlet container: it must be guarded like GET.
    assertThat(send("HEAD", "/api/events", null, "Authorization", "Bearer " + user).statusCode())
        .isEqualTo(403);
    assertThat(send("HEAD", "/api/events", null, "Authorization", "Bearer " + admin).statusCode())
        .isEqualTo(200);
  }

  @Test
  void refresh_rotates_andReuseRevokesTheFamily() throws Exception {
    JsonNode first = login("user", USER_PASSWORD);
    String r1 = first.get("refresh_token").asText();
    HttpResponse<String> rotated =
        send("POST", "/api/auth/refresh", "{\"refresh_token\":\"" + r1 + "\"}");
    assertThat(rotated.statusCode()).isEqualTo(200);
    String r2 = JSON.readTree(rotated.body()).get("refresh_token").asText();
    assertThat(r2).isNotEqualTo(r1);
    assertThat(send("POST", "/api/auth/refresh", "{\"refresh_token\":\"" + r1 + "\"}").statusCode())
        .isEqualTo(401);
    assertThat(send("POST", "/api/auth/refresh", "{\"refresh_token\":\"" + r2 + "\"}").statusCode())
        .as("the whole family is revoked after reuse")
        .isEqualTo(401);
  }

  @Test
  void logout_revokesTheAccessTokenAndTheFamily() throws Exception {
    JsonNode tokens = login("user", USER_PASSWORD);
    String access = tokens.get("access_token").asText();
    assertThat(
            send("POST", "/api/auth/logout", null, "Authorization", "Bearer " + access)
                .statusCode())
        .isEqualTo(204);
    assertThat(send("GET", "/api/me", null, "Authorization", "Bearer " + access).statusCode())
        .isEqualTo(401);
    assertThat(
            send(
                    "POST",
                    "/api/auth/refresh",
                    "{\"refresh_token\":\"" + tokens.get("refresh_token").asText() + "\"}")
                .statusCode())
        .isEqualTo(401);
  }

  @Test
  void registration_validatesAndCreates() throws Exception {
    HttpResponse<String> bad =
        send(
            "POST", "/api/users", "{\"username\":\"x\",\"email\":\"nope\",\"password\":\"short\"}");
    assertThat(bad.statusCode()).isEqualTo(400);
    // every problem at once, the password's included
    assertThat(JSON.readTree(bad.body()).get("errors").findValuesAsText("pointer"))
        .contains("/email", "/username", "/password");
    HttpResponse<String> weak =
        send(
            "POST",
            "/api/users",
            "{\"username\":\"carol\",\"email\":\"carol@example.com\",\"password\":\"short\"}");
    assertThat(weak.statusCode()).isEqualTo(400);
    assertThat(weak.body()).doesNotContain("\"short\"");
    String good =
        "{\"username\":\"carol\",\"email\":\"carol@example.com\",\"password\":\"a long passphrase nobody guesses\"}";
    assertThat(send("POST", "/api/users", good).statusCode()).isEqualTo(201);
    assertThat(send("POST", "/api/users", good).statusCode()).isEqualTo(409);
    assertThat(send("POST", "/api/users", "{\"username\":\"dave\",\"isAdmin\":true}").statusCode())
        .isEqualTo(400);
  }

  @Test
  void jwks_publishesPublicKeysOnly() throws Exception {
    HttpResponse<String> r = send("GET", "/.well-known/jwks.json", null);
    assertThat(r.statusCode()).isEqualTo(200);
    JsonNode keys = JSON.readTree(r.body()).get("keys");
    assertThat(keys.size()).isPositive();
    for (JsonNode k : keys) {
      assertThat(k.has("d")).isFalse();
      assertThat(k.has("k")).isFalse();
    }
  }

  @Test
  void metrics_arePrometheusText() throws Exception {
    send("POST", "/api/auth/login", "{\"username\":\"admin\",\"password\":\"wrong wrong wrong\"}");
    HttpResponse<String> r = send("GET", "/metrics", null);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).contains("bulwark_security_events");
  }

  @Test
  void dashboard_hasStrictNonceCspAndSecurityHeaders() throws Exception {
    HttpResponse<String> r = send("GET", "/", null);
    assertThat(r.statusCode()).isEqualTo(200);
    String csp = r.headers().firstValue("Content-Security-Policy").orElseThrow();
    assertThat(csp)
        .contains("script-src 'nonce-")
        .contains("'strict-dynamic'")
        .doesNotContain("unsafe-inline");
    String nonce = csp.replaceAll(".*'nonce-([^']+)'.*", "$1");
    assertThat(r.body()).contains("nonce=\"" + nonce + "\"");
    assertThat(r.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
    assertThat(r.headers().firstValue("X-Frame-Options")).hasValue("DENY");
    assertThat(r.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
    assertThat(r.headers().firstValue("Strict-Transport-Security"))
        .as("plain http: no HSTS")
        .isEmpty();
    assertThat(send("GET", "/", null).headers().firstValue("Content-Security-Policy").orElseThrow())
        .as("a fresh nonce per response")
        .isNotEqualTo(csp);
  }

  @Test
  void trace_isRefused_andNoServerBannerIsSent() throws Exception {
    HttpResponse<String> r = send("TRACE", "/", null, "Authorization", "Bearer secret-value");
    assertThat(r.statusCode()).isEqualTo(405);
    assertThat(r.body()).doesNotContain("secret-value");
    assertThat(r.headers().firstValue("Server")).isEmpty();
    assertThat(send("GET", "/health", null).headers().firstValue("Server")).isEmpty();
  }

  @Test
  void unknownPath_isAProblemWithoutStackTrace() throws Exception {
    HttpResponse<String> r = send("GET", "/nope/../../etc/passwd", null);
    assertThat(r.statusCode()).isBetween(400, 404);
    assertThat(r.body()).doesNotContain("at org.", "Exception");
  }

  @Test
  void crossSiteLoginPost_isRefused() throws Exception {
    HttpResponse<String> r =
        send(
            "POST",
            "/api/auth/login",
            "{\"username\":\"admin\",\"password\":\"" + ADMIN_PASSWORD + "\"}",
            "Origin",
            "https://evil.example",
            "Sec-Fetch-Site",
            "cross-site");
    assertThat(r.statusCode()).isEqualTo(403);
    assertThat(r.body()).doesNotContain("access_token");
  }

  @Test
  void rateLimitHeaders_areSentOnApiResponses() throws Exception {
    HttpResponse<String> r = send("GET", "/api/me", null);
    assertThat(r.headers().map().keySet().stream().map(String::toLowerCase).toList())
        .contains("ratelimit-policy", "ratelimit");
    assertThat(send("GET", "/health", null).headers().firstValue("RateLimit")).isEmpty();
  }

  @Test
  void foreignPreflight_isRefusedByCorsBeforeAuthentication() throws Exception {
    // No BULWARK_CORS_ORIGINS here: every cross-origin request is refused with 403, no CORS
    // headers.
    HttpResponse<String> r =
        send(
            "OPTIONS",
            "/api/me",
            null,
            "Origin",
            "https://evil.example",
            "Access-Control-Request-Method",
            "GET",
            "Access-Control-Request-Headers",
            "authorization");
    assertThat(r.statusCode()).isEqualTo(403);
    assertThat(r.headers().map().keySet())
        .noneMatch(h -> h.toLowerCase(java.util.Locale.ROOT).startsWith("access-control-"));
    assertThat(r.headers().allValues("Vary")).anyMatch(v -> v.contains("Origin"));
    assertThat(r.headers().firstValue("WWW-Authenticate")).isEmpty();
  }

  @Test
  void cspReports_areAcceptedButRateLimitedPerClient() throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    HttpRequest report =
        HttpRequest.newBuilder(monitor.baseUri().resolve("/csp-report"))
            .header("Content-Type", "application/csp-report")
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    "{\"csp-report\":{\"document-uri\":\"http://localhost/\","
                        + "\"violated-directive\":\"script-src\",\"blocked-uri\":\"inline\"}}"))
            .build();
    assertThat(http.send(report, HttpResponse.BodyHandlers.discarding()).statusCode())
        .isEqualTo(204);
    int status = 0;
    for (int i = 0; i < 40 && status != 429; i++) {
      status = http.send(report, HttpResponse.BodyHandlers.discarding()).statusCode();
    }
    assertThat(status).as("a flood of reports is cut off").isEqualTo(429);
  }
}
