package dev.bulwark.password;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.bulwark.password.BreachedPasswordClient.FailureMode;
import dev.bulwark.password.BreachedPasswordClient.Result;
import dev.bulwark.password.PasswordProblem.Reason;
import dev.bulwark.web.ConfigurationException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The range client against a stand-in server on loopback; never the internet. */
class BreachedPasswordClientTest {

  private static final String BREACHED = "violet tractor humming quietly";
  private static final String CLEAN = "amber kettle whistling softly";

  private HttpServer server;
  private ExecutorService executor;
  private final List<String> paths = new CopyOnWriteArrayList<>();
  private final List<String> paddingHeaders = new CopyOnWriteArrayList<>();
  private final CountDownLatch releaseStalled = new CountDownLatch(1);
  private volatile int status = 200;
  private volatile boolean stall;
  private volatile String garbage;

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    executor = Executors.newCachedThreadPool();
    server.setExecutor(executor);
    server.createContext("/range/", this::range);
    server.start();
  }

  @AfterEach
  void stop() {
    releaseStalled.countDown();
    server.stop(0);
    executor.shutdownNow();
  }

  private void range(HttpExchange exchange) throws IOException {
    paths.add(exchange.getRequestURI().getPath());
    paddingHeaders.add(String.valueOf(exchange.getRequestHeaders().getFirst("Add-Padding")));
    if (stall) {
      try {
        releaseStalled.await(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    String prefix = exchange.getRequestURI().getPath().substring("/range/".length());
    String target = sha1(BREACHED);
    StringBuilder body = new StringBuilder();
    if (garbage != null) {
      body.append(garbage);
    } else {
      // Padding entries first (count 0), as the real service mixes them in.
      body.append(target.substring(5, 39)).append("F:0\r\n");
      body.append("0018A45C4D1DEF81644B54AB7F969B88D65:3\r\n");
      if (prefix.equals(target.substring(0, 5))) {
        body.append(target.substring(5).toLowerCase()).append(":24230\r\n");
      }
      body.append("00D4F6E8FA6EECAD2A3AA415EEC418D38EC:0");
    }
    byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  private static String sha1(String s) {
    try {
      return HexFormat.of()
          .withUpperCase()
          .formatHex(MessageDigest.getInstance("SHA-1").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }

  private URI base() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/range/");
  }

  /** A generous timeout: these answers come at once, but the machine may be busy. */
  private BreachedPasswordClient client(FailureMode mode) {
    return BreachedPasswordClient.builder(mode)
        .baseUri(base())
        .timeout(Duration.ofSeconds(10))
        .build();
  }

  /** A short timeout, for the server that never answers (the test waits for all of it). */
  private BreachedPasswordClient impatientClient(FailureMode mode) {
    return BreachedPasswordClient.builder(mode)
        .baseUri(base())
        .timeout(Duration.ofMillis(300))
        .build();
  }

  @Test
  void check_breachedPassword_isFoundCaseInsensitively() {
    assertThat(client(FailureMode.FAIL_CLOSED).check(BREACHED)).isEqualTo(Result.BREACHED);
  }

  @Test
  void check_sendsOnlyTheFiveCharacterPrefixWithPadding() {
    client(FailureMode.FAIL_CLOSED).check(BREACHED);

    assertThat(paths).containsExactly("/range/" + sha1(BREACHED).substring(0, 5));
    assertThat(paddingHeaders).containsExactly("true");
  }

  @Test
  void check_cleanPassword_isNotBreached_andPaddingEntriesWithCountZeroNeverMatch() {
    assertThat(client(FailureMode.FAIL_CLOSED).check(CLEAN)).isEqualTo(Result.NOT_BREACHED);
  }

  @Test
  void check_paddingEntryForTheExactSuffix_isNotABreach() {
    garbage = sha1(CLEAN).substring(5) + ":0\r\n";

    assertThat(client(FailureMode.FAIL_CLOSED).check(CLEAN)).isEqualTo(Result.NOT_BREACHED);
  }

  @Test
  void check_serverStalls_isUnavailableAfterTheTimeout() {
    stall = true;

    assertThat(impatientClient(FailureMode.FAIL_CLOSED).check(CLEAN)).isEqualTo(Result.UNAVAILABLE);
  }

  @Test
  void check_serverError_isUnavailable() {
    status = 503;

    assertThat(client(FailureMode.FAIL_OPEN).check(CLEAN)).isEqualTo(Result.UNAVAILABLE);
  }

  @Test
  void check_bodyThatIsNotARangeResponse_isUnavailableRatherThanClean() {
    garbage = "<html>captive portal</html>";

    assertThat(client(FailureMode.FAIL_CLOSED).check(CLEAN)).isEqualTo(Result.UNAVAILABLE);
  }

  @Test
  void check_nothingListening_isUnavailable() {
    URI dead = base();
    server.stop(0);

    BreachedPasswordClient c =
        BreachedPasswordClient.builder(FailureMode.FAIL_OPEN)
            .baseUri(dead)
            .timeout(Duration.ofSeconds(2))
            .build();

    assertThat(c.check(CLEAN)).isEqualTo(Result.UNAVAILABLE);
  }

  @Test
  void policy_breachedPassword_isRefusedWithAnActionableMessage() {
    PasswordPolicy policy =
        PasswordPolicy.builder().breachedPasswords(client(FailureMode.FAIL_OPEN)).build();

    PasswordCheck check = policy.check(BREACHED, PasswordContext.none());

    assertThat(check.reasons()).containsExactly(Reason.BREACHED);
    assertThat(check.problems().get(0).message()).contains("data breach");
  }

  @Test
  void policy_failClosed_refusesWhenTheServiceStalls() {
    stall = true;
    PasswordPolicy policy =
        PasswordPolicy.builder()
            .breachedPasswords(impatientClient(FailureMode.FAIL_CLOSED))
            .build();

    PasswordCheck check = policy.check(CLEAN, PasswordContext.none());

    assertThat(check.reasons()).containsExactly(Reason.BREACH_CHECK_UNAVAILABLE);
    assertThat(check.problems().get(0).message()).contains("try again");
  }

  @Test
  void policy_failOpen_acceptsWhenTheServiceStalls() {
    stall = true;
    PasswordPolicy policy =
        PasswordPolicy.builder().breachedPasswords(impatientClient(FailureMode.FAIL_OPEN)).build();

    assertThat(policy.check(CLEAN, PasswordContext.none()).accepted()).isTrue();
  }

  @Test
  void policy_passwordRefusedLocally_isNeverSentToTheService() {
    PasswordPolicy policy =
        PasswordPolicy.builder().breachedPasswords(client(FailureMode.FAIL_CLOSED)).build();

    assertThat(policy.check("too short", PasswordContext.none()).reasons())
        .containsExactly(Reason.TOO_SHORT);
    assertThat(paths).isEmpty();
  }

  @Test
  void build_plainHttpToARemoteHost_throws() {
    assertThatThrownBy(
            () ->
                BreachedPasswordClient.builder(FailureMode.FAIL_OPEN)
                    .baseUri(URI.create("http://range.example.org/range/"))
                    .build())
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("https");
  }

  @Test
  void build_zeroTimeout_throws() {
    assertThatThrownBy(
            () ->
                BreachedPasswordClient.builder(FailureMode.FAIL_OPEN)
                    .timeout(Duration.ZERO)
                    .build())
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("timeout");
  }

  @Test
  void build_relativeUri_throws() {
    assertThatThrownBy(
            () ->
                BreachedPasswordClient.builder(FailureMode.FAIL_OPEN)
                    .baseUri(URI.create("/range/"))
                    .build())
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("absolute");
  }

  @Test
  void build_baseUriWithoutTrailingSlash_stillAppendsThePrefixAsAPathSegment() {
    String noSlash = base().toString().replaceAll("/$", "");
    BreachedPasswordClient c =
        BreachedPasswordClient.builder(FailureMode.FAIL_CLOSED)
            .baseUri(URI.create(noSlash))
            .timeout(Duration.ofSeconds(2))
            .build();

    assertThat(c.check(BREACHED)).isEqualTo(Result.BREACHED);
    assertThat(c.failureMode()).isEqualTo(FailureMode.FAIL_CLOSED);
    assertThat(c.toString()).doesNotContain(BREACHED);
  }

  @Test
  void builder_checksTheTimeoutInItsSetter_andTakesEachSettingOnce() {
    assertThatThrownBy(
            () ->
                BreachedPasswordClient.builder(FailureMode.FAIL_CLOSED)
                    .timeout(Duration.ofMinutes(1)))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("at most 30 seconds");
    assertThatThrownBy(
            () ->
                BreachedPasswordClient.builder(FailureMode.FAIL_CLOSED)
                    .timeout(Duration.ofSeconds(1))
                    .timeout(Duration.ofSeconds(2)))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("timeout was already set (to PT1S)");
  }
}
