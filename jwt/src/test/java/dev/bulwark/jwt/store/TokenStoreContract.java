package dev.bulwark.jwt.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.jwk.JWK;
import dev.bulwark.jwt.AccessTokenDenylist;
import dev.bulwark.jwt.AccessTokenIssuer;
import dev.bulwark.jwt.AccessTokenVerifier;
import dev.bulwark.jwt.AuthenticatedUser;
import dev.bulwark.jwt.AuthenticationContext;
import dev.bulwark.jwt.InvalidTokenException;
import dev.bulwark.jwt.KeyRing;
import dev.bulwark.jwt.KeySet;
import dev.bulwark.jwt.RefreshFamily;
import dev.bulwark.jwt.RefreshTokenStore;
import dev.bulwark.jwt.RejectionReason;
import dev.bulwark.jwt.RotationResult;
import dev.bulwark.jwt.RotationResult.Status;
import dev.bulwark.jwt.Session;
import dev.bulwark.jwt.SessionClient;
import dev.bulwark.jwt.SessionEndReason;
import dev.bulwark.jwt.TestKeys;
import dev.bulwark.jwt.TokenPair;
import dev.bulwark.jwt.TokenService;
import dev.bulwark.jwt.VerifiedAccessToken;
import dev.bulwark.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link RefreshTokenStore} and {@link AccessTokenDenylist} passes. Subclass it
 * once per backend (in memory, JDBC, Redis). Ids are random so backends may share state between
 * tests.
 */
abstract class TokenStoreContract {

  // real time: Redis and PostgreSQL expire keys by their own clocks
  protected final MutableClock clock =
      new MutableClock(java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
  private RefreshTokenStore store;
  private AccessTokenDenylist denylist;

  /** A store for this test; may share a server with other tests. */
  protected abstract RefreshTokenStore newStore(MutableClock clock);

  /** A denylist for this test; may share a server with other tests. */
  protected abstract AccessTokenDenylist newDenylist(MutableClock clock);

  /**
   * A second instance of the store, as another server would have it (its own connection to the same
   * Redis or PostgreSQL); for an in-memory store, the same store.
   */
  protected RefreshTokenStore otherInstance(RefreshTokenStore store, MutableClock clock) {
    return store;
  }

  /** A second instance of the denylist, as another server would have it. */
  protected AccessTokenDenylist otherInstance(AccessTokenDenylist denylist, MutableClock clock) {
    return denylist;
  }

  @BeforeEach
  void setUpStores() {
    store = newStore(clock);
    denylist = newDenylist(clock);
  }

  private static String id() {
    return UUID.randomUUID().toString();
  }

  private Instant now() {
    return clock.instant();
  }

  private RefreshFamily family() {
    return new RefreshFamily(
        id(), "alice", List.of("USER", "ADMIN"), now(), now().plus(Duration.ofDays(7)));
  }

  private RotationResult rotate(String presented, String replacement) {
    return store.rotate(
        presented, replacement, now(), now().plus(Duration.ofHours(1)), Duration.ZERO);
  }

  @Test
  void rotate_freshToken_rotatesAndReturnsTheFamily() {
    RefreshFamily f = family();
    String t1 = id();
    store.createFamily(f, t1, now().plus(Duration.ofHours(1)));
    RotationResult r = rotate(t1, id());
    assertThat(r.status()).isEqualTo(Status.ROTATED);
    assertThat(r.family()).isEqualTo(f);
  }

  @Test
  void rotate_keepsTheAuthenticationContext_acrossRotations() {
    AuthenticationContext signIn =
        AuthenticationContext.passwordAnd(now().minus(Duration.ofMinutes(3)), "otp");
    RefreshFamily f =
        new RefreshFamily(
            id(), "alice", List.of("USER"), now(), now().plus(Duration.ofDays(7)), signIn);
    String t = id();
    store.createFamily(f, t, now().plus(Duration.ofHours(1)));
    for (int i = 0; i < 2; i++) {
      clock.advance(Duration.ofMinutes(1));
      String next = id();
      RotationResult r = rotate(t, next);
      assertThat(r.status()).isEqualTo(Status.ROTATED);
      assertThat(r.family()).isEqualTo(f);
      assertThat(r.family().authentication().methods()).containsExactly("pwd", "otp");
      assertThat(r.family().authentication().authTime()).isEqualTo(signIn.authTime());
      t = next;
    }
  }

  @Test
  void rotate_familyWithoutKnownMethods_readsBackAuthenticatedAtCreation() {
    RefreshFamily f = family();
    String t1 = id();
    store.createFamily(f, t1, now().plus(Duration.ofHours(1)));
    RefreshFamily back = rotate(t1, id()).family();
    assertThat(back.authentication().methods()).isEmpty();
    assertThat(back.authentication().authTime()).isEqualTo(f.createdAt());
  }

  @Test
  void rotate_chainOfTokens_eachRotatesOnce() {
    RefreshFamily f = family();
    String t = id();
    store.createFamily(f, t, now().plus(Duration.ofHours(1)));
    for (int i = 0; i < 5; i++) {
      String next = id();
      assertThat(rotate(t, next).status()).isEqualTo(Status.ROTATED);
      t = next;
    }
  }

  @Test
  void rotate_unknownToken_isUnknown() {
    RotationResult r = rotate(id(), id());
    assertThat(r.status()).isEqualTo(Status.UNKNOWN);
    assertThat(r.family()).isNull();
  }

  @Test
  void rotate_spentToken_isReuseAndRevokesTheFamily() {
    RefreshFamily f = family();
    String t1 = id();
    String t2 = id();
    store.createFamily(f, t1, now().plus(Duration.ofHours(1)));
    assertThat(rotate(t1, t2).status()).isEqualTo(Status.ROTATED);
    RotationResult reuse = rotate(t1, id());
    assertThat(reuse.status()).isEqualTo(Status.REUSE_DETECTED);
    assertThat(reuse.family()).isEqualTo(f);
    // the legitimate successor dies with the family
    assertThat(rotate(t2, id()).status()).isEqualTo(Status.REVOKED);
  }

  @Test
  void rotate_afterIdleTimeout_isExpired() {
    RefreshFamily f = family();
    String t1 = id();
    store.createFamily(f, t1, now().plus(Duration.ofHours(1)));
    clock.advance(Duration.ofHours(1));
    assertThat(rotate(t1, id()).status()).isEqualTo(Status.IDLE_EXPIRED);
  }

  @Test
  void rotate_afterAbsoluteLifetime_isExpired() {
    RefreshFamily f =
        new RefreshFamily(id(), "alice", List.of(), now(), now().plus(Duration.ofMinutes(30)));
    String t = id();
    store.createFamily(f, t, now().plus(Duration.ofMinutes(20)));
    for (int i = 0; i < 2; i++) {
      clock.advance(Duration.ofMinutes(10));
      String next = id();
      assertThat(rotate(t, next).status()).isEqualTo(Status.ROTATED);
      t = next;
    }
    clock.advance(Duration.ofMinutes(10));
    // the family is remembered past its end, so the refusal can say why
    assertThat(rotate(t, id()).status()).isEqualTo(Status.ABSOLUTE_EXPIRED);
  }

  @Test
  void rotate_revokedFamily_isRevoked() {
    RefreshFamily f = family();
    String t1 = id();
    store.createFamily(f, t1, now().plus(Duration.ofHours(1)));
    store.revokeFamily(f.familyId(), now());
    assertThat(rotate(t1, id()).status()).isEqualTo(Status.REVOKED);
  }

  @Test
  void revokeFamily_unknownFamily_doesNothing() {
    store.revokeFamily(id(), now());
    RefreshFamily f = family();
    String t1 = id();
    store.createFamily(f, t1, now().plus(Duration.ofHours(1)));
    assertThat(rotate(t1, id()).status()).isEqualTo(Status.ROTATED);
  }

  @Test
  void rotate_previousTokenWithinGrace_rotatesItsUnusedSuccessor() {
    RefreshFamily f = family();
    String t1 = id();
    String t2 = id();
    String t3 = id();
    Duration grace = Duration.ofSeconds(10);
    Instant idle = now().plus(Duration.ofHours(1));
    store.createFamily(f, t1, idle);
    assertThat(store.rotate(t1, t2, now(), idle, grace).status()).isEqualTo(Status.ROTATED);
    clock.advance(Duration.ofSeconds(5));
    // the response carrying t2 was lost: the client retries with t1
    assertThat(store.rotate(t1, t3, now(), idle, grace).status()).isEqualTo(Status.ROTATED);
    // t2 was spent by the grace rotation; t3 is the live token
    assertThat(store.rotate(t3, id(), now(), idle, grace).status()).isEqualTo(Status.ROTATED);
  }

  @Test
  void rotate_previousTokenAfterGrace_isReuse() {
    RefreshFamily f = family();
    String t1 = id();
    Duration grace = Duration.ofSeconds(10);
    Instant idle = now().plus(Duration.ofHours(1));
    store.createFamily(f, t1, idle);
    store.rotate(t1, id(), now(), idle, grace);
    clock.advance(Duration.ofSeconds(10));
    assertThat(store.rotate(t1, id(), now(), idle, grace).status())
        .isEqualTo(Status.REUSE_DETECTED);
  }

  @Test
  void rotate_previousTokenWhoseSuccessorWasUsed_isReuseEvenWithinGrace() {
    RefreshFamily f = family();
    String t1 = id();
    String t2 = id();
    Duration grace = Duration.ofSeconds(10);
    Instant idle = now().plus(Duration.ofHours(1));
    store.createFamily(f, t1, idle);
    store.rotate(t1, t2, now(), idle, grace);
    store.rotate(t2, id(), now(), idle, grace);
    assertThat(store.rotate(t1, id(), now(), idle, grace).status())
        .isEqualTo(Status.REUSE_DETECTED);
  }

  @Test
  void rotate_withoutGrace_immediateRetryIsReuse() {
    RefreshFamily f = family();
    String t1 = id();
    store.createFamily(f, t1, now().plus(Duration.ofHours(1)));
    rotate(t1, id());
    assertThat(rotate(t1, id()).status()).isEqualTo(Status.REUSE_DETECTED);
  }

  @Test
  void rotate_manyThreadsOneToken_exactlyOneWins() throws Exception {
    RefreshFamily f = family();
    String t1 = id();
    store.createFamily(f, t1, now().plus(Duration.ofHours(1)));
    int threads = 16;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<RotationResult>> results = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        String replacement = id();
        Callable<RotationResult> call =
            () -> {
              start.await();
              return rotate(t1, replacement);
            };
        results.add(pool.submit(call));
      }
      start.countDown();
      int winners = 0;
      for (Future<RotationResult> r : results) {
        Status s = r.get(30, TimeUnit.SECONDS).status();
        if (s == Status.ROTATED) {
          winners++;
        } else {
          assertThat(s).isIn(Status.REUSE_DETECTED, Status.REVOKED);
        }
      }
      assertThat(winners).isEqualTo(1);
    } finally {
      pool.shutdownNow();
    }
  }

  private RefreshFamily familyOf(String subject) {
    return new RefreshFamily(id(), subject, List.of("USER"), now(), now().plus(Duration.ofDays(7)));
  }

  @Test
  void sessions_listsTheSubjectsLiveFamilies_withCreationLastUseAndClient() {
    String alice = "alice-" + id();
    RefreshFamily a1 = familyOf(alice);
    String t1 = id();
    store.createFamily(
        a1,
        t1,
        now().plus(Duration.ofHours(1)),
        new SessionClient("192.0.2.1", "Firefox on Linux"));
    clock.advance(Duration.ofSeconds(1));
    RefreshFamily a2 = familyOf(alice);
    store.createFamily(a2, id(), now().plus(Duration.ofHours(1)), SessionClient.UNKNOWN);
    store.createFamily(familyOf("bob-" + id()), id(), now().plus(Duration.ofHours(1)));
    clock.advance(Duration.ofMinutes(5));
    assertThat(
            store
                .rotate(
                    t1,
                    id(),
                    now(),
                    now().plus(Duration.ofHours(1)),
                    Duration.ZERO,
                    new SessionClient("2001:db8::7", "curl"))
                .status())
        .isEqualTo(Status.ROTATED);

    List<Session> sessions = store.sessions(alice, now());
    assertThat(sessions).extracting(Session::id).containsExactly(a1.familyId(), a2.familyId());
    Session first = sessions.get(0);
    assertThat(first.subject()).isEqualTo(alice);
    assertThat(first.createdAt()).isEqualTo(a1.createdAt());
    assertThat(first.lastUsedAt()).isEqualTo(now());
    assertThat(first.expiresAt()).isEqualTo(a1.expiresAt());
    assertThat(first.client()).isEqualTo(new SessionClient("2001:db8::7", "curl"));
    Session second = sessions.get(1);
    assertThat(second.lastUsedAt()).isEqualTo(a2.createdAt());
    assertThat(second.client()).isEqualTo(SessionClient.UNKNOWN);
  }

  @Test
  void sessions_unknownSubject_isEmpty() {
    assertThat(store.sessions("nobody-" + id(), now())).isEmpty();
  }

  @Test
  void sessions_leaveOutRevokedAndAbsolutelyExpiredFamilies() {
    String alice = "alice-" + id();
    RefreshFamily live = familyOf(alice);
    RefreshFamily revoked = familyOf(alice);
    RefreshFamily shortLived =
        new RefreshFamily(id(), alice, List.of(), now(), now().plus(Duration.ofMinutes(10)));
    store.createFamily(live, id(), now().plus(Duration.ofHours(1)));
    store.createFamily(revoked, id(), now().plus(Duration.ofHours(1)));
    store.createFamily(shortLived, id(), now().plus(Duration.ofMinutes(10)));
    store.revokeFamily(revoked.familyId(), now());
    clock.advance(Duration.ofMinutes(10));
    assertThat(store.sessions(alice, now()))
        .extracting(Session::id)
        .containsExactly(live.familyId());
  }

  @Test
  void revokeSessions_allButCurrent_keepsOnlyTheCurrentOne() {
    String alice = "alice-" + id();
    RefreshFamily current = familyOf(alice);
    String currentToken = id();
    String otherToken = id();
    RefreshFamily other = familyOf(alice);
    RefreshFamily bobs = familyOf("bob-" + id());
    String bobToken = id();
    store.createFamily(current, currentToken, now().plus(Duration.ofHours(1)));
    store.createFamily(other, otherToken, now().plus(Duration.ofHours(1)));
    store.createFamily(bobs, bobToken, now().plus(Duration.ofHours(1)));

    assertThat(store.revokeSessions(alice, current.familyId(), now()))
        .containsExactly(other.familyId());
    assertThat(rotate(otherToken, id()).status()).isEqualTo(Status.REVOKED);
    assertThat(rotate(currentToken, id()).status()).isEqualTo(Status.ROTATED);
    assertThat(rotate(bobToken, id()).status()).isEqualTo(Status.ROTATED);
    assertThat(store.sessions(alice, now()))
        .extracting(Session::id)
        .containsExactly(current.familyId());
    // nothing left to revoke but the current one
    assertThat(store.revokeSessions(alice, current.familyId(), now())).isEmpty();
  }

  @Test
  void revokeSessions_all_endsEverySessionOfTheSubject() {
    String alice = "alice-" + id();
    RefreshFamily a = familyOf(alice);
    RefreshFamily b = familyOf(alice);
    String ta = id();
    store.createFamily(a, ta, now().plus(Duration.ofHours(1)));
    store.createFamily(b, id(), now().plus(Duration.ofHours(1)));
    assertThat(store.revokeSessions(alice, null, now()))
        .containsExactlyInAnyOrder(a.familyId(), b.familyId());
    assertThat(store.sessions(alice, now())).isEmpty();
    assertThat(rotate(ta, id()).status()).isEqualTo(Status.REVOKED);
  }

  @Test
  void twoInstances_aSessionEndedOnOne_cannotRefreshOnTheOther() {
    RefreshTokenStore b = otherInstance(store, clock);
    String alice = "alice-" + id();
    RefreshFamily f = familyOf(alice);
    String t = id();
    store.createFamily(f, t, now().plus(Duration.ofHours(1)));
    assertThat(b.sessions(alice, now())).extracting(Session::id).containsExactly(f.familyId());
    store.revokeSessions(alice, null, now());
    assertThat(b.rotate(t, id(), now(), now().plus(Duration.ofHours(1)), Duration.ZERO).status())
        .isEqualTo(Status.REVOKED);
    assertThat(b.sessions(alice, now())).isEmpty();
  }

  @Test
  void denylist_deniedId_isDeniedUntilItsEnd() {
    String jti = id();
    Instant until = now().plus(Duration.ofMinutes(30));
    assertThat(denylist.isDenied(jti, now())).isFalse();
    denylist.deny(jti, until);
    assertThat(denylist.isDenied(jti, now())).isTrue();
    assertThat(denylist.isDenied(id(), now())).isFalse();
    clock.advance(Duration.ofMinutes(30));
    assertThat(denylist.isDenied(jti, now())).isFalse();
  }

  @Test
  void denylist_alreadyExpiredEntry_isNotDenied() {
    String jti = id();
    denylist.deny(jti, now().minusSeconds(1));
    assertThat(denylist.isDenied(jti, now())).isFalse();
  }

  @Test
  void denylist_subjectNotBefore_refusesTokensIssuedAtOrBeforeIt_only() {
    String alice = "alice-" + id();
    Instant old = now().minusSeconds(30);
    Instant revokedAt = now();
    denylist.denySubjectBefore(alice, revokedAt, now().plus(Duration.ofMinutes(20)));
    assertThat(denylist.isDenied(id(), id(), alice, old, now())).isTrue();
    assertThat(denylist.isDenied(id(), id(), alice, revokedAt, now())).isTrue();
    assertThat(denylist.isDenied(id(), null, alice, revokedAt.plusSeconds(1), now())).isFalse();
    // another subject is not touched
    assertThat(denylist.isDenied(id(), id(), "bob-" + id(), old, now())).isFalse();
    // an earlier not-before does not move it back
    denylist.denySubjectBefore(alice, old.minusSeconds(60), now().plus(Duration.ofMinutes(20)));
    assertThat(denylist.isDenied(id(), null, alice, old, now())).isTrue();
  }

  @Test
  void denylist_subjectNotBefore_endsWhenItsLastTokenWouldHaveExpired() {
    String alice = "alice-" + id();
    Instant issued = now().minusSeconds(1);
    denylist.denySubjectBefore(alice, now(), now().plus(Duration.ofMinutes(15)));
    clock.advance(Duration.ofMinutes(15));
    assertThat(denylist.isDenied(id(), null, alice, issued, now())).isFalse();
  }

  @Test
  void denylist_deniedSession_refusesEveryTokenOfThatSessionOnly() {
    String sid = id();
    String alice = "alice-" + id();
    denylist.denySession(sid, now().plus(Duration.ofMinutes(20)));
    assertThat(denylist.isDenied(id(), sid, alice, now(), now())).isTrue();
    assertThat(denylist.isDenied(id(), id(), alice, now(), now())).isFalse();
    assertThat(denylist.isDenied(id(), null, alice, now(), now())).isFalse();
    clock.advance(Duration.ofMinutes(20));
    assertThat(denylist.isDenied(id(), sid, alice, now(), now())).isFalse();
  }

  @Test
  void denylist_combinedQuestion_seesDeniedJtiAndIgnoresAnEmptyOne() {
    String jti = id();
    denylist.deny(jti, now().plus(Duration.ofMinutes(20)));
    assertThat(denylist.isDenied(jti, null, "alice-" + id(), now(), now())).isTrue();
    assertThat(denylist.isDenied("", null, "alice-" + id(), now(), now())).isFalse();
  }

  @Test
  void twoInstances_aSubjectRevokedOnOne_isRefusedOnTheOtherAtOnce() {
    AccessTokenDenylist b = otherInstance(denylist, clock);
    String alice = "alice-" + id();
    String sid = id();
    Instant issued = now().minusSeconds(5);
    assertThat(b.isDenied(id(), sid, alice, issued, now())).isFalse();
    denylist.denySubjectBefore(alice, now(), now().plus(Duration.ofMinutes(20)));
    denylist.denySession(sid, now().plus(Duration.ofMinutes(20)));
    assertThat(b.isDenied(id(), null, alice, issued, now())).isTrue();
    assertThat(b.isDenied(id(), sid, "bob-" + id(), issued, now())).isTrue();
  }

  private static void assertRefused(ThrowingCallable call, RejectionReason reason) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(
            InvalidTokenException.class, e -> assertThat(e.reason()).isEqualTo(reason));
  }

  @Test
  void twoServers_sessionsEndedOnA_cannotRefreshOnB_andBRefusesTheirAccessTokensAtOnce()
      throws Exception {
    KeyRing ring = KeyRing.of(KeySet.of(List.<JWK>of(TestKeys.RSA_A), null));
    AccessTokenIssuer issuer =
        AccessTokenIssuer.builder(ring)
            .issuer(TestKeys.ISSUER)
            .audience(TestKeys.AUDIENCE)
            .clock(clock)
            .build();
    AccessTokenDenylist denylistB = otherInstance(denylist, clock);
    TokenService a = TokenService.builder(issuer, store).denylist(denylist).clock(clock).build();
    TokenService b =
        TokenService.builder(issuer, otherInstance(store, clock))
            .denylist(denylistB)
            .clock(clock)
            .build();
    // B's verifier caches: the revocation must reach tokens it has already verified
    AccessTokenVerifier verifierB =
        AccessTokenVerifier.builder(ring)
            .issuer(TestKeys.ISSUER)
            .audience(TestKeys.AUDIENCE)
            .clock(clock)
            .denylist(denylistB)
            .cacheVerifiedTokens(100)
            .build();
    AuthenticatedUser alice = new AuthenticatedUser("alice-" + id(), List.of("USER"));
    TokenPair current = b.startSession(alice, null);
    TokenPair other = b.startSession(alice, null);
    VerifiedAccessToken mine = verifierB.verify(current.accessToken().token());
    verifierB.verify(other.accessToken().token());

    // "sign out other sessions" on A
    assertThat(a.endOtherSessions(mine, SessionEndReason.USER, null)).isEqualTo(1);
    assertRefused(
        () -> b.refresh(other.refreshToken(), null), RejectionReason.REFRESH_TOKEN_REVOKED);
    assertRefused(() -> verifierB.verify(other.accessToken().token()), RejectionReason.REVOKED);
    assertThat(verifierB.verify(current.accessToken().token()).subject())
        .isEqualTo(alice.subject());
    TokenPair refreshed = b.refresh(current.refreshToken(), null);

    // "sign out everywhere" (or an admin, or a disabled user) on A
    assertThat(a.endAllSessions(alice.subject(), SessionEndReason.ADMIN, null)).isEqualTo(1);
    assertRefused(
        () -> b.refresh(refreshed.refreshToken(), null), RejectionReason.REFRESH_TOKEN_REVOKED);
    assertRefused(() -> verifierB.verify(current.accessToken().token()), RejectionReason.REVOKED);
    assertRefused(() -> verifierB.verify(refreshed.accessToken().token()), RejectionReason.REVOKED);
    assertThat(b.sessions(alice.subject())).isEmpty();
  }
}
