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
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

class TokenServiceTest {

  private final MutableClock clock = MutableClock.atFixedStart();
  private final KeyRing ring = KeyRing.of(KeySet.of(List.<JWK>of(TestKeys.RSA_A), null));
  private final InMemoryAccessTokenDenylist denylist =
      InMemoryAccessTokenDenylist.create(1000, clock);
  private final InMemoryRefreshTokenStore store = InMemoryRefreshTokenStore.create(1000, clock);
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

  private TokenService.Builder service() {
    return TokenService.builder(issuer, store)
        .denylist(denylist)
        .clock(clock)
        .events(SecurityEventPublisher.of(events::add))
        .credentialVerifier(
            (u, p) ->
                u.equals("alice") && String.valueOf(p).equals("correct horse battery staple")
                    ? Optional.of(new AuthenticatedUser("alice", List.of("USER")))
                    : Optional.empty());
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

  private List<String> eventTypes() {
    return events.stream().map(e -> e.type().name()).toList();
  }

  @Test
  void login_validCredentials_issuesAVerifiablePairAndEmitsEvents() throws Exception {
    TokenService s = service().build();
    char[] password = "correct horse battery staple".toCharArray();
    TokenPair pair = s.login("alice", password, "203.0.113.9").tokens().orElseThrow();
    assertThat(password).containsOnly('\0');
    VerifiedAccessToken v = verifier.verify(pair.accessToken().token());
    assertThat(v.subject()).isEqualTo("alice");
    assertThat(v.sessionId()).isEqualTo(pair.familyId());
    assertThat(pair.refreshToken()).hasSize(43).matches("[A-Za-z0-9_-]+");
    assertThat(pair.toString()).doesNotContain(pair.refreshToken());
    // the first sign-in from this address is a client never seen for alice
    assertThat(eventTypes())
        .containsExactly("auth.login.succeeded", "session.new_client", "token.issued");
    assertThat(events.get(0).client()).isEqualTo("203.0.113.9");
  }

  @Test
  void login_wrongPassword_isEmptyAndEmitsFailure() {
    TokenService s = service().build();
    assertThat(s.login("alice", "wrong".toCharArray(), null).tokens()).isEmpty();
    assertThat(s.login("mallory", "wrong".toCharArray(), null).tokens()).isEmpty();
    assertThat(eventTypes()).containsExactly("auth.login.failed", "auth.login.failed");
  }

  @Test
  void login_throttleStoreDown_propagatesTheStoreFailure_andWipesThePassword() {
    LoginThrottle down =
        new LoginThrottle() {
          @Override
          public Decision check(String username, @Nullable String client) {
            throw new TokenStoreException("the throttle's store is unavailable");
          }

          @Override
          public void recordFailure(String username, @Nullable String client) {}

          @Override
          public void recordSuccess(String username, @Nullable String client) {}
        };
    TokenService s = service().loginThrottle(down).build();
    char[] password = "correct horse battery staple".toCharArray();
    assertThatThrownBy(() -> s.login("alice", password, null))
        .isInstanceOf(TokenStoreException.class);
    assertThat(password).containsOnly('\0');
  }

  @Test
  void refresh_rotates_andTheOldTokenCannotBeUsedAgain() throws Exception {
    TokenService s = service().build();
    TokenPair first = s.startSession(new AuthenticatedUser("alice", List.of("USER")), null);
    TokenPair second = s.refresh(first.refreshToken(), null);
    assertThat(second.refreshToken()).isNotEqualTo(first.refreshToken());
    assertThat(second.familyId()).isEqualTo(first.familyId());
    assertThat(verifier.verify(second.accessToken().token()).roles()).containsExactly("USER");
    assertThat(reason(() -> s.refresh(first.refreshToken(), null)))
        .isEqualTo(RejectionReason.REFRESH_TOKEN_REUSED);
    assertThat(eventTypes()).contains("token.reuse-detected");
    // the whole family is revoked: the legitimate newest token fails too
    assertThat(reason(() -> s.refresh(second.refreshToken(), null)))
        .isEqualTo(RejectionReason.REFRESH_TOKEN_REVOKED);
  }

  @Test
  void refresh_unknownOrMalformedToken_isUnknown() {
    TokenService s = service().build();
    assertThat(reason(() -> s.refresh("x".repeat(43), null)))
        .isEqualTo(RejectionReason.REFRESH_TOKEN_UNKNOWN);
    assertThat(reason(() -> s.refresh("not a token", null)))
        .isEqualTo(RejectionReason.REFRESH_TOKEN_UNKNOWN);
  }

  @Test
  void refresh_afterIdleTimeout_isExpired() {
    TokenService s = service().idleTimeout(Duration.ofHours(1)).build();
    TokenPair p = s.startSession(new AuthenticatedUser("alice", List.of()), null);
    clock.advance(Duration.ofHours(1));
    assertThat(reason(() -> s.refresh(p.refreshToken(), null)))
        .isEqualTo(RejectionReason.REFRESH_TOKEN_IDLE_EXPIRED);
  }

  @Test
  void refresh_withGrace_lostResponseCanBeRetriedOnce() throws Exception {
    TokenService s = service().allowReuseOfPreviousTokenWithin(Duration.ofSeconds(5)).build();
    TokenPair p = s.startSession(new AuthenticatedUser("alice", List.of()), null);
    s.refresh(p.refreshToken(), null);
    TokenPair retried = s.refresh(p.refreshToken(), null);
    assertThat(s.refresh(retried.refreshToken(), null).familyId()).isEqualTo(p.familyId());
  }

  @Test
  void logout_revokesFamilyAndAccessToken() throws Exception {
    TokenService s = service().build();
    TokenPair p = s.startSession(new AuthenticatedUser("alice", List.of()), null);
    VerifiedAccessToken v = verifier.verify(p.accessToken().token());
    s.logout(v, null);
    assertThatThrownBy(() -> verifier.verify(p.accessToken().token()))
        .isInstanceOf(InvalidTokenException.class)
        .extracting(e -> ((InvalidTokenException) e).reason())
        .isEqualTo(RejectionReason.REVOKED);
    assertThat(reason(() -> s.refresh(p.refreshToken(), null)))
        .isEqualTo(RejectionReason.REFRESH_TOKEN_REVOKED);
    assertThat(eventTypes()).contains("token.revoked");
  }

  @Test
  void refresh_storeDown_throwsStoreExceptionAndEmitsError() {
    RefreshTokenStore down =
        new RefreshTokenStore() {
          @Override
          public void createFamily(
              RefreshFamily family, String tokenHash, Instant idleExpiry, SessionClient client) {
            throw new TokenStoreException("down");
          }

          @Override
          public RotationResult rotate(
              String p, String r, Instant n, Instant i, Duration g, SessionClient c) {
            throw new TokenStoreException("down");
          }

          @Override
          public void revokeFamily(String familyId, Instant now) {
            throw new TokenStoreException("down");
          }

          @Override
          public List<Session> sessions(String subject, Instant now) {
            throw new TokenStoreException("down");
          }

          @Override
          public List<String> revokeSessions(String subject, @Nullable String except, Instant now) {
            throw new TokenStoreException("down");
          }
        };
    TokenService s =
        TokenService.builder(issuer, down)
            .denylist(denylist)
            .events(SecurityEventPublisher.of(events::add))
            .build();
    assertThatThrownBy(() -> s.refresh("A".repeat(43), null))
        .isInstanceOf(TokenStoreException.class);
    assertThat(events)
        .singleElement()
        .satisfies(e -> assertThat(e.details()).containsEntry("reason", "STORE_UNAVAILABLE"));
  }

  @Test
  void build_graceAboveCap_throws() {
    assertThatThrownBy(
            () -> service().allowReuseOfPreviousTokenWithin(Duration.ofMinutes(5)).build())
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("allowReuseOfPreviousTokenWithin");
  }

  @Test
  void build_withoutDenylist_throws() {
    assertThatThrownBy(() -> TokenService.builder(issuer, store).build())
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("denylist");
  }

  @Test
  void hash_isSha256Base64url() {
    // SHA-256("abc"), a FIPS 180-2 test vector
    assertThat(TokenService.hash("abc")).isEqualTo("ungWv48Bz-pBQUDeXa4iI7ADYaOWF3qctBD_YfIAFa0");
  }
}
