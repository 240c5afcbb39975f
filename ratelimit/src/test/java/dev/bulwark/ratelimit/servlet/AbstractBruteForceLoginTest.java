package dev.bulwark.ratelimit.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.event.SecurityEventPublisher;
import dev.bulwark.ratelimit.BruteForceGuard;
import dev.bulwark.ratelimit.BruteForcePolicy;
import dev.bulwark.ratelimit.BruteForceStore;
import dev.bulwark.ratelimit.BruteForceStoreException;
import dev.bulwark.ratelimit.BruteForceVerdict;
import dev.bulwark.ratelimit.FailurePolicy;
import dev.bulwark.testing.MutableClock;
import dev.bulwark.testing.ServletContainer;
import dev.bulwark.web.ProblemDetail;
import dev.bulwark.web.ResolvedClient;
import dev.bulwark.web.servlet.ClientIpFilter;
import dev.bulwark.web.servlet.ProblemResponses;
import dev.bulwark.web.servlet.ServletClients;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A tiny login servlet guarded by BruteForceGuard, over real HTTP; subclasses pick the container.
 */
abstract class AbstractBruteForceLoginTest {

  private static final Map<String, String> USERS =
      Map.of("alice", "correct horse battery", "bob", "staple tetanus");

  private final HttpClient http = HttpClient.newHttpClient();
  private final MutableClock clock = new MutableClock();
  private ServletContainer container;
  private URI base;

  abstract ServletContainer newContainer() throws Exception;

  /** POST /login with username and password form fields; 204 on success, 401 otherwise. */
  static final class LoginServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private final transient BruteForceGuard guard;

    LoginServlet(BruteForceGuard guard) {
      this.guard = guard;
    }

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse res) throws IOException {
      String username = String.valueOf(req.getParameter("username"));
      String password = String.valueOf(req.getParameter("password"));
      ResolvedClient client = ServletClients.resolve(req, null);
      BruteForceVerdict v = guard.check(username, client);
      if (v.action() == BruteForceVerdict.Action.REJECT_CLIENT) {
        BruteForceResponses.sendClientRejected(res, v);
        return;
      }
      if (v.action() == BruteForceVerdict.Action.UNAVAILABLE) {
        BruteForceResponses.sendUnavailable(res, v);
        return;
      }
      // always do the verification work, whatever the verdict
      String expected = USERS.getOrDefault(username, "no such user: dummy");
      boolean ok =
          MessageDigest.isEqual(
              expected.getBytes(StandardCharsets.UTF_8), password.getBytes(StandardCharsets.UTF_8));
      if (ok && v.action() == BruteForceVerdict.Action.PROCEED) {
        guard.recordSuccess(username, client);
        res.setStatus(204);
        return;
      }
      guard.recordFailure(username, client);
      res.setHeader("WWW-Authenticate", "Bearer");
      ProblemResponses.send(
          res, ProblemDetail.builder(401).detail("Invalid username or password.").build());
    }
  }

  @BeforeEach
  void start() throws Exception {
    BruteForceGuard guard =
        BruteForceGuard.create(
            BruteForcePolicy.builder()
                .maxUsernameFailures(3)
                .maxClientFailures(6)
                .lockDuration(Duration.ofMinutes(15), Duration.ofHours(4))
                .clock(clock)
                .build(),
            SecurityEventPublisher.of(e -> {}));
    container =
        newContainer()
            .filter(
                "clientIp", ClientIpFilter.class, Map.of("trustedProxies", "127.0.0.1/32"), "/*")
            .servlet("login", new LoginServlet(guard), "/*")
            .start();
    base = container.baseUri();
  }

  @AfterEach
  void stop() throws Exception {
    container.close();
  }

  private HttpResponse<String> login(String ip, String username, String password) throws Exception {
    String form =
        "username="
            + URLEncoder.encode(username, StandardCharsets.UTF_8)
            + "&password="
            + URLEncoder.encode(password, StandardCharsets.UTF_8);
    HttpRequest req =
        HttpRequest.newBuilder(base.resolve("/login"))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .header("X-Forwarded-For", ip)
            .POST(HttpRequest.BodyPublishers.ofString(form))
            .build();
    return http.send(req, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
  }

  /** Everything a client can observe, minus the Date header. */
  private static Map<String, Object> observable(HttpResponse<String> r) {
    Map<String, Object> out = new TreeMap<>();
    out.put(":status", r.statusCode());
    out.put(":body", r.body());
    r.headers()
        .map()
        .forEach(
            (k, v) -> {
              if (!k.equalsIgnoreCase("date")) {
                out.put(k.toLowerCase(java.util.Locale.ROOT), v);
              }
            });
    return out;
  }

  @Test
  void oneIpAgainstManyAccounts_isThrottledAfterTheClientBudget() throws Exception {
    for (int i = 0; i < 6; i++) {
      assertThat(login("198.51.100.7", "user" + i, "Winter2026!").statusCode()).isEqualTo(401);
    }
    HttpResponse<String> r = login("198.51.100.7", "alice", "correct horse battery");
    assertThat(r.statusCode()).isEqualTo(429);
    assertThat(Long.parseLong(r.headers().firstValue("Retry-After").orElseThrow())).isEqualTo(900);
    assertThat(r.body()).doesNotContain("alice");
    // other clients are not affected
    assertThat(login("198.51.100.8", "alice", "correct horse battery").statusCode()).isEqualTo(204);
  }

  @Test
  void manyIpsAgainstOneAccount_lockTheAccount() throws Exception {
    for (int i = 1; i <= 3; i++) {
      assertThat(login("203.0.113." + i, "alice", "guess" + i).statusCode()).isEqualTo(401);
    }
    // the right password from a fresh address no longer gets in
    assertThat(login("203.0.113.99", "alice", "correct horse battery").statusCode()).isEqualTo(401);
    // another account is unaffected
    assertThat(login("203.0.113.99", "bob", "staple tetanus").statusCode()).isEqualTo(204);
    clock.advance(Duration.ofMinutes(15));
    assertThat(login("203.0.113.100", "alice", "correct horse battery").statusCode())
        .isEqualTo(204);
  }

  @Test
  void lockedAccount_isIndistinguishableFromAWrongPassword() throws Exception {
    HttpResponse<String> wrongPassword = login("192.0.2.1", "bob", "nope");
    for (int i = 1; i <= 3; i++) {
      login("203.0.113." + i, "alice", "guess" + i);
    }
    HttpResponse<String> lockedRightPassword = login("192.0.2.2", "alice", "correct horse battery");
    HttpResponse<String> lockedWrongPassword = login("192.0.2.3", "alice", "nope");
    HttpResponse<String> unknownUser = login("192.0.2.4", "mallory", "nope");
    assertThat(observable(lockedRightPassword)).isEqualTo(observable(wrongPassword));
    assertThat(observable(lockedWrongPassword)).isEqualTo(observable(wrongPassword));
    assertThat(observable(unknownUser)).isEqualTo(observable(wrongPassword));
    assertThat(wrongPassword.statusCode()).isEqualTo(401);
  }

  /** A store whose backend is down: every operation throws, as Redis's does during an outage. */
  private static final class DownStore implements BruteForceStore {
    @Override
    public Duration lockedFor(Kind kind, String key, Instant now) {
      throw new BruteForceStoreException("down");
    }

    @Override
    public Optional<Duration> recordFailure(
        Kind kind, String key, FailureLimit limit, Instant now) {
      throw new BruteForceStoreException("down");
    }

    @Override
    public void clear(Kind kind, String key) {
      throw new BruteForceStoreException("down");
    }

    @Override
    public long addFailingClient(String username, String client, Duration retention, Instant now) {
      throw new BruteForceStoreException("down");
    }

    @Override
    public void clearFailingClients(String username) {
      throw new BruteForceStoreException("down");
    }

    @Override
    public FailurePolicy failurePolicy() {
      return FailurePolicy.FAIL_CLOSED;
    }
  }

  @Test
  void storeDown_failsClosedWith503AndRetryAfter_evenForTheRightPassword() throws Exception {
    BruteForceGuard down =
        BruteForceGuard.create(
            BruteForcePolicy.defaults(), SecurityEventPublisher.of(e -> {}), new DownStore());
    try (ServletContainer other = newContainer()) {
      base = other.servlet("login", new LoginServlet(down), "/*").start().baseUri();
      HttpResponse<String> r = login("198.51.100.1", "alice", "correct horse battery");
      assertThat(r.statusCode()).isEqualTo(503);
      assertThat(r.headers().firstValue("Retry-After")).contains("5");
      assertThat(r.headers().firstValue("Content-Type"))
          .hasValueSatisfying(v -> assertThat(v).startsWith("application/problem+json"));
      assertThat(r.body()).doesNotContain("alice", "Exception", "down");
    }
  }
}
