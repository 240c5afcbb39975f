package dev.bulwark.jwt.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.jwk.JWK;
import dev.bulwark.event.SecurityEvent;
import dev.bulwark.event.SecurityEventPublisher;
import dev.bulwark.jwt.AccessTokenIssuer;
import dev.bulwark.jwt.AccessTokenVerifier;
import dev.bulwark.jwt.AuthenticatedUser;
import dev.bulwark.jwt.KeyRing;
import dev.bulwark.jwt.KeySet;
import dev.bulwark.jwt.TestKeys;
import dev.bulwark.jwt.TokenService;
import dev.bulwark.jwt.store.InMemoryAccessTokenDenylist;
import dev.bulwark.jwt.store.InMemoryRefreshTokenStore;
import dev.bulwark.testing.MutableClock;
import dev.bulwark.testing.ServletContainer;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The filter and the token endpoints over real HTTP, in a real container. Subclassed once per
 * container (Jetty 12, Tomcat 10.1).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class JwtHttpContract {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PASSWORD = "correct horse battery staple";

  private final HttpClient http = HttpClient.newHttpClient();
  private final List<SecurityEvent> events = new CopyOnWriteArrayList<>();
  // a second token service on a clock the tests move, for the session's lifetimes
  private final MutableClock sessionClock = MutableClock.atFixedStart();
  private TokenService clocked;
  private ServletContainer container;
  private URI base;

  /** A fresh, not yet started container. */
  protected abstract ServletContainer newContainer() throws Exception;

  /** Serves the caller's identity as the servlet API sees it. */
  static final class MeServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("sub", req.getUserPrincipal().getName());
      body.put("remoteUser", req.getRemoteUser());
      body.put("authType", req.getAuthType());
      body.put("isAdmin", req.isUserInRole("ADMIN"));
      body.put("isUser", req.isUserInRole("USER"));
      body.put(
          "roles",
          ((TokenPrincipal) req.getUserPrincipal()).token().roles().stream().sorted().toList());
      resp.setContentType("application/json");
      resp.getOutputStream().write(JSON.writeValueAsBytes(body));
    }
  }

  /** Stands for an admin-only resource. */
  static final class EventsServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
      resp.setContentType("application/json");
      resp.getOutputStream().write("[]".getBytes(StandardCharsets.UTF_8));
    }
  }

  @BeforeAll
  void start() throws Exception {
    KeyRing ring = KeyRing.of(KeySet.of(List.<JWK>of(TestKeys.RSA_A), null));
    Clock clock = Clock.systemUTC();
    InMemoryAccessTokenDenylist denylist = InMemoryAccessTokenDenylist.create(10_000, clock);
    AccessTokenIssuer issuer =
        AccessTokenIssuer.builder(ring).issuer(TestKeys.ISSUER).audience(TestKeys.AUDIENCE).build();
    AccessTokenVerifier verifier =
        AccessTokenVerifier.builder(ring)
            .issuer(TestKeys.ISSUER)
            .audience(TestKeys.AUDIENCE)
            .denylist(denylist)
            .build();
    Map<String, AuthenticatedUser> users =
        Map.of(
            "admin", new AuthenticatedUser("admin", List.of("ADMIN")),
            "user", new AuthenticatedUser("user", List.of("USER")));
    TokenService tokens =
        TokenService.builder(issuer, InMemoryRefreshTokenStore.create(10_000, clock))
            .denylist(denylist)
            .events(SecurityEventPublisher.of(events::add))
            .credentialVerifier(
                (u, p) ->
                    String.valueOf(p).equals(PASSWORD)
                        ? Optional.ofNullable(users.get(u))
                        : Optional.empty())
            .build();
    BearerTokenPolicy policy =
        BearerTokenPolicy.builder(verifier)
            .realm("test")
            .allowAnonymous()
            .rule(RoleRule.parse("GET /api/events=ADMIN"))
            .rule(RoleRule.parse("/api/me=USER|ADMIN"))
            .events(SecurityEventPublisher.of(events::add))
            .build();
    Path jwks = Files.createTempFile("jwks", ".json");
    Files.writeString(jwks, "{\"keys\":[" + TestKeys.RSA_A.toPublicJWK().toJSONString() + "]}");

    container = newContainer();
    // the web.xml way to share the denylist: a context attribute set by a listener
    ContextSetup.onStartup(container, ctx -> ctx.setAttribute("bulwark.denylist", denylist));
    container.filter("bearer", new BearerTokenFilter(policy), "/api/*");
    container.filter(
        "strict",
        BearerTokenFilter.class,
        Map.of(
            "keysFile",
            jwks.toString(),
            "issuer",
            TestKeys.ISSUER,
            "audience",
            TestKeys.AUDIENCE,
            "realm",
            "strict",
            "roleRules",
            "/strict/*=ADMIN",
            "denylistAttribute",
            "bulwark.denylist"),
        "/strict/*");
    container.servlet("login", new LoginServlet(tokens), "/api/auth/login");
    container.servlet("refresh", new RefreshServlet(tokens), "/api/auth/refresh");
    clocked =
        TokenService.builder(
                AccessTokenIssuer.builder(ring)
                    .issuer(TestKeys.ISSUER)
                    .audience(TestKeys.AUDIENCE)
                    .clock(sessionClock)
                    .build(),
                InMemoryRefreshTokenStore.create(100, sessionClock))
            .denylist(InMemoryAccessTokenDenylist.create(100, sessionClock))
            .clock(sessionClock)
            .absoluteLifetime(Duration.ofHours(2))
            .idleTimeout(Duration.ofHours(1))
            .events(SecurityEventPublisher.of(events::add))
            .build();
    container.servlet("clockedRefresh", new RefreshServlet(clocked), "/clocked/refresh");
    container.servlet("logout", new LogoutServlet(tokens, verifier), "/api/auth/logout");
    container.servlet("me", new MeServlet(), "/api/me");
    container.servlet("events", new EventsServlet(), "/api/events");
    container.servlet("strictMe", new MeServlet(), "/strict/me");
    container.servlet("jwks", new JwksServlet(ring), "/.well-known/jwks.json");
    base = container.start().baseUri();
  }

  @AfterAll
  void stop() throws Exception {
    if (container != null) {
      container.close();
    }
  }

  private HttpResponse<String> post(String path, String json) throws Exception {
    return http.send(
        HttpRequest.newBuilder(base.resolve(path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /**
   * Sends on a connection of its own: a container may close the connection after refusing a request
   * whose body it did not read (413, 415), and a pooled connection would race with that close.
   */
  private static HttpResponse<String> sendAlone(HttpRequest request) throws Exception {
    return HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .build()
        .send(request, HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> get(String path, String... headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).GET();
    if (headers.length > 0) {
      b.headers(headers);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private JsonNode login(String user) throws Exception {
    HttpResponse<String> r =
        post(
            "/api/auth/login", "{\"username\":\"" + user + "\",\"password\":\"" + PASSWORD + "\"}");
    assertThat(r.statusCode()).isEqualTo(200);
    return JSON.readTree(r.body());
  }

  private static String bearer(JsonNode pair) {
    return "Bearer " + pair.get("access_token").asText();
  }

  @Test
  void login_validCredentials_returnsTheTokenPair() throws Exception {
    HttpResponse<String> r =
        post("/api/auth/login", "{\"username\":\"user\",\"password\":\"" + PASSWORD + "\"}");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Cache-Control")).contains("no-store");
    JsonNode body = JSON.readTree(r.body());
    assertThat(body.get("token_type").asText()).isEqualTo("Bearer");
    assertThat(body.get("expires_in").asLong()).isEqualTo(1800);
    assertThat(body.get("access_token").asText()).contains(".");
    assertThat(body.get("refresh_token").asText()).hasSize(43);
  }

  @Test
  void login_wrongPasswordOrUnknownUser_is401ProblemJson() throws Exception {
    HttpResponse<String> wrong =
        post("/api/auth/login", "{\"username\":\"user\",\"password\":\"nope\"}");
    HttpResponse<String> unknown =
        post("/api/auth/login", "{\"username\":\"ghost\",\"password\":\"" + PASSWORD + "\"}");
    for (HttpResponse<String> r : List.of(wrong, unknown)) {
      assertThat(r.statusCode()).isEqualTo(401);
      assertThat(r.headers().firstValue("Content-Type"))
          .hasValueSatisfying(v -> assertThat(v).startsWith("application/problem+json"));
      assertThat(r.body()).doesNotContain("nope");
    }
    assertThat(wrong.body()).isEqualTo(unknown.body());
  }

  @Test
  void login_badBodies_areRefusedWithTheRightStatus() throws Exception {
    assertThat(post("/api/auth/login", "{not json").statusCode()).isEqualTo(400);
    assertThat(post("/api/auth/login", "{\"username\":\"user\"}").statusCode()).isEqualTo(400);
    HttpResponse<String> oversize =
        sendAlone(
            HttpRequest.newBuilder(base.resolve("/api/auth/login"))
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"username\":\"user\",\"password\":\"" + "x".repeat(9000) + "\"}"))
                .build());
    assertThat(oversize.statusCode()).isEqualTo(413);
    HttpResponse<String> form =
        sendAlone(
            HttpRequest.newBuilder(base.resolve("/api/auth/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("username=user&password=x"))
                .build());
    assertThat(form.statusCode()).isEqualTo(415);
    assertThat(get("/api/auth/login").statusCode()).isEqualTo(405);
  }

  @Test
  void login_ambiguousBodies_areRefused_evenWithTheRightPassword() throws Exception {
    String good = "{\"username\":\"user\",\"password\":\"" + PASSWORD + "\"}";
    assertThat(post("/api/auth/login", good).statusCode()).isEqualTo(200);
    // two parsers may read a duplicate key differently (first or last wins): refuse it
    assertThat(
            post(
                    "/api/auth/login",
                    "{\"username\":\"admin\",\"username\":\"user\",\"password\":\""
                        + PASSWORD
                        + "\"}")
                .statusCode())
        .isEqualTo(400);
    assertThat(post("/api/auth/login", good + " trailing").statusCode()).isEqualTo(400);
    assertThat(post("/api/auth/login", good + good).statusCode()).isEqualTo(400);
    HttpResponse<String> deep = post("/api/auth/login", "[".repeat(200) + "]".repeat(200));
    assertThat(deep.statusCode()).isEqualTo(400);
    assertThat(deep.headers().firstValue("Content-Type"))
        .hasValueSatisfying(v -> assertThat(v).startsWith("application/problem+json"));
  }

  @Test
  void me_withValidToken_servletApiAnswersFromTheToken() throws Exception {
    HttpResponse<String> r = get("/api/me", "Authorization", bearer(login("admin")));
    assertThat(r.statusCode()).isEqualTo(200);
    JsonNode me = JSON.readTree(r.body());
    assertThat(me.get("sub").asText()).isEqualTo("admin");
    assertThat(me.get("remoteUser").asText()).isEqualTo("admin");
    assertThat(me.get("authType").asText()).isEqualTo("Bearer");
    assertThat(me.get("isAdmin").asBoolean()).isTrue();
    assertThat(me.get("isUser").asBoolean()).isFalse();
  }

  @Test
  void me_withoutToken_is401WithChallengeWithoutError() throws Exception {
    HttpResponse<String> r = get("/api/me");
    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(r.headers().firstValue("WWW-Authenticate")).contains("Bearer realm=\"test\"");
    assertThat(r.headers().firstValue("Content-Type"))
        .hasValueSatisfying(v -> assertThat(v).startsWith("application/problem+json"));
  }

  @Test
  void me_withForgedToken_is401InvalidTokenWithoutTheReason() throws Exception {
    String token = login("user").get("access_token").asText();
    // change one signature character well inside the last segment, always to a different one
    int i = token.length() - 10;
    char replacement = token.charAt(i) == 'A' ? 'B' : 'A';
    String tampered = token.substring(0, i) + replacement + token.substring(i + 1);
    assertThat(tampered).isNotEqualTo(token);
    HttpResponse<String> r = get("/api/me", "Authorization", "Bearer " + tampered);
    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(r.headers().firstValue("WWW-Authenticate").orElseThrow())
        .startsWith("Bearer realm=\"test\"")
        .contains("error=\"invalid_token\"");
    assertThat(r.body()).doesNotContain("SIGNATURE", "CANONICAL", "kid");
    assertThat(events).anySatisfy(e -> assertThat(e.type().name()).isEqualTo("token.rejected"));
  }

  @Test
  void me_withTwoAuthorizationHeaders_is400InvalidRequest() throws Exception {
    String b = bearer(login("user"));
    HttpResponse<String> r = get("/api/me", "Authorization", b, "Authorization", b);
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.headers().firstValue("WWW-Authenticate").orElseThrow())
        .contains("error=\"invalid_request\"");
  }

  @Test
  void me_withTokenInQueryString_is400() throws Exception {
    String token = login("user").get("access_token").asText();
    assertThat(get("/api/me?access_token=" + token).statusCode()).isEqualTo(400);
  }

  @Test
  void me_withMalformedBearerValue_is401InvalidToken() throws Exception {
    HttpResponse<String> r = get("/api/me", "Authorization", "Bearer a b c");
    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(r.headers().firstValue("WWW-Authenticate").orElseThrow()).contains("invalid_token");
  }

  @Test
  void events_asUser_is403_asAdmin_is200() throws Exception {
    HttpResponse<String> asUser = get("/api/events", "Authorization", bearer(login("user")));
    assertThat(asUser.statusCode()).isEqualTo(403);
    assertThat(asUser.headers().firstValue("Content-Type"))
        .hasValueSatisfying(v -> assertThat(v).startsWith("application/problem+json"));
    assertThat(get("/api/events", "Authorization", bearer(login("admin"))).statusCode())
        .isEqualTo(200);
    assertThat(get("/api/events").statusCode()).isEqualTo(401);
  }

  @Test
  void events_headAsUser_is403_likeGet() throws Exception {
    // HttpServlet answers HEAD with doGet: a GET-only role rule must not let HEAD through.
    HttpRequest head =
        HttpRequest.newBuilder(base.resolve("/api/events"))
            .method("HEAD", HttpRequest.BodyPublishers.noBody())
            .header("Authorization", bearer(login("user")))
            .build();
    assertThat(http.send(head, HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(403);
    HttpRequest asAdmin =
        HttpRequest.newBuilder(base.resolve("/api/events"))
            .method("HEAD", HttpRequest.BodyPublishers.noBody())
            .header("Authorization", bearer(login("admin")))
            .build();
    assertThat(http.send(asAdmin, HttpResponse.BodyHandlers.discarding()).statusCode())
        .isEqualTo(200);
  }

  @Test
  void refresh_afterIdleTimeout_andAfterTheAbsoluteLifetime_answerTheirOwnProblemTypes()
      throws Exception {
    String idle =
        clocked.startSession(new AuthenticatedUser("user", List.of("USER")), null).refreshToken();
    String active =
        clocked.startSession(new AuthenticatedUser("user", List.of("USER")), null).refreshToken();
    for (int i = 0; i < 3; i++) {
      sessionClock.advance(Duration.ofMinutes(35));
      HttpResponse<String> r = post("/clocked/refresh", "{\"refresh_token\":\"" + active + "\"}");
      assertThat(r.statusCode()).isEqualTo(200);
      active = JSON.readTree(r.body()).get("refresh_token").asText();
    }
    HttpResponse<String> timedOut =
        post("/clocked/refresh", "{\"refresh_token\":\"" + idle + "\"}");
    assertThat(timedOut.statusCode()).isEqualTo(401);
    assertThat(timedOut.headers().firstValue("Content-Type").orElseThrow())
        .startsWith("application/problem+json");
    assertThat(JSON.readTree(timedOut.body()).get("type").asText())
        .isEqualTo(RefreshServlet.SESSION_IDLE_TIMEOUT.toString());

    sessionClock.advance(Duration.ofMinutes(15));
    HttpResponse<String> ended = post("/clocked/refresh", "{\"refresh_token\":\"" + active + "\"}");
    assertThat(ended.statusCode()).isEqualTo(401);
    assertThat(JSON.readTree(ended.body()).get("type").asText())
        .isEqualTo(RefreshServlet.SESSION_LIFETIME_EXCEEDED.toString());
    assertThat(events)
        .filteredOn(e -> e.type().name().equals("session.expired"))
        .extracting(e -> e.details().get("reason"))
        .contains("idle", "absolute");
    // any other refusal stays the one generic answer
    HttpResponse<String> unknown =
        post("/clocked/refresh", "{\"refresh_token\":\"" + "A".repeat(43) + "\"}");
    assertThat(unknown.statusCode()).isEqualTo(401);
    assertThat(JSON.readTree(unknown.body()).path("type").asText("about:blank"))
        .isNotIn(
            RefreshServlet.SESSION_IDLE_TIMEOUT.toString(),
            RefreshServlet.SESSION_LIFETIME_EXCEEDED.toString());
  }

  @Test
  void refresh_rotates_andReuseRevokesTheFamily() throws Exception {
    JsonNode first = login("user");
    String rt1 = first.get("refresh_token").asText();
    HttpResponse<String> r = post("/api/auth/refresh", "{\"refresh_token\":\"" + rt1 + "\"}");
    assertThat(r.statusCode()).isEqualTo(200);
    JsonNode second = JSON.readTree(r.body());
    String rt2 = second.get("refresh_token").asText();
    assertThat(rt2).isNotEqualTo(rt1);
    assertThat(get("/api/me", "Authorization", bearer(second)).statusCode()).isEqualTo(200);
    HttpResponse<String> reuse = post("/api/auth/refresh", "{\"refresh_token\":\"" + rt1 + "\"}");
    assertThat(reuse.statusCode()).isEqualTo(401);
    assertThat(post("/api/auth/refresh", "{\"refresh_token\":\"" + rt2 + "\"}").statusCode())
        .isEqualTo(401);
    assertThat(events)
        .anySatisfy(e -> assertThat(e.type().name()).isEqualTo("token.reuse-detected"));
  }

  @Test
  void logout_revokesAccessAndRefreshTokens() throws Exception {
    JsonNode pair = login("user");
    HttpResponse<String> out =
        http.send(
            HttpRequest.newBuilder(base.resolve("/api/auth/logout"))
                .header("Authorization", bearer(pair))
                .POST(HttpRequest.BodyPublishers.noBody())
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(out.statusCode()).isEqualTo(204);
    assertThat(get("/api/me", "Authorization", bearer(pair)).statusCode()).isEqualTo(401);
    assertThat(
            post(
                    "/api/auth/refresh",
                    "{\"refresh_token\":\"" + pair.get("refresh_token").asText() + "\"}")
                .statusCode())
        .isEqualTo(401);
  }

  @Test
  void logout_withoutToken_is401() throws Exception {
    HttpResponse<String> out =
        http.send(
            HttpRequest.newBuilder(base.resolve("/api/auth/logout"))
                .POST(HttpRequest.BodyPublishers.noBody())
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(out.statusCode()).isEqualTo(401);
    assertThat(out.headers().firstValue("WWW-Authenticate")).isPresent();
  }

  @Test
  void jwks_publishesThePublicKeyOnly() throws Exception {
    HttpResponse<String> r = get("/.well-known/jwks.json");
    assertThat(r.statusCode()).isEqualTo(200);
    JsonNode key = JSON.readTree(r.body()).get("keys").get(0);
    assertThat(key.get("kid").asText()).isEqualTo("key-a");
    assertThat(key.has("n")).isTrue();
    assertThat(key.has("d")).isFalse();
    assertThat(key.has("p")).isFalse();
  }

  @Test
  void initParamConfiguredFilter_enforcesItsRules() throws Exception {
    assertThat(get("/strict/me").headers().firstValue("WWW-Authenticate"))
        .contains("Bearer realm=\"strict\"");
    assertThat(get("/strict/me", "Authorization", bearer(login("user"))).statusCode())
        .isEqualTo(403);
    assertThat(get("/strict/me", "Authorization", bearer(login("admin"))).statusCode())
        .isEqualTo(200);
  }

  @Test
  void initParamConfiguredFilter_withDenylistAttribute_refusesATokenRevokedByLogout()
      throws Exception {
    JsonNode pair = login("admin");
    assertThat(get("/strict/me", "Authorization", bearer(pair)).statusCode()).isEqualTo(200);
    HttpResponse<String> out =
        http.send(
            HttpRequest.newBuilder(base.resolve("/api/auth/logout"))
                .header("Authorization", bearer(pair))
                .POST(HttpRequest.BodyPublishers.noBody())
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(out.statusCode()).isEqualTo(204);
    HttpResponse<String> after = get("/strict/me", "Authorization", bearer(pair));
    assertThat(after.statusCode()).isEqualTo(401);
    assertThat(after.headers().firstValue("WWW-Authenticate"))
        .hasValueSatisfying(v -> assertThat(v).contains("error=\"invalid_token\""));
  }
}
