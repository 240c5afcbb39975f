package dev.bulwark.jwt;

import static dev.bulwark.jwt.TestKeys.AUDIENCE;
import static dev.bulwark.jwt.TestKeys.ISSUER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.jwk.JWK;
import dev.bulwark.event.SecurityEvent;
import dev.bulwark.event.SecurityEventPublisher;
import dev.bulwark.jwt.store.InMemoryAccessTokenDenylist;
import dev.bulwark.jwt.store.InMemoryRefreshTokenStore;
import dev.bulwark.testing.MutableClock;
import dev.bulwark.web.ConfigurationException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/** The two-step sign-in of {@link TokenService} and the authentication context of its tokens. */
class TokenServiceSecondFactorTest {

  private static final String PASSWORD = "correct horse battery staple";

  private final MutableClock clock = MutableClock.atFixedStart();
  private final KeyRing ring = KeyRing.of(KeySet.of(List.<JWK>of(TestKeys.RSA_A), null));
  private final InMemoryAccessTokenDenylist denylist =
      InMemoryAccessTokenDenylist.create(1000, clock);
  private final List<SecurityEvent> events = new CopyOnWriteArrayList<>();
  private final AccessTokenIssuer issuer =
      AccessTokenIssuer.builder(ring).issuer(ISSUER).audience(AUDIENCE).clock(clock).build();
  private final AccessTokenVerifier verifier =
      AccessTokenVerifier.builder(ring)
          .issuer(ISSUER)
          .audience(AUDIENCE)
          .denylist(denylist)
          .clock(clock)
          .build();
  private final FakeFactor factor = new FakeFactor();
  private final CountingThrottle throttle = new CountingThrottle();

  /** alice is enrolled: 123456 once (then replayed), recovery code rcv-1 once. bob is not. */
  static final class FakeFactor implements SecondFactor {
    final Set<String> enrolled = ConcurrentHashMap.newKeySet();
    final Set<String> used = ConcurrentHashMap.newKeySet();
    final List<String> checked = new CopyOnWriteArrayList<>();

    FakeFactor() {
      enrolled.add("alice");
    }

    @Override
    public List<String> methods(String subject) {
      return enrolled.contains(subject) ? List.of("otp") : List.of();
    }

    @Override
    public Verification verify(String subject, String code) {
      checked.add(code);
      if (!enrolled.contains(subject) || !used.add(subject + ":" + code)) {
        return Verification.rejected();
      }
      return switch (code) {
        case "123456" -> Verification.accepted("otp");
        case "rcv-1" -> Verification.accepted("rcv");
        default -> Verification.rejected();
      };
    }
  }

  /** Locks an account after 5 failures, like the brute-force guard, whatever the client. */
  static final class CountingThrottle implements LoginThrottle {
    final ConcurrentHashMap<String, Integer> failures = new ConcurrentHashMap<>();

    @Override
    public Decision check(String username, @Nullable String client) {
      return failures.getOrDefault(username, 0) >= 5
          ? new Decision(Action.REJECT_AS_INVALID_CREDENTIALS, Duration.ZERO)
          : Decision.PROCEED;
    }

    @Override
    public void recordFailure(String username, @Nullable String client) {
      failures.merge(username, 1, Integer::sum);
    }

    @Override
    public void recordSuccess(String username, @Nullable String client) {
      failures.remove(username);
    }
  }

  private TokenService.Builder service() {
    return TokenService.builder(issuer, InMemoryRefreshTokenStore.create(1000, clock))
        .denylist(denylist)
        .clock(clock)
        .events(SecurityEventPublisher.of(events::add))
        .loginThrottle(throttle)
        .credentialVerifier(
            (u, p) ->
                (u.equals("alice") || u.equals("bob")) && String.valueOf(p).equals(PASSWORD)
                    ? Optional.of(new AuthenticatedUser(u, List.of("USER")))
                    : Optional.empty());
  }

  private LoginResult.SecondFactorRequired challenge(TokenService s) {
    LoginResult r = s.login("alice", PASSWORD.toCharArray(), "192.0.2.1");
    assertThat(r).isInstanceOf(LoginResult.SecondFactorRequired.class);
    return (LoginResult.SecondFactorRequired) r;
  }

  private static RejectionReason reason(ThrowingRunnable r) {
    try {
      r.run();
    } catch (InvalidTokenException e) {
      return e.reason();
    }
    throw new AssertionError("not rejected");
  }

  private interface ThrowingRunnable {
    void run() throws InvalidTokenException;
  }

  @Test
  void login_enrolledUser_getsAnMfaTokenAndNoSession() {
    TokenService s = service().secondFactor(factor).build();
    LoginResult.SecondFactorRequired c = challenge(s);
    assertThat(c.tokens()).isEmpty();
    assertThat(c.methods()).containsExactly("otp");
    assertThat(c.mfaToken()).hasSize(43).matches("[A-Za-z0-9_-]+");
    assertThat(c.expiresAt()).isEqualTo(clock.instant().plus(Duration.ofMinutes(5)));
    assertThat(c.toString()).doesNotContain(c.mfaToken());
    assertThat(events.stream().map(e -> e.type().name()))
        .containsExactly("auth.login.second-factor-required")
        .doesNotContain("token.issued");
  }

  @Test
  void login_twice_givesDifferentMfaTokens() {
    TokenService s = service().secondFactor(factor).build();
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 20; i++) {
      assertThat(seen.add(challenge(s).mfaToken())).isTrue();
    }
  }

  @Test
  void login_userWithoutSecondFactor_getsTokensWithPwdAndAuthTime() throws Exception {
    TokenService s = service().secondFactor(factor).build();
    TokenPair p = s.login("bob", PASSWORD.toCharArray(), null).tokens().orElseThrow();
    VerifiedAccessToken v = verifier.verify(p.accessToken().token());
    assertThat(v.authenticationMethods()).containsExactly("pwd");
    assertThat(v.authTime()).contains(clock.instant());
    assertThat(v.secondFactorEnrolled()).contains(false);
  }

  @Test
  void login_withoutASecondFactorConfigured_sayNothingAboutEnrolment() throws Exception {
    TokenService s = service().build();
    TokenPair p = s.login("alice", PASSWORD.toCharArray(), null).tokens().orElseThrow();
    VerifiedAccessToken v = verifier.verify(p.accessToken().token());
    assertThat(v.authenticationMethods()).containsExactly("pwd");
    assertThat(v.secondFactorEnrolled()).isEmpty();
    assertThat(v.claims()).doesNotContainKey("mfa_enrolled");
  }

  @Test
  void completeSecondFactor_rightCode_issuesTokensWithPwdOtp_andConsumesTheMfaToken()
      throws Exception {
    TokenService s = service().secondFactor(factor).build();
    LoginResult.SecondFactorRequired c = challenge(s);
    clock.advance(Duration.ofSeconds(20));
    TokenPair p = s.completeSecondFactor(c.mfaToken(), "123456", "192.0.2.1").orElseThrow();
    VerifiedAccessToken v = verifier.verify(p.accessToken().token());
    assertThat(v.subject()).isEqualTo("alice");
    assertThat(v.roles()).containsExactly("USER");
    assertThat(v.authenticationMethods()).containsExactly("pwd", "otp");
    assertThat(v.authTime()).contains(clock.instant());
    assertThat(v.claims().get("auth_time")).isEqualTo(clock.instant().getEpochSecond());
    assertThat(v.secondFactorEnrolled()).contains(true);
    assertThat(reason(() -> s.completeSecondFactor(c.mfaToken(), "123456", null)))
        .as("single use")
        .isEqualTo(RejectionReason.MFA_TOKEN_INVALID);
    assertThat(events.stream().map(e -> e.type().name()))
        .containsSubsequence("auth.login.succeeded", "token.issued");
  }

  @Test
  void completeSecondFactor_recoveryCode_issuesPwdRcv() throws Exception {
    TokenService s = service().secondFactor(factor).build();
    TokenPair p = s.completeSecondFactor(challenge(s).mfaToken(), "rcv-1", null).orElseThrow();
    assertThat(verifier.verify(p.accessToken().token()).authenticationMethods())
        .containsExactly("pwd", "rcv");
  }

  @Test
  void refresh_keepsTheSignInsAmrAndAuthTime() throws Exception {
    TokenService s = service().secondFactor(factor).build();
    TokenPair p = s.completeSecondFactor(challenge(s).mfaToken(), "123456", null).orElseThrow();
    Instant signedIn = clock.instant();
    clock.advance(Duration.ofMinutes(20));
    TokenPair refreshed = s.refresh(p.refreshToken(), null);
    VerifiedAccessToken v = verifier.verify(refreshed.accessToken().token());
    assertThat(v.issuedAt()).isEqualTo(clock.instant());
    assertThat(v.authTime()).contains(signedIn);
    assertThat(v.authenticationMethods()).containsExactly("pwd", "otp");
  }

  @Test
  void refresh_afterEnrollingDuringTheSession_saysTheUserNowHasASecondFactor() throws Exception {
    TokenService s = service().secondFactor(factor).build();
    TokenPair p = s.login("bob", PASSWORD.toCharArray(), null).tokens().orElseThrow();
    factor.enrolled.add("bob");
    VerifiedAccessToken v =
        verifier.verify(s.refresh(p.refreshToken(), null).accessToken().token());
    assertThat(v.secondFactorEnrolled()).contains(true);
    assertThat(v.authenticationMethods()).containsExactly("pwd");
  }

  @Test
  void completeSecondFactor_wrongCode_isEmpty_andTheMfaTokenStaysUsable() throws Exception {
    TokenService s = service().secondFactor(factor).build();
    LoginResult.SecondFactorRequired c = challenge(s);
    assertThat(s.completeSecondFactor(c.mfaToken(), "000000", null)).isEmpty();
    assertThat(s.completeSecondFactor(c.mfaToken(), "123456", null)).isPresent();
  }

  @Test
  void completeSecondFactor_replayedCode_isRefused() throws Exception {
    TokenService s = service().secondFactor(factor).build();
    assertThat(s.completeSecondFactor(challenge(s).mfaToken(), "123456", null)).isPresent();
    assertThat(s.completeSecondFactor(challenge(s).mfaToken(), "123456", null)).isEmpty();
  }

  @Test
  void completeSecondFactor_fiveWrongCodes_voidTheMfaToken() throws Exception {
    TokenService s = service().secondFactor(factor).build();
    LoginResult.SecondFactorRequired c = challenge(s);
    for (int i = 0; i < 4; i++) {
      assertThat(s.completeSecondFactor(c.mfaToken(), "00000" + i, null)).isEmpty();
    }
    throttle.failures.clear(); // only the token's own count is under test here
    assertThat(s.completeSecondFactor(c.mfaToken(), "000009", null)).isEmpty();
    assertThat(reason(() -> s.completeSecondFactor(c.mfaToken(), "123456", null)))
        .isEqualTo(RejectionReason.MFA_TOKEN_INVALID);
    assertThat(factor.checked).doesNotContain("123456");
  }

  @Test
  void completeSecondFactor_expiredMfaToken_isRefused() {
    TokenService s = service().secondFactor(factor).build();
    LoginResult.SecondFactorRequired c = challenge(s);
    clock.advance(Duration.ofMinutes(5));
    assertThat(reason(() -> s.completeSecondFactor(c.mfaToken(), "123456", null)))
        .isEqualTo(RejectionReason.MFA_TOKEN_INVALID);
  }

  @Test
  void completeSecondFactor_unknownOrMalformedMfaToken_isRefused() {
    TokenService s = service().secondFactor(factor).build();
    for (String bad : List.of("A".repeat(43), "not a token", "", "A".repeat(5000))) {
      assertThat(reason(() -> s.completeSecondFactor(bad, "123456", null)))
          .isEqualTo(RejectionReason.MFA_TOKEN_INVALID);
    }
  }

  @Test
  void wrongCodes_countInTheAccountsBruteForceState_untilEvenTheRightCodeIsRefused()
      throws Exception {
    TokenService s = service().secondFactor(factor).build();
    int guesses = 0;
    int client = 0;
    // an attacker who knows the password guesses codes from ever new addresses
    while (guesses < 10_000) {
      LoginResult r = s.login("alice", PASSWORD.toCharArray(), "203.0.113." + (++client % 250));
      if (!(r instanceof LoginResult.SecondFactorRequired c)) {
        break; // locked: the right password no longer gets an mfa token
      }
      for (int i = 0; i < 5; i++) {
        s.completeSecondFactor(c.mfaToken(), String.format("%06d", 100_000 + guesses), null);
        guesses++;
      }
    }
    assertThat(guesses).isLessThanOrEqualTo(5);
    assertThat(factor.checked).hasSizeLessThanOrEqualTo(5);
    assertThat(s.login("alice", PASSWORD.toCharArray(), "198.51.100.7"))
        .isSameAs(LoginResult.Failed.INSTANCE);
  }

  @Test
  void lockedAccount_refusesEvenTheRightCode_withoutSpendingIt() throws Exception {
    TokenService s = service().secondFactor(factor).build();
    LoginResult.SecondFactorRequired c = challenge(s);
    for (int i = 0; i < 5; i++) {
      s.login("alice", "wrong".toCharArray(), "203.0.113." + i);
    }
    assertThat(s.completeSecondFactor(c.mfaToken(), "123456", null)).isEmpty();
    assertThat(factor.checked).isEmpty();
  }

  @Test
  void rightCode_recordsTheSuccess_andClearsTheAccountsFailures() throws Exception {
    TokenService s = service().secondFactor(factor).build();
    LoginResult.SecondFactorRequired c = challenge(s);
    s.completeSecondFactor(c.mfaToken(), "999999", null);
    assertThat(throttle.failures).containsEntry("alice", 1);
    s.completeSecondFactor(c.mfaToken(), "123456", null).orElseThrow();
    assertThat(throttle.failures).doesNotContainKey("alice");
  }

  @Test
  void build_mfaSettingsWithoutASecondFactor_throw_andTheLifetimeIsCapped() {
    assertThatThrownBy(() -> service().mfaTokenLifetime(Duration.ofMinutes(2)).build())
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("secondFactor");
    assertThatThrownBy(() -> service().mfaTokenLifetime(Duration.ofMinutes(6)))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("mfaTokenLifetime");
    assertThatThrownBy(() -> service().secondFactor(factor).secondFactor(factor))
        .isInstanceOf(ConfigurationException.class);
    assertThat(service().secondFactor(factor).build().toString())
        .contains("mfaTokenLifetime=PT5M", "InMemoryMfaChallengeStore");
  }

  @Test
  void completeSecondFactor_withoutASecondFactor_isAnIllegalState() {
    TokenService s = service().build();
    assertThatThrownBy(() -> s.completeSecondFactor("A".repeat(43), "1", null))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void concurrentCompletions_withTwoRightCodes_startOneSession() throws Exception {
    TokenService s = service().secondFactor(factor).build();
    LoginResult.SecondFactorRequired c = challenge(s);
    List<Thread> threads = new ArrayList<>();
    List<Object> outcomes = new CopyOnWriteArrayList<>();
    for (String code : List.of("123456", "rcv-1")) {
      Thread t =
          new Thread(
              () -> {
                try {
                  outcomes.add(s.completeSecondFactor(c.mfaToken(), code, null));
                } catch (InvalidTokenException e) {
                  outcomes.add(e.reason());
                }
              });
      threads.add(t);
      t.start();
    }
    for (Thread t : threads) {
      t.join();
    }
    assertThat(outcomes.stream().filter(o -> o instanceof Optional<?> p && p.isPresent()))
        .hasSize(1);
  }
}
