package dev.bulwark.examples.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The wave-3 session endpoints over real HTTP: the account's sessions, ending one or the others, a
 * password change that ends the other sessions, and the admin's end-all.
 */
class AccountSessionsTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String ADMIN_PASSWORD = "correct horse battery staple admin";
  private static final String PASSWORD = "purple elephants dance quietly at noon";
  private static final String NEW_PASSWORD = "seven orange kites over a windy harbour";
  private static final String FIREFOX =
      "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0";
  private static final String CHROME =
      "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko)"
          + " Chrome/131.0.0.0 Safari/537.36";
  private static SecurityMonitor monitor;

  @BeforeAll
  static void start() throws Exception {
    monitor =
        SecurityMonitor.start(
            MonitorConfig.from(
                Map.of(
                    "PORT", "0",
                    "BULWARK_DEMO_ADMIN_PASSWORD", ADMIN_PASSWORD,
                    "BULWARK_DEMO_USER_PASSWORD", "correct horse battery staple user")),
            false);
  }

  @AfterAll
  static void stop() throws Exception {
    monitor.close();
  }

  private static HttpResponse<String> send(
      String method, String path, String body, String... headers) throws Exception {
    return DemoHttp.send(monitor, method, path, body, headers);
  }

  private static JsonNode login(String user, String password, String userAgent) throws Exception {
    HttpResponse<String> r =
        send(
            "POST",
            "/api/auth/login",
            JSON.writeValueAsString(Map.of("username", user, "password", password)),
            "User-Agent",
            userAgent);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return JSON.readTree(r.body());
  }

  private static String bearer(JsonNode pair) {
    return "Bearer " + pair.get("access_token").asText();
  }

  private static int me(JsonNode pair) throws Exception {
    return send("GET", "/api/me", null, "Authorization", bearer(pair)).statusCode();
  }

  private static int refresh(JsonNode pair) throws Exception {
    return send(
            "POST",
            "/api/auth/refresh",
            JSON.writeValueAsString(Map.of("refresh_token", pair.get("refresh_token").asText())))
        .statusCode();
  }

  private static String sessionId(JsonNode pair) throws Exception {
    HttpResponse<String> r =
        send("GET", "/api/account/sessions", null, "Authorization", bearer(pair));
    for (JsonNode s : JSON.readTree(r.body())) {
      if (s.get("current").asBoolean()) {
        return s.get("id").asText();
      }
    }
    throw new AssertionError("no current session in " + r.body());
  }

  @Test
  void sessions_passwordChange_endOne_andAdminEndAll() throws Exception {
    String user = "sessions-" + System.nanoTime() % 100_000;
    HttpResponse<String> created =
        send(
            "POST",
            "/api/users",
            JSON.writeValueAsString(
                Map.of("username", user, "email", user + "@example.com", "password", PASSWORD)));
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    JsonNode laptop = login(user, PASSWORD, FIREFOX);
    JsonNode desktop = login(user, PASSWORD, CHROME);

    // the account page's list: both sessions, this one marked, a short user-agent description
    HttpResponse<String> list =
        send("GET", "/api/account/sessions", null, "Authorization", bearer(laptop));
    assertThat(list.statusCode()).isEqualTo(200);
    JsonNode sessions = JSON.readTree(list.body());
    assertThat(sessions).hasSize(2);
    assertThat(sessions.findValuesAsText("user_agent"))
        .containsExactlyInAnyOrder("Firefox on Linux", "Chrome on Windows");
    assertThat(sessions.findValues("current").stream().filter(JsonNode::asBoolean)).hasSize(1);
    assertThat(sessions.get(0).fieldNames())
        .toIterable()
        .containsExactly("id", "created_at", "last_used_at", "client", "user_agent", "current");

    // a wrong current password changes nothing
    HttpResponse<String> wrong =
        send(
            "POST",
            "/api/account/password",
            JSON.writeValueAsString(
                Map.of("current_password", "not it at all", "new_password", NEW_PASSWORD)),
            "Authorization",
            bearer(laptop));
    assertThat(wrong.statusCode()).isEqualTo(403);
    assertThat(me(desktop)).isEqualTo(200);
    // a new password the policy refuses
    HttpResponse<String> weak =
        send(
            "POST",
            "/api/account/password",
            JSON.writeValueAsString(Map.of("current_password", PASSWORD, "new_password", "short")),
            "Authorization",
            bearer(laptop));
    assertThat(weak.statusCode()).isEqualTo(400);

    HttpResponse<String> changed =
        send(
            "POST",
            "/api/account/password",
            JSON.writeValueAsString(
                Map.of("current_password", PASSWORD, "new_password", NEW_PASSWORD)),
            "Authorization",
            bearer(laptop));
    assertThat(changed.statusCode()).as(changed.body()).isEqualTo(204);
    // the other session ends at once, access and refresh; this one stays
    assertThat(me(desktop)).isEqualTo(401);
    assertThat(refresh(desktop)).isEqualTo(401);
    assertThat(me(laptop)).isEqualTo(200);

    // end one session from the account page; another's id, or nonsense, is 404
    JsonNode phone = login(user, NEW_PASSWORD, "curl/8.5.0");
    JsonNode adminPair = login("admin", ADMIN_PASSWORD, FIREFOX);
    assertThat(
            send(
                    "DELETE",
                    "/api/account/sessions/" + sessionId(adminPair),
                    null,
                    "Authorization",
                    bearer(laptop))
                .statusCode())
        .isEqualTo(404);
    assertThat(me(adminPair)).isEqualTo(200);
    assertThat(
            send(
                    "DELETE",
                    "/api/account/sessions/" + sessionId(phone),
                    null,
                    "Authorization",
                    bearer(laptop))
                .statusCode())
        .isEqualTo(204);
    assertThat(me(phone)).isEqualTo(401);
    assertThat(refresh(phone)).isEqualTo(401);

    // only an admin ends all of a user's sessions
    String endAll = "/api/admin/users/" + user + "/sessions";
    assertThat(send("DELETE", endAll, null, "Authorization", bearer(laptop)).statusCode())
        .isEqualTo(403);
    assertThat(send("DELETE", endAll, null, "Authorization", bearer(adminPair)).statusCode())
        .isEqualTo(204);
    assertThat(me(laptop)).isEqualTo(401);
    assertThat(refresh(laptop)).isEqualTo(401);
    assertThat(
            send(
                    "DELETE",
                    "/api/admin/users/nobody-" + user + "/sessions",
                    null,
                    "Authorization",
                    bearer(adminPair))
                .statusCode())
        .isEqualTo(404);
  }

  @Test
  void revokeOthers_endsEveryOtherSession() throws Exception {
    JsonNode a = login("admin", ADMIN_PASSWORD, FIREFOX);
    JsonNode b = login("admin", ADMIN_PASSWORD, CHROME);
    HttpResponse<String> r =
        send("POST", "/api/account/sessions/revoke-others", null, "Authorization", bearer(a));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(204);
    assertThat(me(b)).isEqualTo(401);
    assertThat(me(a)).isEqualTo(200);
  }
}
