package dev.bulwark.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulwark.spring.boot.testapp.StarterApp;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The starter in Spring Boot's own embedded Tomcat, over real HTTP, configured by properties alone:
 * the application ({@link StarterApp}) has controllers and a user directory, no Bulwark code.
 */
@SpringBootTest(
    classes = StarterApp.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "bulwark.cors.allowed-origins=https://app.example.com",
      "bulwark.cors.allowed-headers=Authorization, Content-Type",
      "bulwark.rate-limit.paths=/limited",
      "bulwark.rate-limit.limits=burst=3/1m",
      "bulwark.jwt.issuer=https://auth.example.com",
      "bulwark.jwt.audience=api",
      "bulwark.jwt.roles[/api/admin/**]=ADMIN",
      "bulwark.jwt.url-patterns=/api/*, /actuator/*",
      "bulwark.jwt.roles[/actuator/**]=ADMIN",
      "management.endpoints.web.exposure.include=bulwark"
    })
class StarterHttpTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @DynamicPropertySource
  static void keys(DynamicPropertyRegistry registry) {
    registry.add("bulwark.jwt.keys-file", () -> TestKeyFile.create().toString());
  }

  @LocalServerPort int port;

  private HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .timeout(Duration.ofSeconds(10));
  }

  private HttpResponse<String> send(HttpRequest.Builder request)
      throws IOException, InterruptedException {
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void aRenderedPage_carriesTheSecurityHeaders_andItsScriptTheCspNonce() throws Exception {
    HttpResponse<String> page = send(request("/page"));
    assertThat(page.statusCode()).isEqualTo(200);
    String csp = page.headers().firstValue("Content-Security-Policy").orElseThrow();
    Matcher nonce = Pattern.compile("'nonce-([A-Za-z0-9+/=_-]+)'").matcher(csp);
    assertThat(nonce.find()).as(csp).isTrue();
    assertThat(csp).contains("'strict-dynamic'").contains("object-src 'none'");
    assertThat(page.body()).contains("<script nonce=\"" + nonce.group(1) + "\">");
    assertThat(page.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
    assertThat(page.headers().firstValue("X-Frame-Options")).hasValue("DENY");
    assertThat(page.headers().firstValue("Cross-Origin-Opener-Policy")).hasValue("same-origin");

    HttpResponse<String> again = send(request("/page"));
    assertThat(again.headers().firstValue("Content-Security-Policy").orElseThrow())
        .isNotEqualTo(csp); // a fresh nonce per response
  }

  @Test
  void cors_allowsTheConfiguredOrigin_andRefusesAnother() throws Exception {
    HttpResponse<String> allowed =
        send(
            request("/api/me")
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", "https://app.example.com")
                .header("Access-Control-Request-Method", "GET")
                .header("Access-Control-Request-Headers", "authorization"));
    assertThat(allowed.statusCode()).isBetween(200, 204);
    assertThat(allowed.headers().firstValue("Access-Control-Allow-Origin"))
        .hasValue("https://app.example.com");

    HttpResponse<String> refused =
        send(
            request("/api/me")
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", "https://evil.example")
                .header("Access-Control-Request-Method", "GET"));
    assertThat(refused.statusCode()).isEqualTo(403);
    assertThat(refused.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    assertThat(refused.headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
  }

  @Test
  void csrf_refusesACrossSitePost_andAcceptsASameOriginOne() throws Exception {
    HttpResponse<String> crossSite =
        send(
            request("/form")
                .POST(HttpRequest.BodyPublishers.ofString("a=b"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Sec-Fetch-Site", "cross-site")
                .header("Origin", "https://evil.example"));
    assertThat(crossSite.statusCode()).isEqualTo(403);
    assertThat(crossSite.body()).doesNotContain("accepted");

    HttpResponse<String> sameOrigin =
        send(
            request("/form")
                .POST(HttpRequest.BodyPublishers.ofString("a=b"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Sec-Fetch-Site", "same-origin"));
    assertThat(sameOrigin.statusCode()).isEqualTo(200);
    assertThat(sameOrigin.body()).isEqualTo("accepted");
  }

  @Test
  void rateLimit_answers429WithRateLimitFields_afterTheBurst() throws Exception {
    HttpResponse<String> first = send(request("/limited"));
    assertThat(first.statusCode()).isEqualTo(200);
    assertThat(first.headers().firstValue("RateLimit-Policy").orElseThrow()).contains("q=3");
    assertThat(first.headers().firstValue("RateLimit").orElseThrow()).contains("r=2");
    send(request("/limited"));
    send(request("/limited"));
    HttpResponse<String> limited = send(request("/limited"));
    assertThat(limited.statusCode()).isEqualTo(429);
    assertThat(limited.headers().firstValue("Retry-After")).isPresent();
    assertThat(limited.headers().firstValue("RateLimit").orElseThrow()).contains("r=0");
    // another path has no rule
    assertThat(send(request("/page")).statusCode()).isEqualTo(200);
  }

  @Test
  void login_bearer_roleRule_refresh_andReuseRevokesTheFamily() throws Exception {
    assertThat(send(request("/api/me")).statusCode()).isEqualTo(401);

    JsonNode alice = login("alice", StarterApp.ALICE_PASSWORD);
    String aliceToken = alice.get("access_token").asText();
    HttpResponse<String> me =
        send(request("/api/me").header("Authorization", "Bearer " + aliceToken));
    assertThat(me.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(me.body()).get("subject").asText()).isEqualTo("alice");
    assertThat(
            send(request("/api/admin/stats").header("Authorization", "Bearer " + aliceToken))
                .statusCode())
        .isEqualTo(403);

    JsonNode root = login("root", StarterApp.ROOT_PASSWORD);
    assertThat(
            send(request("/api/admin/stats")
                    .header("Authorization", "Bearer " + root.get("access_token").asText()))
                .statusCode())
        .isEqualTo(200);

    assertThat(
            send(request("/auth/login")
                    .POST(
                        HttpRequest.BodyPublishers.ofString(
                            "{\"username\":\"alice\",\"password\":\"wrong\"}"))
                    .header("Content-Type", "application/json"))
                .statusCode())
        .isEqualTo(401);

    String first = alice.get("refresh_token").asText();
    HttpResponse<String> rotated = refresh(first);
    assertThat(rotated.statusCode()).isEqualTo(200);
    String second = JSON.readTree(rotated.body()).get("refresh_token").asText();
    assertThat(second).isNotEqualTo(first);

    assertThat(refresh(first).statusCode()).isEqualTo(401); // reuse of a spent token
    assertThat(refresh(second).statusCode()).isEqualTo(401); // ... revoked its whole family

    HttpResponse<String> jwks = send(request("/.well-known/jwks.json"));
    assertThat(jwks.statusCode()).isEqualTo(200);
    JsonNode key = JSON.readTree(jwks.body()).get("keys").get(0);
    assertThat(key.get("kid").asText()).isEqualTo("test-1");
    assertThat(key.has("d")).as("no private part").isFalse();
  }

  @Test
  void theBulwarkEndpoint_answersAnAdmin_withEveryControlsEffectiveSettings() throws Exception {
    assertThat(send(request("/actuator/bulwark")).statusCode()).isEqualTo(401);
    String alice = login("alice", StarterApp.ALICE_PASSWORD).get("access_token").asText();
    assertThat(
            send(request("/actuator/bulwark").header("Authorization", "Bearer " + alice))
                .statusCode())
        .isEqualTo(403);
    String root = login("root", StarterApp.ROOT_PASSWORD).get("access_token").asText();
    HttpResponse<String> r =
        send(request("/actuator/bulwark").header("Authorization", "Bearer " + root));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonNode controls = JSON.readTree(r.body()).get("controls");
    assertThat(controls).hasSize(7);
    assertThat(controls.get(0).get("filter").asText()).isEqualTo("ClientIpFilter");
    assertThat(controls.get(6).get("filter").asText()).isEqualTo("BearerTokenFilter");
    assertThat(controls.get(2).get("settings").asText()).contains("https://app.example.com");
    assertThat(r.body()).doesNotContain("\"d\":"); // no private key material
  }

  private JsonNode login(String user, String password) throws Exception {
    HttpResponse<String> r =
        send(
            request("/auth/login")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        JSON.writeValueAsString(
                            JSON.createObjectNode()
                                .put("username", user)
                                .put("password", password))))
                .header("Content-Type", "application/json"));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return JSON.readTree(r.body());
  }

  private HttpResponse<String> refresh(String token) throws Exception {
    return send(
        request("/auth/refresh")
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    JSON.writeValueAsString(JSON.createObjectNode().put("refresh_token", token))))
            .header("Content-Type", "application/json"));
  }
}
