package dev.bulwark.jwt.mfa;

import static org.assertj.core.api.Assertions.assertThat;

import com.bastiaanjansen.otp.HMACAlgorithm;
import com.bastiaanjansen.otp.TOTPGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.jwk.JWK;
import dev.bulwark.event.SecurityEventPublisher;
import dev.bulwark.jwt.AccessTokenIssuer;
import dev.bulwark.jwt.AccessTokenVerifier;
import dev.bulwark.jwt.AuthenticatedUser;
import dev.bulwark.jwt.KeyRing;
import dev.bulwark.jwt.KeySet;
import dev.bulwark.jwt.TestKeys;
import dev.bulwark.jwt.TokenService;
import dev.bulwark.jwt.ratelimit.BruteForceLoginThrottle;
import dev.bulwark.jwt.servlet.BearerTokenFilter;
import dev.bulwark.jwt.servlet.BearerTokenPolicy;
import dev.bulwark.jwt.servlet.LoginServlet;
import dev.bulwark.jwt.servlet.RefreshServlet;
import dev.bulwark.jwt.servlet.SecondFactorServlet;
import dev.bulwark.jwt.servlet.StepUpRule;
import dev.bulwark.jwt.store.InMemoryAccessTokenDenylist;
import dev.bulwark.jwt.store.InMemoryRefreshTokenStore;
import dev.bulwark.mfa.InMemoryMfaStore;
import dev.bulwark.mfa.TotpAuthenticator;
import dev.bulwark.mfa.TotpEnrollment;
import dev.bulwark.mfa.TotpPolicy;
import dev.bulwark.mfa.TotpSecretEncryption;
import dev.bulwark.password.PasswordHasher;
import dev.bulwark.ratelimit.BruteForceGuard;
import dev.bulwark.ratelimit.BruteForcePolicy;
import dev.bulwark.testing.MutableClock;
import dev.bulwark.testing.ServletContainer;
import dev.bulwark.web.servlet.ClientIpFilter;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The two-step sign-in and RFC 9470 step-up over real HTTP in a real container: {@link
 * LoginServlet}, {@link SecondFactorServlet}, {@link RefreshServlet} and a {@link
 * BearerTokenFilter} with a step-up rule, on a {@link TokenService} whose second factor is
 * bulwark-mfa's {@link TotpAuthenticator} and whose throttle is bulwark-ratelimit's brute-force
 * guard. Codes are computed as an authenticator app would, with otp-java, from the enrolment's
 * secret. Subclasses choose the container.
 */
abstract class MfaLoginHttpContract {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Map<String, String> PASSWORDS =
      Map.of("alice", "correct horse battery staple", "bob", "tetanus staple battery horse");
  private static final PasswordHasher FAST = PasswordHasher.builder().bcrypt(10).build();

  private final HttpClient http = HttpClient.newHttpClient();
  private final MutableClock clock = MutableClock.atFixedStart();
  private final TotpAuthenticator totp =
      TotpAuthenticator.create(
          TotpPolicy.builder("Bulwark test").clock(clock).build(),
          TotpSecretEncryption.withKeys("k1", Map.of("k1", new byte[32])),
          new InMemoryMfaStore(),
          FAST);
  private ServletContainer container;
  private URI base;
  private int nextClient;

  /** A new container. */
  protected abstract ServletContainer newContainer() throws Exception;

  /** The protected resource: 200 and the subject. */
  static final class EventsServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
      resp.setContentType("application/json");
      resp.getWriter().write("{\"sub\":\"" + req.getRemoteUser() + "\"}");
    }
  }

  @BeforeEach
  void start() throws Exception {
    KeyRing ring = KeyRing.of(KeySet.of(List.<JWK>of(TestKeys.RSA_A), null));
    InMemoryAccessTokenDenylist denylist = InMemoryAccessTokenDenylist.create(1000, clock);
    BruteForceGuard guard =
        BruteForceGuard.create(
            BruteForcePolicy.builder().clock(clock).build(), SecurityEventPublisher.of(e -> {}));
    TokenService tokens =
        TokenService.builder(
                AccessTokenIssuer.builder(ring)
                    .issuer(TestKeys.ISSUER)
                    .audience(TestKeys.AUDIENCE)
                    .clock(clock)
                    .build(),
                InMemoryRefreshTokenStore.create(1000, clock))
            .denylist(denylist)
            .clock(clock)
            .credentialVerifier(
                (u, p) ->
                    String.valueOf(p).equals(PASSWORDS.get(u))
                        ? Optional.of(new AuthenticatedUser(u, List.of("ADMIN")))
                        : Optional.empty())
            .loginThrottle(BruteForceLoginThrottle.of(guard))
            .secondFactor(TotpSecondFactor.of(totp))
            .build();
    BearerTokenPolicy policy =
        BearerTokenPolicy.builder(
                AccessTokenVerifier.builder(ring)
                    .issuer(TestKeys.ISSUER)
                    .audience(TestKeys.AUDIENCE)
                    .denylist(denylist)
                    .clock(clock)
                    .build())
            .stepUp(
                StepUpRule.builder("GET", "/api/events")
                    .requireFactor("otp", "rcv")
                    .requireAuthenticationWithin(Duration.ofMinutes(5))
                    .build())
            .stepUpOnlyForEnrolledUsers()
            .clock(clock)
            .build();
    container = newContainer();
    container.filter(
        "clientIp", ClientIpFilter.class, Map.of("trustedProxies", "127.0.0.1/32"), "/*");
    container.filter("bearer", new BearerTokenFilter(policy), "/api/events");
    container.servlet("login", new LoginServlet(tokens), "/api/auth/login");
    container.servlet("mfa", new SecondFactorServlet(tokens), "/api/auth/mfa");
    container.servlet("refresh", new RefreshServlet(tokens), "/api/auth/refresh");
    container.servlet("events", new EventsServlet(), "/api/events");
    base = container.start().baseUri();
  }

  @AfterEach
  void stop() throws Exception {
    container.close();
  }

  // --- HTTP

  private HttpResponse<String> post(String path, String ip, Map<String, String> body)
      throws Exception {
    return http.send(
        HttpRequest.newBuilder(base.resolve(path))
            .header("Content-Type", "application/json")
            .header("X-Forwarded-For", ip)
            .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private String nextClient() {
    nextClient++;
    return "10."
        + (nextClient / 65536 % 256)
        + "."
        + (nextClient / 256 % 256)
        + "."
        + (nextClient % 256);
  }

  private HttpResponse<String> login(String user) throws Exception {
    return post(
        "/api/auth/login", nextClient(), Map.of("username", user, "password", PASSWORDS.get(user)));
  }

  private HttpResponse<String> secondStep(String mfaToken, String code) throws Exception {
    return post("/api/auth/mfa", nextClient(), Map.of("mfa_token", mfaToken, "code", code));
  }

  private HttpResponse<String> events(String accessToken) throws Exception {
    return http.send(
        HttpRequest.newBuilder(base.resolve("/api/events"))
            .header("Authorization", "Bearer " + accessToken)
            .GET()
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static JsonNode json(HttpResponse<String> r) throws IOException {
    return JSON.readTree(r.body());
  }

  private String mfaToken(String user) throws Exception {
    HttpResponse<String> r = login(user);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonNode body = json(r);
    assertThat(body.get("mfa_required").asBoolean()).isTrue();
    assertThat(body.has("access_token")).isFalse();
    assertThat(body.has("refresh_token")).isFalse();
    return body.get("mfa_token").asText();
  }

  // --- the authenticator app

  private final Map<String, TotpEnrollment> enrolments = new java.util.HashMap<>();

  private String appCode(String user, long offsetSteps) {
    TOTPGenerator g =
        new TOTPGenerator.Builder(
                enrolments.get(user).secretBase32().getBytes(StandardCharsets.US_ASCII))
            .withHOTPGenerator(
                b -> {
                  b.withPasswordLength(6);
                  b.withAlgorithm(HMACAlgorithm.SHA1);
                })
            .withPeriod(Duration.ofSeconds(30))
            .build();
    return g.at(clock.instant().getEpochSecond() + offsetSteps * 30);
  }

  private List<String> enrol(String user) {
    TotpEnrollment e = totp.startEnrollment(user, user + "@example.com");
    enrolments.put(user, e);
    List<String> recovery = totp.confirmEnrollment(user, appCode(user, 0)).orElseThrow();
    nextStep();
    return recovery;
  }

  /** The app shows a new code: the previous one was used. */
  private void nextStep() {
    clock.advance(Duration.ofSeconds(30));
  }

  private String signInWithCode(String user) throws Exception {
    HttpResponse<String> r = secondStep(mfaToken(user), appCode(user, 0));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(r.headers().firstValue("Cache-Control")).contains("no-store");
    nextStep();
    return json(r).get("access_token").asText();
  }

  private static void assertStepUpChallenge(HttpResponse<String> r) throws IOException {
    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(r.headers().firstValue("WWW-Authenticate").orElseThrow())
        .startsWith("Bearer realm=\"bulwark\", error=\"insufficient_user_authentication\"")
        .contains("error_description=\"This request needs a sign-in with a second factor")
        .endsWith(", max_age=300");
    assertThat(r.headers().firstValue("Content-Type").orElseThrow())
        .startsWith("application/problem+json");
    JsonNode body = json(r);
    assertThat(body.get("status").asInt()).isEqualTo(401);
    assertThat(body.get("error").asText()).isEqualTo("insufficient_user_authentication");
    assertThat(body.get("max_age").asLong()).isEqualTo(300);
    assertThat(body.get("required_factors")).hasSize(2);
  }

  // --- the two-step sign-in

  @Test
  void enrolledUser_signsInWithPasswordThenCode_andReachesTheStepUpResource() throws Exception {
    enrol("alice");
    HttpResponse<String> first = login("alice");
    JsonNode body = json(first);
    assertThat(body.get("mfa_methods")).extracting(JsonNode::asText).containsExactly("otp");
    assertThat(body.get("expires_in").asLong()).isEqualTo(300);
    assertThat(body.get("mfa_token").asText()).hasSize(43);
    assertThat(first.headers().firstValue("Cache-Control")).contains("no-store");
    HttpResponse<String> second = secondStep(body.get("mfa_token").asText(), appCode("alice", 0));
    assertThat(second.statusCode()).isEqualTo(200);
    JsonNode pair = json(second);
    assertThat(pair.get("token_type").asText()).isEqualTo("Bearer");
    assertThat(pair.get("refresh_token").asText()).isNotEmpty();
    HttpResponse<String> r = events(pair.get("access_token").asText());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(json(r).get("sub").asText()).isEqualTo("alice");
  }

  @Test
  void aRecoveryCode_completesTheSignIn_once() throws Exception {
    String code = enrol("alice").get(0);
    HttpResponse<String> r = secondStep(mfaToken("alice"), code.toUpperCase());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(events(json(r).get("access_token").asText()).statusCode()).isEqualTo(200);
    assertThat(secondStep(mfaToken("alice"), code).statusCode()).isEqualTo(401);
  }

  @Test
  void wrongCode_is401_andTheMfaTokenStaysUsable() throws Exception {
    enrol("alice");
    String mfa = mfaToken("alice");
    String wrong = appCode("alice", 0).equals("123456") ? "654321" : "123456";
    HttpResponse<String> r = secondStep(mfa, wrong);
    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(json(r).get("detail").asText()).isEqualTo("The code is incorrect.");
    assertThat(secondStep(mfa, appCode("alice", 0)).statusCode()).isEqualTo(200);
  }

  @Test
  void aUsedCode_isRefused_evenWithAFreshMfaToken() throws Exception {
    enrol("alice");
    String code = appCode("alice", 0);
    assertThat(secondStep(mfaToken("alice"), code).statusCode()).isEqualTo(200);
    HttpResponse<String> replay = secondStep(mfaToken("alice"), code);
    assertThat(replay.statusCode()).isEqualTo(401);
    assertThat(json(replay).get("detail").asText()).isEqualTo("The code is incorrect.");
  }

  @Test
  void aUsedMfaToken_isRefused() throws Exception {
    enrol("alice");
    String mfa = mfaToken("alice");
    assertThat(secondStep(mfa, appCode("alice", 0)).statusCode()).isEqualTo(200);
    nextStep();
    HttpResponse<String> again = secondStep(mfa, appCode("alice", 0));
    assertThat(again.statusCode()).isEqualTo(401);
    assertThat(json(again).get("detail").asText()).contains("sign in again");
  }

  @Test
  void fiveWrongCodes_voidTheMfaToken() throws Exception {
    enrol("alice");
    String mfa = mfaToken("alice");
    Set<String> valid = Set.of(appCode("alice", -1), appCode("alice", 0), appCode("alice", 1));
    int guessed = 0;
    for (int g = 0; guessed < 5; g++) {
      String guess = String.format("%06d", g);
      if (!valid.contains(guess)) {
        assertThat(secondStep(mfa, guess).statusCode()).isEqualTo(401);
        guessed++;
      }
    }
    HttpResponse<String> right = secondStep(mfa, appCode("alice", 0));
    assertThat(right.statusCode()).isEqualTo(401);
    assertThat(json(right).get("detail").asText()).contains("sign in again");
  }

  @Test
  void anExpiredMfaToken_isRefused() throws Exception {
    enrol("alice");
    String mfa = mfaToken("alice");
    clock.advance(Duration.ofMinutes(5));
    HttpResponse<String> r = secondStep(mfa, appCode("alice", 0));
    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(json(r).get("detail").asText()).contains("sign in again");
  }

  @Test
  void malformedSecondSteps_are4xxProblems() throws Exception {
    enrol("alice");
    assertThat(post("/api/auth/mfa", nextClient(), Map.of("code", "123456")).statusCode())
        .isEqualTo(400);
    assertThat(
            post("/api/auth/mfa", nextClient(), Map.of("mfa_token", "x", "code", "1")).statusCode())
        .isEqualTo(401);
    assertThat(secondStep(mfaToken("alice"), "x".repeat(4000)).statusCode()).isEqualTo(401);
  }

  // --- step-up

  @Test
  void userWithoutASecondFactor_isNotChallenged() throws Exception {
    HttpResponse<String> r = login("bob");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(json(r).has("mfa_required")).isFalse();
    assertThat(events(json(r).get("access_token").asText()).statusCode()).isEqualTo(200);
  }

  @Test
  void anOldSignIn_getsTheRfc9470Challenge_andASecondSignInWithCodePasses() throws Exception {
    enrol("alice");
    String token = signInWithCode("alice");
    assertThat(events(token).statusCode()).isEqualTo(200);
    clock.advance(Duration.ofMinutes(5).plusSeconds(1));
    assertStepUpChallenge(events(token));
    String fresh = signInWithCode("alice");
    assertThat(events(fresh).statusCode()).isEqualTo(200);
  }

  @Test
  void aRefresh_keepsTheOldAuthTime_soItDoesNotPassTheStepUp() throws Exception {
    enrol("alice");
    HttpResponse<String> r = secondStep(mfaToken("alice"), appCode("alice", 0));
    String refresh = json(r).get("refresh_token").asText();
    clock.advance(Duration.ofMinutes(6));
    HttpResponse<String> refreshed =
        post("/api/auth/refresh", nextClient(), Map.of("refresh_token", refresh));
    assertThat(refreshed.statusCode()).isEqualTo(200);
    assertStepUpChallenge(events(json(refreshed).get("access_token").asText()));
  }

  @Test
  void aSessionWithoutTheFactor_afterEnrolling_getsTheChallenge_untilASignInWithCode()
      throws Exception {
    HttpResponse<String> pwdOnly = login("bob");
    String refresh = json(pwdOnly).get("refresh_token").asText();
    enrol("bob");
    HttpResponse<String> refreshed =
        post("/api/auth/refresh", nextClient(), Map.of("refresh_token", refresh));
    assertThat(refreshed.statusCode()).isEqualTo(200);
    assertStepUpChallenge(events(json(refreshed).get("access_token").asText()));
    assertThat(events(signInWithCode("bob")).statusCode()).isEqualTo(200);
  }

  // --- brute force

  @Test
  void guessingCodesFromManyAddresses_locksTheAccount_longBeforeOnePercentOfTheCodes()
      throws Exception {
    enrol("alice");
    int guesses = 0;
    int logins = 0;
    int next = 0;
    // the attacker knows the password and has as many addresses as it likes
    while (guesses < 10_000) {
      HttpResponse<String> r = login("alice");
      logins++;
      if (r.statusCode() != 200) {
        break;
      }
      String mfa = json(r).get("mfa_token").asText();
      for (int i = 0; i < 5; i++) {
        Set<String> valid = Set.of(appCode("alice", -1), appCode("alice", 0), appCode("alice", 1));
        String guess;
        do {
          guess = String.format("%06d", next++ * 7919 % 1_000_000);
        } while (valid.contains(guess));
        assertThat(secondStep(mfa, guess).statusCode()).isEqualTo(401);
        guesses++;
      }
    }
    assertThat(guesses).as("codes guessed before the lock").isLessThanOrEqualTo(10);
    assertThat(logins).isLessThanOrEqualTo(3);
    // the lock holds for the right password and the right code alike, from any new address
    assertThat(login("alice").statusCode()).isEqualTo(401);
  }
}
