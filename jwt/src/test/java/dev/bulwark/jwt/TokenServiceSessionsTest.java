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
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** Sessions made visible, ended by the user, an admin or a credential change; expiry reasons. */
class TokenServiceSessionsTest {

  private static final String FIREFOX =
      "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0";
  private static final String CHROME_MAC =
      "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko)"
          + " Chrome/131.0.0.0 Safari/537.36";

  private final MutableClock clock = MutableClock.atFixedStart();
  private final KeyRing ring = KeyRing.of(KeySet.of(List.<JWK>of(TestKeys.RSA_A), null));
  private final InMemoryAccessTokenDenylist denylist =
      InMemoryAccessTokenDenylist.create(1000, clock);
  private final InMemoryRefreshTokenStore store = InMemoryRefreshTokenStore.create(1000, clock);
  private final List<SecurityEvent> events = new CopyOnWriteArrayList<>();
  private final AccessTokenIssuer issuer =
      AccessTokenIssuer.builder(ring).issuer(ISSUER).audience(AUDIENCE).clock(clock).build();
  // cached: a revocation must reach tokens the cache already holds
  private final AccessTokenVerifier verifier =
      AccessTokenVerifier.builder(ring)
          .issuer(ISSUER)
          .audience(AUDIENCE)
          .denylist(denylist)
          .cacheVerifiedTokens(1000)
          .clock(clock)
          .build();
  private final AuthenticatedUser alice = new AuthenticatedUser("alice", List.of("USER"));

  private TokenService.Builder service() {
    return TokenService.builder(issuer, store)
        .denylist(denylist)
        .clock(clock)
        .events(SecurityEventPublisher.of(events::add));
  }

  private TokenPair signIn(TokenService s, String address, String userAgent) {
    return s.startSession(
        alice, AuthenticationContext.password(clock.instant()), address, userAgent);
  }

  private RejectionReason refused(ThrowingRunnable r) {
    try {
      r.run();
    } catch (InvalidTokenException e) {
      return e.reason();
    }
    throw new AssertionError("not refused");
  }

  private interface ThrowingRunnable {
    void run() throws InvalidTokenException;
  }

  private List<SecurityEvent> eventsOf(String type) {
    return events.stream().filter(e -> e.type().name().equals(type)).toList();
  }

  @Test
  void sessions_showCreationLastUseAddressAndAShortUserAgent() throws Exception {
    TokenService s = service().build();
    TokenPair laptop = signIn(s, "192.0.2.10", FIREFOX);
    clock.advance(Duration.ofMinutes(1));
    TokenPair phone = signIn(s, "198.51.100.7", CHROME_MAC);
    clock.advance(Duration.ofMinutes(10));
    s.refresh(laptop.refreshToken(), "192.0.2.11", FIREFOX);

    List<Session> sessions = s.sessions("alice");
    assertThat(sessions)
        .extracting(Session::id)
        .containsExactly(laptop.familyId(), phone.familyId());
    assertThat(sessions.get(0).client())
        .isEqualTo(new SessionClient("192.0.2.11", "Firefox on Linux"));
    assertThat(sessions.get(0).lastUsedAt()).isEqualTo(clock.instant());
    assertThat(sessions.get(1).client())
        .isEqualTo(new SessionClient("198.51.100.7", "Chrome on macOS"));
    assertThat(sessions.get(1).lastUsedAt()).isEqualTo(sessions.get(1).createdAt());
  }

  @Test
  void endSession_endsItsRefreshAndItsAccessTokensAtOnce_andNotAnotherUsersSession()
      throws Exception {
    TokenService s = service().build();
    TokenPair a = signIn(s, "192.0.2.10", FIREFOX);
    TokenPair b = signIn(s, "192.0.2.20", CHROME_MAC);
    TokenPair bobs =
        s.startSession(
            new AuthenticatedUser("bob", List.of()),
            AuthenticationContext.password(clock.instant()),
            "192.0.2.30",
            "curl/8.5.0");
    verifier.verify(b.accessToken().token());

    // alice cannot end bob's session by its id
    assertThat(s.endSession("alice", bobs.familyId(), SessionEndReason.USER, null)).isFalse();
    assertThat(verifier.verify(bobs.accessToken().token()).subject()).isEqualTo("bob");

    assertThat(s.endSession("alice", b.familyId(), SessionEndReason.USER, null)).isTrue();
    assertThat(refused(() -> verifier.verify(b.accessToken().token())))
        .isEqualTo(RejectionReason.REVOKED);
    assertThat(refused(() -> s.refresh(b.refreshToken(), null)))
        .isEqualTo(RejectionReason.REFRESH_TOKEN_REVOKED);
    assertThat(verifier.verify(a.accessToken().token()).subject()).isEqualTo("alice");
    assertThat(s.sessions("alice")).extracting(Session::id).containsExactly(a.familyId());
    assertThat(eventsOf("session.revoked"))
        .singleElement()
        .satisfies(
            e ->
                assertThat(e.details())
                    .containsEntry("reason", "user")
                    .containsEntry("scope", "one")
                    .containsEntry("count", "1"));
  }

  @Test
  void endOtherSessions_keepsTheCurrentOne_andRefusesTheOthersTokensAtOnce() throws Exception {
    TokenService s = service().build();
    TokenPair current = signIn(s, "192.0.2.10", FIREFOX);
    TokenPair other = signIn(s, "192.0.2.20", CHROME_MAC);
    verifier.verify(other.accessToken().token());

    VerifiedAccessToken mine = verifier.verify(current.accessToken().token());
    assertThat(s.endOtherSessions(mine, SessionEndReason.USER, null)).isEqualTo(1);

    assertThat(refused(() -> verifier.verify(other.accessToken().token())))
        .isEqualTo(RejectionReason.REVOKED);
    assertThat(refused(() -> s.refresh(other.refreshToken(), null)))
        .isEqualTo(RejectionReason.REFRESH_TOKEN_REVOKED);
    assertThat(verifier.verify(current.accessToken().token()).subject()).isEqualTo("alice");
    TokenPair next = s.refresh(current.refreshToken(), null);
    assertThat(verifier.verify(next.accessToken().token()).sessionId())
        .isEqualTo(current.familyId());
  }

  @Test
  void endAllSessions_refusesEveryTokenOfTheSubject_andASignInAfterwardsWorks() throws Exception {
    TokenService s = service().build();
    TokenPair a = signIn(s, "192.0.2.10", FIREFOX);
    TokenPair b = signIn(s, "192.0.2.20", CHROME_MAC);
    // a token the application issued outside any session
    IssuedAccessToken loose = issuer.issue("alice", List.of("USER"));
    verifier.verify(a.accessToken().token());

    assertThat(s.endAllSessions("alice", SessionEndReason.ADMIN, "192.0.2.99")).isEqualTo(2);

    for (String t : List.of(a.accessToken().token(), b.accessToken().token(), loose.token())) {
      assertThat(refused(() -> verifier.verify(t))).isEqualTo(RejectionReason.REVOKED);
    }
    assertThat(refused(() -> s.refresh(a.refreshToken(), null)))
        .isEqualTo(RejectionReason.REFRESH_TOKEN_REVOKED);
    assertThat(s.sessions("alice")).isEmpty();
    assertThat(eventsOf("session.revoked"))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.details())
                  .containsEntry("reason", "admin")
                  .containsEntry("scope", "all");
              assertThat(e.client()).isEqualTo("192.0.2.99");
            });
    // the next second, a new sign-in is not caught by the not-before
    clock.advance(Duration.ofSeconds(1));
    TokenPair again = signIn(s, "192.0.2.10", FIREFOX);
    assertThat(verifier.verify(again.accessToken().token()).subject()).isEqualTo("alice");
  }

  @Test
  void disabledUser_unexpiredAccessTokenIsRefused() throws Exception {
    TokenService s = service().build();
    TokenPair a = signIn(s, "192.0.2.10", FIREFOX);
    clock.advance(Duration.ofMinutes(2));
    s.endAllSessions("alice", SessionEndReason.DISABLED, null);
    assertThat(refused(() -> verifier.verify(a.accessToken().token())))
        .isEqualTo(RejectionReason.REVOKED);
    assertThat(eventsOf("session.revoked").get(0).details()).containsEntry("reason", "disabled");
  }

  @Test
  void passwordChanged_endsTheOtherSessionsByDefault() throws Exception {
    TokenService s = service().build();
    TokenPair current = signIn(s, "192.0.2.10", FIREFOX);
    TokenPair other = signIn(s, "192.0.2.20", CHROME_MAC);
    assertThat(s.passwordChanged(verifier.verify(current.accessToken().token()), null))
        .isEqualTo(1);
    assertThat(refused(() -> verifier.verify(other.accessToken().token())))
        .isEqualTo(RejectionReason.REVOKED);
    assertThat(verifier.verify(current.accessToken().token()).subject()).isEqualTo("alice");
    assertThat(eventsOf("session.revoked").get(0).details())
        .containsEntry("reason", "password_changed")
        .containsEntry("scope", "others");
  }

  @Test
  void secondFactorChanged_withAllSessions_endsTheCurrentOneToo() throws Exception {
    TokenService s =
        service().credentialChangeEnds(TokenService.CredentialChangeScope.ALL_SESSIONS).build();
    TokenPair current = signIn(s, "192.0.2.10", FIREFOX);
    signIn(s, "192.0.2.20", CHROME_MAC);
    assertThat(s.secondFactorChanged(verifier.verify(current.accessToken().token()), null))
        .isEqualTo(2);
    assertThat(refused(() -> verifier.verify(current.accessToken().token())))
        .isEqualTo(RejectionReason.REVOKED);
    assertThat(eventsOf("session.revoked").get(0).details())
        .containsEntry("reason", "mfa_changed")
        .containsEntry("scope", "all");
    assertThat(s.toString()).contains("credentialChangeEnds=ALL_SESSIONS");
  }

  @Test
  void credentialChangeEnds_givenTwice_throws() {
    TokenService.Builder b =
        service().credentialChangeEnds(TokenService.CredentialChangeScope.ALL_SESSIONS);
    assertThatThrownBy(
            () -> b.credentialChangeEnds(TokenService.CredentialChangeScope.OTHER_SESSIONS))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("credentialChangeEnds");
  }

  @Test
  void logout_refusesTheSessionsEarlierAccessTokensToo() throws Exception {
    TokenService s = service().build();
    TokenPair first = signIn(s, "192.0.2.10", FIREFOX);
    TokenPair second = s.refresh(first.refreshToken(), "192.0.2.10", FIREFOX);
    s.logout(verifier.verify(second.accessToken().token()), null);
    assertThat(refused(() -> verifier.verify(first.accessToken().token())))
        .isEqualTo(RejectionReason.REVOKED);
  }

  @Test
  void newClient_isAnnouncedOncePerAddressAndUserAgent() {
    TokenService s = service().build();
    signIn(s, "192.0.2.10", FIREFOX);
    signIn(s, "192.0.2.10", FIREFOX);
    signIn(s, "192.0.2.10", CHROME_MAC);
    signIn(s, "203.0.113.5", CHROME_MAC);
    assertThat(eventsOf("session.new_client"))
        .extracting(e -> e.client() + " " + e.details().get("user_agent"))
        .containsExactly(
            "192.0.2.10 Firefox on Linux",
            "192.0.2.10 Chrome on macOS",
            "203.0.113.5 Chrome on macOS");
  }

  @Test
  void refresh_afterIdleTimeout_isRefusedAsIdle_withASessionExpiredEvent() {
    TokenService s = service().idleTimeout(Duration.ofHours(1)).build();
    TokenPair p = signIn(s, "192.0.2.10", FIREFOX);
    clock.advance(Duration.ofHours(1));
    assertThat(refused(() -> s.refresh(p.refreshToken(), "192.0.2.10")))
        .isEqualTo(RejectionReason.REFRESH_TOKEN_IDLE_EXPIRED);
    assertThat(eventsOf("session.expired"))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.details())
                  .containsEntry("reason", "idle")
                  .containsEntry("session", p.familyId());
              assertThat(e.subject()).isEqualTo("alice");
            });
  }

  @Test
  void refresh_afterAbsoluteLifetime_isRefusedAsAbsolute_evenWhenActive() throws Exception {
    TokenService s =
        service().absoluteLifetime(Duration.ofHours(2)).idleTimeout(Duration.ofHours(1)).build();
    TokenPair p = signIn(s, "192.0.2.10", FIREFOX);
    for (int i = 0; i < 3; i++) {
      clock.advance(Duration.ofMinutes(35));
      p = s.refresh(p.refreshToken(), null);
    }
    // active all along, and the last token is well within its idle timeout
    clock.advance(Duration.ofMinutes(15));
    String last = p.refreshToken();
    assertThat(refused(() -> s.refresh(last, null)))
        .isEqualTo(RejectionReason.REFRESH_TOKEN_ABSOLUTE_EXPIRED);
    assertThat(eventsOf("session.expired"))
        .singleElement()
        .satisfies(e -> assertThat(e.details()).containsEntry("reason", "absolute"));
  }
}
