package dev.bulwark.examples.webxml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import dev.bulwark.jwt.AccessTokenIssuer;
import dev.bulwark.jwt.KeyRing;
import dev.bulwark.jwt.KeySet;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The WAR's {@code src/main/webapp}, configured by its {@code WEB-INF/web.xml} alone, deployed to a
 * real container and driven over real HTTP. Subclasses pick the container.
 *
 * <p>Every test also runs against the packaged {@code .war} file in the {@code *IT} subclasses
 * (failsafe, after {@code package}).
 *
 * <p>The web.xml trusts 127.0.0.1 as a reverse proxy, and the test plays that proxy: every request
 * names its client in {@code X-Forwarded-For}. Each request gets a client of its own unless the
 * test says otherwise, so that the rate limit on {@code /api/*} never couples two tests.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class AbstractWebXmlWarTest {

  static final Path WEBAPP = Path.of("src", "main", "webapp");
  static final String ALLOWED_ORIGIN = "https://app.example.com";
  static final Pattern CSP_NONCE = Pattern.compile("script-src 'nonce-([A-Za-z0-9+/=_-]+)'");
  static final Pattern PAGE_NONCE = Pattern.compile("<script nonce=\"([^\"]*)\">");

  static final String ISSUER = "https://login.example.com";
  static final String AUDIENCE = "orders-api";

  private final AtomicInteger clients = new AtomicInteger();
  Deployment app;

  /** The organisation's authorization server, played by the test: it holds the private key. */
  AccessTokenIssuer authorizationServer;

  /** A token from the same issuer, signed by a key the WAR was never given. */
  AccessTokenIssuer impostor;

  abstract Deployment deploy(Path webapp) throws Exception;

  /**
   * What to deploy: the webapp directory, whose classes come from the test class path; the {@code
   * *IT} subclasses deploy the packaged {@code .war} instead.
   */
  Path webapp() {
    assertThat(WEBAPP.resolve("WEB-INF/web.xml")).isRegularFile();
    return WEBAPP;
  }

  @BeforeAll
  void start() throws Exception {
    RSAKey signing =
        new RSAKeyGenerator(2048)
            .keyID("orders-1")
            .keyUse(KeyUse.SIGNATURE)
            .algorithm(JWSAlgorithm.RS256)
            .generate();
    authorizationServer = issuer(signing);
    impostor =
        issuer(
            new RSAKeyGenerator(2048)
                .keyID("orders-1")
                .keyUse(KeyUse.SIGNATURE)
                .algorithm(JWSAlgorithm.RS256)
                .generate());
    // the deployment mounts the public keys and names them in the environment; the web.xml says
    // ${BULWARK_JWT_KEYS_FILE}, which a system property of that name also fills
    Path keys = Files.createTempFile("orders-jwks", ".json");
    Files.writeString(keys, new JWKSet(signing.toPublicJWK()).toString(true));
    System.setProperty("BULWARK_JWT_KEYS_FILE", keys.toString());
    app = deploy(webapp());
  }

  private static AccessTokenIssuer issuer(RSAKey key) {
    return AccessTokenIssuer.builder(
            KeyRing.of(KeySet.fromJwkSetJson(new JWKSet(key).toString(false))))
        .issuer(ISSUER)
        .audience(AUDIENCE)
        .build();
  }

  @AfterAll
  void stop() throws Exception {
    if (app != null) {
      app.close();
    }
  }

  /** A client address no other request used. */
  String freshClient() {
    int n = clients.incrementAndGet();
    return "198.51." + (n / 250) + "." + (n % 250 + 1);
  }

  HttpRequest.Builder request(String pathAndQuery) {
    return HttpRequest.newBuilder(app.uri(pathAndQuery)).header("X-Forwarded-For", freshClient());
  }

  HttpRequest.Builder postJson(String path, String json) {
    return request(path)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json));
  }

  /**
   * Sends on a fresh HTTP/1.1 connection: a container may close a connection after refusing a
   * request whose body it did not read, and a pooled connection would race with that close.
   */
  static HttpResponse<String> send(HttpRequest.Builder b) throws Exception {
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  static String header(HttpResponse<?> r, String name) {
    return r.headers().firstValue(name).orElse(null);
  }

  static boolean hasAnyCorsHeader(HttpHeaders headers) {
    return headers.map().keySet().stream()
        .anyMatch(n -> n.toLowerCase(java.util.Locale.ROOT).startsWith("access-control-"));
  }

  static void assertProblem(HttpResponse<String> r, int status) {
    assertThat(r.statusCode()).isEqualTo(status);
    assertThat(header(r, "Content-Type")).startsWith("application/problem+json");
    assertThat(r.body()).contains("\"status\":" + status);
  }

  // ---------------------------------------------------------------- bearer tokens

  HttpRequest.Builder withToken(String path, String token) {
    return request(path).header("Authorization", "Bearer " + token);
  }

  @Test
  void aValidTokenIsSeenThroughTheStandardServletApi() throws Exception {
    String token = authorizationServer.issue("alice", List.of("USER")).token();
    HttpResponse<String> r = send(withToken("/api/account", token));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonNode body = new ObjectMapper().readTree(r.body());
    assertThat(body.get("user").asText()).isEqualTo("alice");
    assertThat(body.get("admin").asBoolean()).isFalse();
    assertThat(body.get("authType").asText()).isEqualTo("Bearer");
  }

  @Test
  void noTokenGets401WithTheRealmAndNoError() throws Exception {
    HttpResponse<String> r = send(request("/api/account"));
    assertProblem(r, 401);
    assertThat(header(r, "WWW-Authenticate"))
        .startsWith("Bearer realm=\"orders\"")
        .doesNotContain("error=");
  }

  @Test
  void aTokenSignedByAnotherKeyGets401InvalidToken() throws Exception {
    String forged = impostor.issue("alice", List.of("ADMIN")).token();
    HttpResponse<String> r = send(withToken("/api/admin/report", forged));
    assertProblem(r, 401);
    assertThat(header(r, "WWW-Authenticate")).contains("error=\"invalid_token\"");
    assertThat(r.body()).doesNotContain("signature", "kid", "for administrators");
  }

  @Test
  void theRoleRuleFromWebXmlGuardsTheAdminPaths() throws Exception {
    HttpResponse<String> user =
        send(
            withToken(
                "/api/admin/report", authorizationServer.issue("bob", List.of("USER")).token()));
    assertProblem(user, 403);
    assertThat(user.body()).doesNotContain("for administrators");
    HttpResponse<String> admin =
        send(
            withToken(
                "/api/admin/report", authorizationServer.issue("carol", List.of("ADMIN")).token()));
    assertThat(admin.statusCode()).as(admin.body()).isEqualTo(200);
    assertThat(admin.body()).contains("for administrators only", "carol");
  }

  @Test
  void aTokenInTheQueryStringIsRefused() throws Exception {
    String token = authorizationServer.issue("alice", List.of("USER")).token();
    assertProblem(send(request("/api/account?access_token=" + token)), 400);
  }

  // ---------------------------------------------------------------- security headers

  @Test
  void homePageScriptCarriesTheNonceThatTheCspHeaderAllows() throws Exception {
    HttpResponse<String> r = send(request("/"));

    assertThat(r.statusCode()).isEqualTo(200);
    String csp = header(r, "Content-Security-Policy");
    assertThat(csp).isNotNull().contains("object-src 'none'").contains("frame-ancestors 'none'");
    Matcher inHeader = CSP_NONCE.matcher(csp);
    Matcher inPage = PAGE_NONCE.matcher(r.body());
    assertThat(inHeader.find()).as("nonce in %s", csp).isTrue();
    assertThat(inPage.find()).as("nonce in %s", r.body()).isTrue();
    assertThat(inPage.group(1)).hasSizeGreaterThanOrEqualTo(16).isEqualTo(inHeader.group(1));
  }

  @Test
  void docsGetTheRelaxedPolicyOfTheirOwnFilterAndTheRestKeepsTheStrictOne() throws Exception {
    HttpResponse<String> docs = send(request("/docs/guide"));

    assertThat(docs.statusCode()).isEqualTo(200);
    assertThat(docs.headers().allValues("Content-Security-Policy"))
        .containsExactly(
            "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:;"
                + " object-src 'none'; base-uri 'none'; frame-ancestors 'self'");
    assertThat(docs.headers().allValues("X-Frame-Options")).containsExactly("SAMEORIGIN");
    assertThat(header(docs, "X-Content-Type-Options")).isEqualTo("nosniff");
    assertThat(header(docs, "Referrer-Policy")).isEqualTo("no-referrer");

    HttpResponse<String> home = send(request("/"));
    assertThat(header(home, "Content-Security-Policy")).contains("frame-ancestors 'none'");
    assertThat(header(home, "X-Frame-Options")).isEqualTo("DENY");
  }

  @Test
  void everyResponseGetsAFreshNonce() throws Exception {
    String first = header(send(request("/")), "Content-Security-Policy");
    String second = header(send(request("/")), "Content-Security-Policy");

    Matcher a = CSP_NONCE.matcher(first);
    Matcher b = CSP_NONCE.matcher(second);
    assertThat(a.find() && b.find()).isTrue();
    assertThat(a.group(1)).isNotEqualTo(b.group(1));
  }

  @Test
  void plainHttpGetsNosniffAndFrameDenialButNoHstsAndNoUpgradeDirective() throws Exception {
    HttpResponse<String> r = send(request("/"));

    assertThat(header(r, "X-Content-Type-Options")).isEqualTo("nosniff");
    assertThat(header(r, "X-Frame-Options")).isEqualTo("DENY");
    assertThat(header(r, "Referrer-Policy")).isEqualTo("no-referrer");
    assertThat(r.headers().firstValue("Strict-Transport-Security")).isEmpty();
    assertThat(header(r, "Content-Security-Policy")).doesNotContain("upgrade-insecure-requests");
  }

  @Test
  void httpsForwardedByTheTrustedProxyGetsHstsAndTheUpgradeDirective() throws Exception {
    HttpResponse<String> r = send(request("/").header("X-Forwarded-Proto", "https"));

    assertThat(header(r, "Strict-Transport-Security")).startsWith("max-age=");
    assertThat(header(r, "Content-Security-Policy")).contains("upgrade-insecure-requests");
  }

  @Test
  void theApplicationSeesTheClientNamedByTheTrustedProxy() throws Exception {
    String client = freshClient();
    HttpResponse<String> r =
        send(HttpRequest.newBuilder(app.uri("/api/echo")).header("X-Forwarded-For", client));

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo("{\"client\":\"" + client + "\",\"secure\":false}");
  }

  // ---------------------------------------------------------------- CORS

  @Test
  void theAllowedOriginGetsItsOwnOriginBackAndVaryOrigin() throws Exception {
    HttpResponse<String> r = send(request("/api/echo").header("Origin", ALLOWED_ORIGIN));

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(header(r, "Access-Control-Allow-Origin")).isEqualTo(ALLOWED_ORIGIN);
    assertThat(r.headers().allValues("Vary")).anySatisfy(v -> assertThat(v).contains("Origin"));
  }

  @Test
  void aPreflightFromTheAllowedOriginIsAnsweredWithoutReachingTheApplication() throws Exception {
    HttpResponse<String> r =
        send(
            request("/api/echo")
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", ALLOWED_ORIGIN)
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "content-type"));

    assertThat(r.statusCode()).isEqualTo(204);
    assertThat(header(r, "Access-Control-Allow-Origin")).isEqualTo(ALLOWED_ORIGIN);
    assertThat(header(r, "Access-Control-Allow-Methods")).contains("POST");
    assertThat(header(r, "Access-Control-Max-Age")).isEqualTo("600");
  }

  @Test
  void aDisallowedOriginGets403AndNoCorsHeaders() throws Exception {
    HttpResponse<String> r = send(request("/api/echo").header("Origin", "https://evil.example"));

    assertProblem(r, 403);
    assertThat(r.body()).contains("Cross-origin request refused.");
    assertThat(hasAnyCorsHeader(r.headers())).as("%s", r.headers().map()).isFalse();
  }

  // ---------------------------------------------------------------- CSRF

  @Test
  void aCrossSitePostWithCookiesIsRefused() throws Exception {
    HttpResponse<String> r =
        send(
            postJson("/api/echo", "{\"transfer\":100}")
                .header("Cookie", "session=abc")
                .header("Sec-Fetch-Site", "cross-site"));

    assertProblem(r, 403);
    assertThat(r.body()).contains("Cross-site request refused.");
  }

  @Test
  void aSameOriginPostWithCookiesReachesTheApplication() throws Exception {
    HttpResponse<String> r =
        send(
            postJson("/api/echo", "{\"transfer\":100}")
                .header("Cookie", "session=abc")
                .header("Sec-Fetch-Site", "same-origin"));

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo("{\"received\":{\"transfer\":100}}");
  }

  @Test
  void aPostFromTheTrustedCorsOriginPassesBothCorsAndCsrf() throws Exception {
    HttpResponse<String> r =
        send(
            postJson("/api/echo", "{\"a\":1}")
                .header("Cookie", "session=abc")
                .header("Origin", ALLOWED_ORIGIN)
                .header("Sec-Fetch-Site", "cross-site"));

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(header(r, "Access-Control-Allow-Origin")).isEqualTo(ALLOWED_ORIGIN);
  }

  // ---------------------------------------------------------------- rate limit

  @Test
  void theSixthApiRequestOfAClientWithinAMinuteGets429WithRetryAfter() throws Exception {
    String client = freshClient();
    for (int i = 1; i <= 5; i++) {
      HttpResponse<String> ok =
          send(HttpRequest.newBuilder(app.uri("/api/echo")).header("X-Forwarded-For", client));
      assertThat(ok.statusCode()).as("request %d", i).isEqualTo(200);
      assertThat(header(ok, "RateLimit-Policy")).isEqualTo("\"per-minute\";q=5;w=60");
      assertThat(header(ok, "RateLimit")).startsWith("\"per-minute\";r=" + (5 - i) + ";t=");
    }

    HttpResponse<String> limited =
        send(HttpRequest.newBuilder(app.uri("/api/echo")).header("X-Forwarded-For", client));

    assertProblem(limited, 429);
    assertThat(Long.parseLong(header(limited, "Retry-After"))).isBetween(1L, 60L);
    assertThat(header(limited, "RateLimit-Policy")).isEqualTo("\"per-minute\";q=5;w=60");
    assertThat(header(limited, "RateLimit")).startsWith("\"per-minute\";r=0;t=");
    // another client keeps its own budget
    assertThat(send(request("/api/echo")).statusCode()).isEqualTo(200);
  }

  @Test
  void pagesOutsideTheApiAreNotRateLimited() throws Exception {
    String client = freshClient();
    for (int i = 1; i <= 7; i++) {
      HttpResponse<String> r =
          send(HttpRequest.newBuilder(app.uri("/")).header("X-Forwarded-For", client));
      assertThat(r.statusCode()).as("request %d", i).isEqualTo(200);
      assertThat(r.headers().firstValue("RateLimit")).isEmpty();
    }
  }

  // ---------------------------------------------------------------- request limits

  @Test
  void aBodyOverFourKibibytesGets413() throws Exception {
    String big = "{\"pad\":\"" + "x".repeat(5000) + "\"}";

    assertProblem(send(postJson("/api/echo", big)), 413);
  }

  @Test
  void aBodyThatIsNotJsonGets415() throws Exception {
    HttpResponse<String> r =
        send(
            request("/api/echo")
                .header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString("hello")));

    assertProblem(r, 415);
  }

  @Test
  void aQueryWhosePercentEncodingIsNotUtf8Gets400() throws Exception {
    assertProblem(send(request("/api/echo?q=%C3%28")), 400);
    assertProblem(send(request("/?q=%FF")), 400);
  }

  @Test
  void aWellEncodedQueryPasses() throws Exception {
    assertThat(send(request("/api/echo?q=caf%C3%A9")).statusCode()).isEqualTo(200);
  }

  // ---------------------------------------------------------------- a misspelt init-param

  @Test
  void aMisspeltInitParamStopsTheWebappWithTheBindersSuggestion() throws Exception {
    Path misspelt = Path.of(URI.create(getClass().getResource("/misspelt-webapp").toString()));
    assertThat(Files.readString(misspelt.resolve("WEB-INF/web.xml"))).contains("allowedOrigin<");

    Deployment.FailedToStart failure = catchFailure(misspelt);

    assertThat(failure).as("the misspelt webapp started").isNotNull();
    assertThat(failure.allMessages())
        .contains(
            "Filter 'CorsFilter': unknown init-param 'allowedOrigin'."
                + " Did you mean 'allowedOrigins'?");
  }

  private Deployment.FailedToStart catchFailure(Path webapp) {
    return catchThrowableOfType(
        Deployment.FailedToStart.class,
        () -> {
          try (Deployment started = deploy(webapp)) {
            // reaching here means it started: close it and let the assertion fail
          }
        });
  }
}
