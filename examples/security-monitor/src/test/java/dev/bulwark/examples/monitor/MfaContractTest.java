package dev.bulwark.examples.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulwark.web.ConfigurationException;
import java.net.http.HttpResponse;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The wave-3 MFA contract of the demo over HTTP: TOTP enrolment ({@code POST
 * /api/account/mfa/totp}, {@code /confirm}), the two-step sign-in ({@code POST /api/auth/login}
 * answering {@code mfa_required}, {@code POST /api/auth/mfa}) and the step-up of {@code GET
 * /api/events} for an admin with a second factor.
 */
class MfaContractTest {

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

  private static HttpResponse<String> send(String method, String path, Object body, String... h)
      throws Exception {
    return DemoHttp.send(
        monitor, method, path, body == null ? null : JSON.writeValueAsString(body), h);
  }

  private static JsonNode ok(HttpResponse<String> r) throws Exception {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return JSON.readTree(r.body());
  }

  private static JsonNode login(String user, String password) throws Exception {
    return ok(send("POST", "/api/auth/login", Map.of("username", user, "password", password)));
  }

  /** Enrols the bearer's account; answers its authenticator app and recovery codes. */
  private static AuthenticatorApp enrol(String accessToken, List<String> recoveryCodes)
      throws Exception {
    JsonNode started =
        ok(send("POST", "/api/account/mfa/totp", null, "Authorization", "Bearer " + accessToken));
    String uri = started.get("otpauth_uri").asText();
    assertThat(uri).startsWith("otpauth://totp/").contains("secret=");
    byte[] png = Base64.getDecoder().decode(started.get("qr_png").asText());
    assertThat(AuthenticatorApp.decodeQr(png)).isEqualTo(uri);
    AuthenticatorApp app = AuthenticatorApp.scan(png);
    HttpResponse<String> wrong =
        send(
            "POST",
            "/api/account/mfa/totp/confirm",
            Map.of("code", app.code(0).equals("000000") ? "111111" : "000000"),
            "Authorization",
            "Bearer " + accessToken);
    assertThat(wrong.statusCode()).isEqualTo(400);
    assertThat(wrong.headers().firstValue("Content-Type").orElseThrow())
        .startsWith("application/problem+json");
    JsonNode confirmed =
        ok(
            send(
                "POST",
                "/api/account/mfa/totp/confirm",
                Map.of("code", app.code(0)),
                "Authorization",
                "Bearer " + accessToken));
    assertThat(confirmed.get("recovery_codes")).hasSize(10);
    confirmed.get("recovery_codes").forEach(c -> recoveryCodes.add(c.asText()));
    return app;
  }

  private static HttpResponse<String> events(String accessToken) throws Exception {
    return send("GET", "/api/events", null, "Authorization", "Bearer " + accessToken);
  }

  @Test
  void enrolledUser_isAskedForTheCode_andSignsInWithIt() throws Exception {
    String token = login("user", USER_PASSWORD).get("access_token").asText();
    List<String> recovery = new java.util.ArrayList<>();
    AuthenticatorApp app = enrol(token, recovery);

    JsonNode first = login("user", USER_PASSWORD);
    assertThat(first.get("mfa_required").asBoolean()).isTrue();
    assertThat(first.get("mfa_methods")).extracting(JsonNode::asText).containsExactly("otp");
    assertThat(first.get("expires_in").asLong()).isEqualTo(300);
    assertThat(first.has("access_token")).isFalse();
    assertThat(first.has("refresh_token")).isFalse();
    String mfa = first.get("mfa_token").asText();

    HttpResponse<String> noCode = send("POST", "/api/auth/mfa", Map.of("mfa_token", mfa));
    assertThat(noCode.statusCode()).isEqualTo(400);
    // the confirming code's step is spent: the next step's code (within the allowed skew)
    String next = app.code(1);
    JsonNode pair = ok(send("POST", "/api/auth/mfa", Map.of("mfa_token", mfa, "code", next)));
    assertThat(pair.get("token_type").asText()).isEqualTo("Bearer");
    assertThat(
            send(
                    "GET",
                    "/api/me",
                    null,
                    "Authorization",
                    "Bearer " + pair.get("access_token").asText())
                .statusCode())
        .isEqualTo(200);

    String again = login("user", USER_PASSWORD).get("mfa_token").asText();
    HttpResponse<String> replay =
        send("POST", "/api/auth/mfa", Map.of("mfa_token", again, "code", next));
    assertThat(replay.statusCode()).as("a used code").isEqualTo(401);
    ok(send("POST", "/api/auth/mfa", Map.of("mfa_token", again, "code", recovery.get(0))));
  }

  @Test
  void adminWithASecondFactor_getsTheStepUpChallengeOnEvents_untilASignInWithTheCode()
      throws Exception {
    JsonNode session = login("admin", ADMIN_PASSWORD);
    String token = session.get("access_token").asText();
    assertThat(events(token).statusCode()).as("not enrolled: not challenged").isEqualTo(200);
    List<String> recovery = new java.util.ArrayList<>();
    enrol(token, recovery);

    // the session of before the enrolment stays; its next token says the account has a factor
    JsonNode refreshed =
        ok(
            send(
                "POST",
                "/api/auth/refresh",
                Map.of("refresh_token", session.get("refresh_token").asText())));
    HttpResponse<String> challenged = events(refreshed.get("access_token").asText());
    assertThat(challenged.statusCode()).isEqualTo(401);
    assertThat(challenged.headers().firstValue("WWW-Authenticate").orElseThrow())
        .startsWith("Bearer realm=\"security-monitor\", error=\"insufficient_user_authentication\"")
        .endsWith("max_age=300");
    assertThat(challenged.headers().firstValue("Content-Type").orElseThrow())
        .startsWith("application/problem+json");

    String mfa = login("admin", ADMIN_PASSWORD).get("mfa_token").asText();
    JsonNode stepped =
        ok(send("POST", "/api/auth/mfa", Map.of("mfa_token", mfa, "code", recovery.get(3))));
    assertThat(events(stepped.get("access_token").asText()).statusCode()).isEqualTo(200);
  }

  @Test
  void totpKey_malformedOrShort_stopsStartUpNamingTheVariable_neverItsValue() {
    for (String bad :
        List.of("not base64 at all!", Base64.getEncoder().encodeToString(new byte[16]))) {
      assertThatThrownBy(() -> MonitorConfig.from(Map.of("BULWARK_TOTP_KEY", bad)))
          .isInstanceOf(ConfigurationException.class)
          .hasMessageContaining("BULWARK_TOTP_KEY")
          .hasMessageNotContaining(bad);
    }
    assertThat(
            MonitorConfig.from(
                    Map.of("BULWARK_TOTP_KEY", Base64.getEncoder().encodeToString(new byte[32])))
                .totpEncryption())
        .isNotNull();
  }
}
