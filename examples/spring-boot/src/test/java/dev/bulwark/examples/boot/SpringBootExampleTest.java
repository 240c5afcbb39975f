package dev.bulwark.examples.boot;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Drives the example over real HTTP (embedded Tomcat on a random port, {@link HttpClient}). Every
 * test speaks as its own client address through the trusted-proxy header, so that rate limits and
 * the brute-force guard of one test never touch another.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "bulwark.trusted-proxies=127.0.0.1/32,::1/128",
      "bulwark.cors.allowed-origins=https://app.example.com",
      "bulwark.demo-users.admin.password=" + SpringBootExampleTest.ADMIN_PASSWORD,
      "bulwark.demo-users.user.password=" + SpringBootExampleTest.USER_PASSWORD,
      "bulwark.bcrypt-cost=10",
      "bulwark.rate-limit.api-requests=20",
      "bulwark.rate-limit.api-window=1m"
    })
@Import(SpringBootExampleTest.FailingController.class)
class SpringBootExampleTest {

  static final String ADMIN_PASSWORD = "admin-password-for-tests-only";
  static final String USER_PASSWORD = "user-password-for-tests-only";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final AtomicInteger NEXT_CLIENT = new AtomicInteger(1);
  private static final HttpClient HTTP =
      HttpClient.newBuilder()
          .followRedirects(HttpClient.Redirect.NEVER)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  /** A controller that fails, to see what an unexpected exception looks like from outside. */
  @RestController
  static class FailingController {
    @GetMapping("/fail")
    String fail() {
      throw new IllegalStateException("secret-internal-detail");
    }
  }

  @LocalServerPort int port;

  /** This test's client address, sent in X-Forwarded-For through the trusted proxy 127.0.0.1. */
  private String client;

  @BeforeEach
  void newClient() {
    int n = NEXT_CLIENT.getAndIncrement();
    client = "198.51." + (100 + n / 250) + "." + (1 + n % 250);
  }

  // ---- authentication -----------------------------------------------------------------------

  @Test
  void login_thenMe_answersFromUserPrincipalAndIsUserInRole() throws Exception {
    String token = login("admin", ADMIN_PASSWORD).get("access_token").asText();

    HttpResponse<String> me = send(get("/api/me").header("Authorization", "Bearer " + token));

    assertThat(me.statusCode()).isEqualTo(200);
    JsonNode body = JSON.readTree(me.body());
    assertThat(body.get("sub").asText()).isEqualTo("admin");
    assertThat(body.get("roles")).extracting(JsonNode::asText).containsExactly("ADMIN", "USER");
    assertThat(body.get("admin").asBoolean()).isTrue();
    assertThat(body.get("authType").asText()).isEqualTo("Bearer");
  }

  @Test
  void me_asUser_isNotInRoleAdmin() throws Exception {
    String token = login("user", USER_PASSWORD).get("access_token").asText();

    JsonNode body = json(send(get("/api/me").header("Authorization", "Bearer " + token)), 200);

    assertThat(body.get("sub").asText()).isEqualTo("user");
    assertThat(body.get("admin").asBoolean()).isFalse();
  }

  @Test
  void login_wrongPassword_is401ProblemJson() throws Exception {
    HttpResponse<String> r =
        send(postJson("/api/auth/login", "{\"username\":\"admin\",\"password\":\"wrong-one\"}"));

    JsonNode problem = problem(r, 401);
    assertThat(problem.toString()).doesNotContain("wrong-one");
  }

  @Test
  void me_withoutToken_is401WithBearerChallenge() throws Exception {
    HttpResponse<String> r = send(get("/api/me"));

    problem(r, 401);
    assertThat(r.headers().firstValue("WWW-Authenticate"))
        .hasValue("Bearer realm=\"bulwark-spring-boot-example\"");
  }

  @Test
  void me_withForgedToken_is401InvalidToken() throws Exception {
    String token = login("user", USER_PASSWORD).get("access_token").asText();
    String[] parts = token.split("\\.");
    String forged = parts[0] + "." + parts[1] + "." + new StringBuilder(parts[2]).reverse();

    HttpResponse<String> r = send(get("/api/me").header("Authorization", "Bearer " + forged));

    problem(r, 401);
    assertThat(r.headers().firstValue("WWW-Authenticate").orElseThrow())
        .contains("error=\"invalid_token\"");
  }

  @Test
  void adminPath_withRoleUser_is403ProblemJson_andWithRoleAdmin_is200() throws Exception {
    String user = login("user", USER_PASSWORD).get("access_token").asText();
    String admin = login("admin", ADMIN_PASSWORD).get("access_token").asText();

    HttpResponse<String> denied =
        send(get("/api/admin/users").header("Authorization", "Bearer " + user));
    HttpResponse<String> allowed =
        send(get("/api/admin/users").header("Authorization", "Bearer " + admin));

    assertThat(problem(denied, 403).get("detail").asText()).contains("roles");
    assertThat(json(allowed, 200).get("users")).extracting(JsonNode::asText).contains("admin");
  }

  // ---- refresh tokens -----------------------------------------------------------------------

  @Test
  void refreshTokenReuse_revokesTheWholeFamily() throws Exception {
    String first = login("user", USER_PASSWORD).get("refresh_token").asText();

    JsonNode rotated = json(refresh(first), 200);
    String second = rotated.get("refresh_token").asText();
    assertThat(second).isNotEqualTo(first);
    assertThat(rotated.get("access_token").asText()).isNotBlank();

    problem(refresh(first), 401); // the spent token comes back: reuse
    problem(refresh(second), 401); // ... so its successor, never used, is dead too
  }

  @Test
  void logout_revokesTheAccessTokenAndTheRefreshFamily() throws Exception {
    JsonNode pair = login("user", USER_PASSWORD);
    String access = pair.get("access_token").asText();

    HttpResponse<String> out =
        send(postJson("/api/auth/logout", "{}").header("Authorization", "Bearer " + access));

    assertThat(out.statusCode()).isEqualTo(204);
    problem(send(get("/api/me").header("Authorization", "Bearer " + access)), 401);
    problem(refresh(pair.get("refresh_token").asText()), 401);
  }

  // ---- headers, CORS, CSRF ------------------------------------------------------------------

  @Test
  void securityHeaders_arePresent_andTheCspNonceIsFreshPerRequest() throws Exception {
    HttpResponse<String> first = send(get("/"));
    HttpResponse<String> second = send(get("/"));

    assertThat(first.statusCode()).isEqualTo(200);
    String nonce1 = cspNonce(first);
    String nonce2 = cspNonce(second);
    assertThat(nonce1).isNotEqualTo(nonce2);
    assertThat(first.body()).contains("<script nonce=\"" + nonce1 + "\">");
    assertThat(second.body()).contains("<script nonce=\"" + nonce2 + "\">");
    assertThat(directive(csp(first), "object-src")).isEqualTo("'none'");
    assertThat(first.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
    assertThat(first.headers().firstValue("X-Frame-Options")).hasValue("DENY");
    assertThat(first.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
    assertThat(first.headers().firstValue("Cross-Origin-Opener-Policy")).hasValue("same-origin");
    // plain http: no HSTS (it would pin localhost to https)
    assertThat(first.headers().firstValue("Strict-Transport-Security")).isEmpty();
    assertThat(first.headers().firstValue("Server")).isEmpty();
    assertThat(first.headers().firstValue("X-Powered-By")).isEmpty();
  }

  @Test
  void securityHeaders_behindTrustedTlsProxy_includeHsts() throws Exception {
    HttpResponse<String> r = send(get("/health").header("X-Forwarded-Proto", "https"));

    assertThat(r.headers().firstValue("Strict-Transport-Security").orElseThrow())
        .startsWith("max-age=");
  }

  @Test
  void corsPreflight_fromAllowedOrigin_isAnsweredBeforeAuthentication() throws Exception {
    HttpResponse<String> r = send(preflight("/api/me", "https://app.example.com"));

    assertThat(r.statusCode()).isEqualTo(204);
    assertThat(r.headers().firstValue("Access-Control-Allow-Origin"))
        .hasValue("https://app.example.com");
    assertThat(r.headers().firstValue("Access-Control-Allow-Methods").orElseThrow())
        .contains("GET");
    assertThat(
            r.headers()
                .firstValue("Access-Control-Allow-Headers")
                .orElseThrow()
                .toLowerCase(Locale.ROOT))
        .contains("authorization");
    assertThat(r.headers().allValues("Vary").toString()).contains("Origin");
  }

  @Test
  void corsPreflight_fromOtherOrigin_is403WithoutCorsHeaders() throws Exception {
    HttpResponse<String> r = send(preflight("/api/me", "https://evil.example"));

    problem(r, 403);
    assertThat(r.headers().map().keySet())
        .noneMatch(h -> h.toLowerCase(Locale.ROOT).startsWith("access-control-"));
  }

  @Test
  void loginFromAllowedOrigin_passesCorsAndCsrf_andMayReadTheAnswer() throws Exception {
    HttpResponse<String> r =
        send(
            postJson(
                    "/api/auth/login",
                    "{\"username\":\"user\",\"password\":\"" + USER_PASSWORD + "\"}")
                .header("Origin", "https://app.example.com")
                .header("Sec-Fetch-Site", "cross-site"));

    assertThat(json(r, 200).get("access_token").asText()).isNotBlank();
    assertThat(r.headers().firstValue("Access-Control-Allow-Origin"))
        .hasValue("https://app.example.com");
  }

  @Test
  void crossSitePostWithCookie_isRefusedByCsrf() throws Exception {
    String body = "{\"username\":\"x\"}";

    HttpResponse<String> crossSite =
        send(
            postJson("/api/users", body)
                .header("Cookie", "session=abc")
                .header("Sec-Fetch-Site", "cross-site"));
    HttpResponse<String> sameOrigin =
        send(
            postJson("/api/users", body)
                .header("Cookie", "session=abc")
                .header("Sec-Fetch-Site", "same-origin"));
    HttpResponse<String> foreignOrigin =
        send(
            postJson("/api/users", body)
                .header("Cookie", "session=abc")
                .header("Origin", "http://attacker.example"));

    assertThat(problem(crossSite, 403).get("detail").asText())
        .isEqualTo("Cross-site request refused.");
    // the same request from our own page passes CSRF and reaches validation
    problem(sameOrigin, 400);
    // CORS refuses a foreign Origin first; either way the request never reaches the controller
    problem(foreignOrigin, 403);
  }

  // ---- rate limiting ------------------------------------------------------------------------

  @Test
  void rateLimit_onApi_answers429WithRetryAfter_perClient() throws Exception {
    List<Integer> statuses = new ArrayList<>();
    HttpResponse<String> last = null;
    for (int i = 0; i < 21; i++) {
      last = send(get("/api/me"));
      statuses.add(last.statusCode());
    }

    assertThat(statuses.subList(0, 20)).containsOnly(401);
    JsonNode problem = problem(last, 429);
    assertThat(problem.get("detail").asText()).contains("retry");
    long retryAfter = Long.parseLong(last.headers().firstValue("Retry-After").orElseThrow());
    assertThat(retryAfter).isBetween(1L, 60L);
    assertThat(last.headers().firstValue("RateLimit-Policy")).isPresent();
    // another client is not affected, and /health is never limited
    newClient();
    assertThat(send(get("/api/me")).statusCode()).isEqualTo(401);
    assertThat(send(get("/health")).statusCode()).isEqualTo(200);
  }

  // ---- validation ---------------------------------------------------------------------------

  @Test
  void registration_invalidFields_is400ProblemJsonNamingEachField() throws Exception {
    HttpResponse<String> r =
        send(
            postJson(
                "/api/users",
                "{\"username\":\"no spaces <b>\",\"email\":\"not-an-email\","
                    + "\"password\":\"hunter2-secret\"}"));

    JsonNode problem = problem(r, 400);
    List<String> pointers = new ArrayList<>();
    problem.get("errors").forEach(e -> pointers.add(e.get("pointer").asText()));
    assertThat(pointers).containsExactlyInAnyOrder("/username", "/email");
    assertThat(r.body()).doesNotContain("hunter2-secret");
  }

  @Test
  void registration_unknownProperty_isRefused() throws Exception {
    HttpResponse<String> r =
        send(
            postJson(
                "/api/users",
                "{\"username\":\"mallory\",\"email\":\"m@example.com\",\"password\":\"x\","
                    + "\"roles\":[\"ADMIN\"]}"));

    assertThat(problem(r, 400).toString()).contains("/roles");
  }

  @Test
  void registration_weakPassword_is400NamingThePassword() throws Exception {
    HttpResponse<String> r =
        send(
            postJson(
                "/api/users",
                "{\"username\":\"weakling\",\"email\":\"w@example.com\",\"password\":\"password\"}"));

    JsonNode problem = problem(r, 400);
    assertThat(problem.get("errors").get(0).get("pointer").asText()).isEqualTo("/password");
  }

  @Test
  void registration_valid_is201_andTheNewUserCanLogIn() throws Exception {
    String name = "newcomer" + NEXT_CLIENT.incrementAndGet();
    String password = "violet otters juggle quietly at dawn";
    HttpResponse<String> r =
        send(
            postJson(
                "/api/users",
                "{\"username\":\""
                    + name
                    + "\",\"email\":\""
                    + name
                    + "@example.com\",\"password\":\""
                    + password
                    + "\"}"));

    assertThat(json(r, 201).get("username").asText()).isEqualTo(name);
    assertThat(r.headers().firstValue("Location")).hasValue("/api/users/" + name);
    assertThat(login(name, password).get("access_token").asText()).isNotBlank();
  }

  @Test
  void requestLimits_wrongContentType_is415() throws Exception {
    HttpResponse<String> r =
        send(
            request("/api/users")
                .header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString("hello")));

    problem(r, 415);
  }

  // ---- errors -------------------------------------------------------------------------------

  @Test
  void unknownPath_is404ProblemJson_notAWhitelabelPage() throws Exception {
    HttpResponse<String> r = send(get("/no/such/page"));

    JsonNode problem = problem(r, 404);
    assertThat(problem.get("title").asText()).isEqualTo("Not Found");
    assertThat(r.body()).doesNotContainIgnoringCase("whitelabel").doesNotContain("/no/such/page");
  }

  @Test
  void unexpectedException_is500ProblemJson_withoutTraceOrMessage() throws Exception {
    HttpResponse<String> r = send(get("/fail"));

    problem(r, 500);
    assertThat(r.body())
        .doesNotContain("secret-internal-detail")
        .doesNotContain("IllegalStateException")
        .doesNotContain("trace")
        .doesNotContain("dev.bulwark");
    assertThat(r.headers().firstValue("Server")).isEmpty();
  }

  @Test
  void unmappedMethod_is405ProblemJson() throws Exception {
    HttpResponse<String> r = send(request("/health").DELETE());

    problem(r, 405);
  }

  // ---- helpers ------------------------------------------------------------------------------

  private HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .timeout(Duration.ofSeconds(20))
        .header("X-Forwarded-For", client);
  }

  private HttpRequest.Builder get(String path) {
    return request(path).GET();
  }

  private HttpRequest.Builder postJson(String path, String json) {
    return request(path)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json));
  }

  private HttpRequest.Builder preflight(String path, String origin) {
    return request(path)
        .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
        .header("Origin", origin)
        .header("Access-Control-Request-Method", "GET")
        .header("Access-Control-Request-Headers", "authorization");
  }

  private static HttpResponse<String> send(HttpRequest.Builder request)
      throws IOException, InterruptedException {
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private JsonNode login(String username, String password) throws Exception {
    HttpResponse<String> r =
        send(
            postJson(
                "/api/auth/login",
                JSON.writeValueAsString(
                    JSON.createObjectNode().put("username", username).put("password", password))));
    JsonNode body = json(r, 200);
    assertThat(body.get("token_type").asText()).isEqualTo("Bearer");
    return body;
  }

  private HttpResponse<String> refresh(String refreshToken) throws Exception {
    return send(
        postJson(
            "/api/auth/refresh",
            JSON.writeValueAsString(JSON.createObjectNode().put("refresh_token", refreshToken))));
  }

  private static JsonNode json(HttpResponse<String> r, int status) throws IOException {
    assertThat(r.statusCode()).as("status of %s: %s", r.uri(), r.body()).isEqualTo(status);
    assertThat(r.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/json");
    return JSON.readTree(r.body());
  }

  private static JsonNode problem(HttpResponse<String> r, int status) throws IOException {
    assertThat(r.statusCode()).as("status of %s: %s", r.uri(), r.body()).isEqualTo(status);
    assertThat(r.headers().firstValue("Content-Type").orElseThrow())
        .startsWith("application/problem+json");
    JsonNode body = JSON.readTree(r.body());
    assertThat(body.get("status").asInt()).isEqualTo(status);
    return body;
  }

  private static String csp(HttpResponse<String> r) {
    return r.headers().firstValue("Content-Security-Policy").orElseThrow();
  }

  private static String directive(String policy, String name) {
    for (String d : policy.split(";")) {
      String t = d.trim();
      if (t.startsWith(name + " ")) {
        return t.substring(name.length() + 1).trim();
      }
    }
    throw new AssertionError("no " + name + " in " + policy);
  }

  private static String cspNonce(HttpResponse<String> r) {
    Matcher m =
        Pattern.compile("'nonce-([A-Za-z0-9+/_-]+={0,2})'")
            .matcher(directive(csp(r), "script-src"));
    assertThat(m.find()).as("a nonce in script-src of %s", csp(r)).isTrue();
    return m.group(1);
  }
}
