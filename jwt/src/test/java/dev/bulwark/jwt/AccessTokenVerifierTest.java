package dev.bulwark.jwt;

import static dev.bulwark.jwt.TestKeys.AUDIENCE;
import static dev.bulwark.jwt.TestKeys.ISSUER;
import static dev.bulwark.jwt.TestKeys.b64;
import static dev.bulwark.jwt.TestKeys.forge;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.util.JSONObjectUtils;
import dev.bulwark.jwt.store.InMemoryAccessTokenDenylist;
import dev.bulwark.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The attack suite: every forged or malformed token is refused with the right reason. */
class AccessTokenVerifierTest {

  private final MutableClock clock = MutableClock.atFixedStart();
  private final KeyRing ring = KeyRing.of(KeySet.of(List.<JWK>of(TestKeys.RSA_A), null));
  private final InMemoryAccessTokenDenylist denylist =
      InMemoryAccessTokenDenylist.create(1000, clock);
  private final AccessTokenIssuer issuer =
      AccessTokenIssuer.builder(ring).issuer(ISSUER).audience(AUDIENCE).clock(clock).build();
  private final AccessTokenVerifier verifier =
      AccessTokenVerifier.builder(ring)
          .issuer(ISSUER)
          .audience(AUDIENCE)
          .denylist(denylist)
          .clock(clock)
          .build();

  private Map<String, Object> validClaims() {
    long now = clock.instant().getEpochSecond();
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("iss", ISSUER);
    c.put("sub", "alice");
    c.put("aud", AUDIENCE);
    c.put("iat", now);
    c.put("exp", now + 600);
    c.put("jti", "id-1");
    c.put("roles", List.of("USER"));
    return c;
  }

  private static String json(Map<String, Object> m) {
    return JSONObjectUtils.toJSONString(m);
  }

  private static String rsHeader(String extra) {
    return "{\"alg\":\"RS256\",\"kid\":\"key-a\",\"typ\":\"at+jwt\"" + extra + "}";
  }

  private String signedWithA(String header, Map<String, Object> claims) throws Exception {
    return forge(header, json(claims), new RSASSASigner(TestKeys.RSA_A), JWSAlgorithm.RS256);
  }

  private RejectionReason reasonFor(String token) {
    try {
      verifier.verify(token);
    } catch (InvalidTokenException e) {
      return e.reason();
    }
    throw new AssertionError("token was accepted");
  }

  @Test
  void verify_issuedToken_isAccepted() throws Exception {
    IssuedAccessToken t = issuer.issue("alice", List.of("USER", "ADMIN"));
    VerifiedAccessToken v = verifier.verify(t.token());
    assertThat(v.subject()).isEqualTo("alice");
    assertThat(v.roles()).containsExactlyInAnyOrder("USER", "ADMIN");
    assertThat(v.jwtId()).isEqualTo(t.jwtId());
    assertThat(v.keyId()).isEqualTo("key-a");
    assertThat(v.algorithm()).isEqualTo("RS256");
  }

  @Test
  void verify_forgedButCorrectlySignedToken_isAccepted() throws Exception {
    // proves the forging helper builds valid tokens, so the rejections below are meaningful
    assertThat(verifier.verify(signedWithA(rsHeader(""), validClaims())).subject())
        .isEqualTo("alice");
  }

  @ParameterizedTest
  @ValueSource(strings = {"none", "None", "NONE", "nOnE"})
  void verify_algNone_isRejected(String alg) {
    String header = "{\"alg\":\"" + alg + "\",\"kid\":\"key-a\",\"typ\":\"at+jwt\"}";
    String token = b64(header) + "." + b64(json(validClaims())) + ".";
    assertThat(reasonFor(token)).isEqualTo(RejectionReason.ALGORITHM_NOT_ALLOWED);
  }

  @Test
  void verify_hs256SignedWithTheRsaPublicKey_isRejected() throws Exception {
    byte[] publicKeyBytes = TestKeys.RSA_A.toRSAPublicKey().getEncoded();
    String token =
        forge(
            "{\"alg\":\"HS256\",\"kid\":\"key-a\",\"typ\":\"at+jwt\"}",
            json(validClaims()),
            new MACSigner(publicKeyBytes),
            JWSAlgorithm.HS256);
    assertThat(reasonFor(token)).isEqualTo(RejectionReason.ALGORITHM_NOT_ALLOWED);
  }

  @Test
  void verify_embeddedJwk_isRejected() throws Exception {
    String jwk = TestKeys.RSA_ATTACKER.toPublicJWK().toJSONString();
    String token =
        forge(
            rsHeader(",\"jwk\":" + jwk),
            json(validClaims()),
            new RSASSASigner(TestKeys.RSA_ATTACKER),
            JWSAlgorithm.RS256);
    assertThat(reasonFor(token)).isEqualTo(RejectionReason.EMBEDDED_OR_REMOTE_KEY);
  }

  @ParameterizedTest
  @ValueSource(strings = {"jku", "x5u"})
  void verify_remoteKeyUrl_isRejected(String param) throws Exception {
    String token =
        forge(
            rsHeader(",\"" + param + "\":\"https://attacker.example/keys\""),
            json(validClaims()),
            new RSASSASigner(TestKeys.RSA_ATTACKER),
            JWSAlgorithm.RS256);
    assertThat(reasonFor(token)).isEqualTo(RejectionReason.EMBEDDED_OR_REMOTE_KEY);
  }

  @ParameterizedTest
  @ValueSource(strings = {"../../../../dev/null", "' OR '1'='1", "key-a\\u0000", "key-a/../key-a"})
  void verify_kidInjection_isRejected(String kid) throws Exception {
    String token =
        signedWithA(
            "{\"alg\":\"RS256\",\"kid\":\"" + kid.replace("'", "'") + "\",\"typ\":\"at+jwt\"}",
            validClaims());
    assertThat(reasonFor(token)).isEqualTo(RejectionReason.UNKNOWN_KEY);
  }

  @Test
  void verify_psychicEcdsaSignature_isRejected() throws Exception {
    KeyRing ecRing = KeyRing.of(KeySet.of(List.<JWK>of(TestKeys.EC), null));
    AccessTokenVerifier ecVerifier =
        AccessTokenVerifier.builder(ecRing).issuer(ISSUER).audience(AUDIENCE).clock(clock).build();
    String input =
        b64("{\"alg\":\"ES256\",\"kid\":\"ec-1\",\"typ\":\"at+jwt\"}")
            + "."
            + b64(json(validClaims()));
    String psychic = input + "." + b64(new byte[64]);
    assertThatThrownBy(() -> ecVerifier.verify(psychic))
        .isInstanceOf(InvalidTokenException.class)
        .extracting(e -> ((InvalidTokenException) e).reason())
        .isEqualTo(RejectionReason.BAD_SIGNATURE);
    // and a genuine ES256 token verifies, so the rejection is about the signature
    String genuine =
        forge(
            "{\"alg\":\"ES256\",\"kid\":\"ec-1\",\"typ\":\"at+jwt\"}",
            json(validClaims()),
            new ECDSASigner(TestKeys.EC),
            JWSAlgorithm.ES256);
    assertThat(ecVerifier.verify(genuine).subject()).isEqualTo("alice");
  }

  @Test
  void verify_unknownCrit_isRejected() throws Exception {
    String token = signedWithA(rsHeader(",\"crit\":[\"x-custom\"],\"x-custom\":1"), validClaims());
    assertThat(reasonFor(token)).isEqualTo(RejectionReason.UNSUPPORTED_HEADER);
  }

  @Test
  void verify_b64False_isRejected() throws Exception {
    String token = signedWithA(rsHeader(",\"b64\":false,\"crit\":[\"b64\"]"), validClaims());
    assertThat(reasonFor(token)).isEqualTo(RejectionReason.UNSUPPORTED_HEADER);
  }

  @Test
  void verify_jsonSerialisation_isRejected() throws Exception {
    String[] p = signedWithA(rsHeader(""), validClaims()).split("\\.");
    String jsonForm =
        "{\"payload\":\""
            + p[1]
            + "\",\"protected\":\""
            + p[0]
            + "\",\"signature\":\""
            + p[2]
            + "\"}";
    assertThat(reasonFor(jsonForm)).isEqualTo(RejectionReason.MALFORMED);
  }

  @Test
  void verify_jweFiveParts_isRejected() {
    assertThat(reasonFor("a.b.c.d.e")).isEqualTo(RejectionReason.MALFORMED);
  }

  @Test
  void verify_expired_isRejected() throws Exception {
    String token = issuer.issue("alice", List.of()).token();
    clock.advance(Duration.ofMinutes(30).plusSeconds(59));
    assertThat(verifier.verify(token).subject()).isEqualTo("alice"); // inside the 60 s skew
    clock.advance(Duration.ofSeconds(1));
    assertThat(reasonFor(token)).isEqualTo(RejectionReason.EXPIRED);
  }

  @Test
  void verify_nbfInTheFuture_isRejected() throws Exception {
    Map<String, Object> c = validClaims();
    c.put("nbf", clock.instant().getEpochSecond() + 120);
    assertThat(reasonFor(signedWithA(rsHeader(""), c))).isEqualTo(RejectionReason.NOT_YET_VALID);
  }

  @Test
  void verify_iatInTheFuture_isRejected() throws Exception {
    Map<String, Object> c = validClaims();
    c.put("iat", clock.instant().getEpochSecond() + 120);
    assertThat(reasonFor(signedWithA(rsHeader(""), c))).isEqualTo(RejectionReason.ISSUED_IN_FUTURE);
  }

  @Test
  void verify_wrongIssuer_isRejected() throws Exception {
    Map<String, Object> c = validClaims();
    c.put("iss", "https://evil.example.com");
    assertThat(reasonFor(signedWithA(rsHeader(""), c))).isEqualTo(RejectionReason.WRONG_ISSUER);
  }

  @Test
  void verify_wrongAudience_isRejected() throws Exception {
    Map<String, Object> c = validClaims();
    c.put("aud", List.of("https://other.example.com"));
    assertThat(reasonFor(signedWithA(rsHeader(""), c))).isEqualTo(RejectionReason.WRONG_AUDIENCE);
  }

  @ParameterizedTest
  @ValueSource(strings = {"JWT", "id_token+jwt", "application/jwt"})
  void verify_wrongType_isRejected(String typ) throws Exception {
    String token =
        signedWithA("{\"alg\":\"RS256\",\"kid\":\"key-a\",\"typ\":\"" + typ + "\"}", validClaims());
    assertThat(reasonFor(token)).isEqualTo(RejectionReason.WRONG_TYPE);
  }

  @Test
  void verify_missingType_isRejected() throws Exception {
    String token = signedWithA("{\"alg\":\"RS256\",\"kid\":\"key-a\"}", validClaims());
    assertThat(reasonFor(token)).isEqualTo(RejectionReason.WRONG_TYPE);
  }

  @Test
  void verify_typJwtWithRelaxation_isAccepted() throws Exception {
    AccessTokenVerifier relaxed =
        AccessTokenVerifier.builder(ring)
            .issuer(ISSUER)
            .audience(AUDIENCE)
            .clock(clock)
            .allowTypeJwt()
            .build();
    String token =
        signedWithA("{\"alg\":\"RS256\",\"kid\":\"key-a\",\"typ\":\"JWT\"}", validClaims());
    assertThat(relaxed.verify(token).subject()).isEqualTo("alice");
  }

  @ParameterizedTest
  @ValueSource(strings = {"exp", "sub", "jti", "iat", "iss", "aud"})
  void verify_missingRequiredClaim_isRejected(String claim) throws Exception {
    Map<String, Object> c = validClaims();
    c.remove(claim);
    RejectionReason expected =
        switch (claim) {
          case "exp" -> RejectionReason.MISSING_EXPIRATION;
          case "sub" -> RejectionReason.MISSING_SUBJECT;
          case "jti" -> RejectionReason.MISSING_JWT_ID;
          case "iat" -> RejectionReason.MISSING_ISSUED_AT;
          case "iss" -> RejectionReason.MISSING_ISSUER;
          default -> RejectionReason.MISSING_AUDIENCE;
        };
    assertThat(reasonFor(signedWithA(rsHeader(""), c))).isEqualTo(expected);
  }

  @Test
  void verify_claimOfWrongType_isRejected() throws Exception {
    Map<String, Object> c = validClaims();
    c.put("exp", "tomorrow");
    assertThat(reasonFor(signedWithA(rsHeader(""), c))).isEqualTo(RejectionReason.MALFORMED_JSON);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "amr=\"pwd\"",
        "amr=[\"pwd\",7]",
        "auth_time=\"yesterday\"",
        "auth_time=1.5",
        "auth_time=-1",
        "auth_time=99999999999999999999",
        "auth_time=9223372036854775807",
        "mfa_enrolled=\"yes\""
      })
  void verify_authenticationClaimOfWrongType_isRejected(String claim) throws Exception {
    Map<String, Object> c = validClaims();
    int eq = claim.indexOf('=');
    c.put(
        claim.substring(0, eq),
        JSONObjectUtils.parse("{\"v\":" + claim.substring(eq + 1) + "}").get("v"));
    assertThat(reasonFor(signedWithA(rsHeader(""), c))).isEqualTo(RejectionReason.MALFORMED_JSON);
  }

  @Test
  void verify_authenticationClaims_areExposed() throws Exception {
    Map<String, Object> c = validClaims();
    c.put("amr", List.of("pwd", "otp"));
    c.put("auth_time", clock.instant().getEpochSecond() - 60);
    c.put("mfa_enrolled", true);
    VerifiedAccessToken v = verifier.verify(signedWithA(rsHeader(""), c));
    assertThat(v.authenticationMethods()).containsExactly("pwd", "otp");
    assertThat(v.authTime()).contains(Instant.ofEpochSecond(clock.instant().getEpochSecond() - 60));
    assertThat(v.secondFactorEnrolled()).contains(true);
    VerifiedAccessToken plain = verifier.verify(signedWithA(rsHeader(""), validClaims()));
    assertThat(plain.authenticationMethods()).isEmpty();
    assertThat(plain.authTime()).isEmpty();
    assertThat(plain.secondFactorEnrolled()).isEmpty();
  }

  @Test
  void verify_nonCanonicalBase64_isRejected() throws Exception {
    String token = signedWithA(rsHeader(""), validClaims());
    String[] p = token.split("\\.");
    // Nimbus would skip the illegal characters and accept these spellings of the same token
    assertThat(reasonFor(p[0] + "." + p[1] + "!." + p[2]))
        .isEqualTo(RejectionReason.NON_CANONICAL_ENCODING);
    assertThat(reasonFor(p[0] + "." + p[1] + "." + p[2] + "=="))
        .isEqualTo(RejectionReason.NON_CANONICAL_ENCODING);
    assertThat(reasonFor(p[0] + "\n." + p[1] + "." + p[2]))
        .isEqualTo(RejectionReason.NON_CANONICAL_ENCODING);
  }

  @Test
  void verify_spareBitsSet_isNonCanonical() throws Exception {
    String token = signedWithA(rsHeader(""), validClaims());
    String[] p = token.split("\\.");
    char last = p[2].charAt(p[2].length() - 1);
    // 'A','Q','g','w' are the only legal final characters of a 256-byte value; the next one
    // decodes to the same bytes under a lax decoder
    assertThat("AQgw").contains(String.valueOf(last));
    String lax = p[0] + "." + p[1] + "." + p[2].substring(0, p[2].length() - 1) + (char) (last + 1);
    assertThat(reasonFor(lax)).isEqualTo(RejectionReason.NON_CANONICAL_ENCODING);
  }

  @Test
  void verify_oversizeToken_isRejectedBeforeParsing() {
    String huge = "a".repeat(AccessTokenVerifier.DEFAULT_MAX_TOKEN_LENGTH + 1);
    assertThat(reasonFor(huge)).isEqualTo(RejectionReason.OVERSIZE);
  }

  @Test
  void verify_keyRemovedByRotation_isRejected() throws Exception {
    String token = issuer.issue("alice", List.of()).token();
    ring.replace(KeySet.of(List.<JWK>of(TestKeys.RSA_B), null));
    assertThat(reasonFor(token)).isEqualTo(RejectionReason.UNKNOWN_KEY);
  }

  @Test
  void verify_previousKeyKeptForVerification_isAccepted() throws Exception {
    String old = issuer.issue("alice", List.of()).token();
    ring.replace(KeySet.of(List.<JWK>of(TestKeys.RSA_B, TestKeys.RSA_A.toPublicJWK()), null));
    String fresh = issuer.issue("bob", List.of()).token();
    assertThat(verifier.verify(old).keyId()).isEqualTo("key-a");
    assertThat(verifier.verify(fresh).keyId()).isEqualTo("key-b");
  }

  @Test
  void verify_attackerKeyWithSameKid_isRejected() throws Exception {
    String token =
        forge(
            rsHeader(""),
            json(validClaims()),
            new RSASSASigner(TestKeys.RSA_ATTACKER),
            JWSAlgorithm.RS256);
    assertThat(reasonFor(token)).isEqualTo(RejectionReason.BAD_SIGNATURE);
  }

  @Test
  void verify_revokedJti_isRejected() throws Exception {
    IssuedAccessToken t = issuer.issue("alice", List.of());
    denylist.deny(t.jwtId(), t.expiresAt());
    assertThat(reasonFor(t.token())).isEqualTo(RejectionReason.REVOKED);
  }

  @Test
  void verify_cachedToken_isRefusedAtOnceAfterItsSubjectsNotBefore() throws Exception {
    AccessTokenVerifier cached =
        AccessTokenVerifier.builder(ring)
            .issuer(ISSUER)
            .audience(AUDIENCE)
            .clock(clock)
            .denylist(denylist)
            .cacheVerifiedTokens(100)
            .build();
    IssuedAccessToken t = issuer.issue("alice", List.of());
    IssuedAccessToken bobs = issuer.issue("bob", List.of());
    assertThat(cached.verify(t.token()).subject()).isEqualTo("alice");
    assertThat(cached.verify(t.token()).subject()).isEqualTo("alice");
    denylist.denySubjectBefore("alice", clock.instant(), t.expiresAt());
    assertThatThrownBy(() -> cached.verify(t.token()))
        .isInstanceOfSatisfying(
            InvalidTokenException.class,
            e -> assertThat(e.reason()).isEqualTo(RejectionReason.REVOKED));
    assertThat(cached.verify(bobs.token()).subject()).isEqualTo("bob");
    // a token issued after the not-before (the next second) is accepted
    clock.advance(java.time.Duration.ofSeconds(1));
    assertThat(cached.verify(issuer.issue("alice", List.of()).token()).subject())
        .isEqualTo("alice");
  }

  @Test
  void verify_deniedSession_refusesItsTokens_cachedOrNot() throws Exception {
    AccessTokenVerifier cached =
        AccessTokenVerifier.builder(ring)
            .issuer(ISSUER)
            .audience(AUDIENCE)
            .clock(clock)
            .denylist(denylist)
            .cacheVerifiedTokens(100)
            .build();
    IssuedAccessToken t = issuer.issue("alice", List.of(), "session-1", java.util.Map.of());
    assertThat(cached.verify(t.token()).sessionId()).isEqualTo("session-1");
    denylist.denySession("session-1", t.expiresAt());
    assertThatThrownBy(() -> cached.verify(t.token()))
        .isInstanceOfSatisfying(
            InvalidTokenException.class,
            e -> assertThat(e.reason()).isEqualTo(RejectionReason.REVOKED));
  }

  @Test
  void verify_denylistDown_failsClosed() throws Exception {
    AccessTokenDenylist broken =
        new AccessTokenDenylist() {
          @Override
          public void deny(String jwtId, Instant until) {
            throw new TokenStoreException("down");
          }

          @Override
          public boolean isDenied(String jwtId, Instant now) {
            throw new TokenStoreException("down");
          }

          @Override
          public void denySession(String sessionId, Instant until) {
            throw new TokenStoreException("down");
          }

          @Override
          public void denySubjectBefore(String subject, Instant notBefore, Instant until) {
            throw new TokenStoreException("down");
          }

          @Override
          public boolean isDenied(
              String jwtId, String sessionId, String subject, Instant issuedAt, Instant now) {
            throw new TokenStoreException("down");
          }
        };
    AccessTokenVerifier v =
        AccessTokenVerifier.builder(ring)
            .issuer(ISSUER)
            .audience(AUDIENCE)
            .clock(clock)
            .denylist(broken)
            .build();
    String token = issuer.issue("alice", List.of()).token();
    assertThatThrownBy(() -> v.verify(token))
        .isInstanceOf(InvalidTokenException.class)
        .extracting(e -> ((InvalidTokenException) e).reason())
        .isEqualTo(RejectionReason.STORE_UNAVAILABLE);
  }

  @Test
  void verify_nestedRolesClaim_isRead() throws Exception {
    AccessTokenVerifier keycloak =
        AccessTokenVerifier.builder(ring)
            .issuer(ISSUER)
            .audience(AUDIENCE)
            .clock(clock)
            .rolesClaim("realm_access.roles")
            .build();
    Map<String, Object> c = validClaims();
    c.put("realm_access", Map.of("roles", List.of("ADMIN", "USER")));
    assertThat(keycloak.verify(signedWithA(rsHeader(""), c)).roles())
        .containsExactlyInAnyOrder("ADMIN", "USER");
  }

  @Test
  void verify_cachedToken_stillExpiresAndStillChecksDenylist() throws Exception {
    AccessTokenVerifier cached =
        AccessTokenVerifier.builder(ring)
            .issuer(ISSUER)
            .audience(AUDIENCE)
            .clock(clock)
            .denylist(denylist)
            .cacheVerifiedTokens(100)
            .build();
    IssuedAccessToken t = issuer.issue("alice", List.of());
    IssuedAccessToken u = issuer.issue("bob", List.of());
    assertThat(cached.verify(t.token())).isSameAs(cached.verify(t.token()));
    cached.verify(u.token());
    denylist.deny(u.jwtId(), u.expiresAt());
    assertThatThrownBy(() -> cached.verify(u.token())).isInstanceOf(InvalidTokenException.class);
    clock.advance(Duration.ofHours(1));
    assertThatThrownBy(() -> cached.verify(t.token()))
        .isInstanceOf(InvalidTokenException.class)
        .extracting(e -> ((InvalidTokenException) e).reason())
        .isEqualTo(RejectionReason.EXPIRED);
  }

  @Test
  void verify_cachedToken_isDroppedOnKeyRotation() throws Exception {
    AccessTokenVerifier cached =
        AccessTokenVerifier.builder(ring)
            .issuer(ISSUER)
            .audience(AUDIENCE)
            .clock(clock)
            .cacheVerifiedTokens(10)
            .build();
    String token = issuer.issue("alice", List.of()).token();
    cached.verify(token);
    ring.replace(KeySet.of(List.<JWK>of(TestKeys.RSA_B), null));
    assertThatThrownBy(() -> cached.verify(token))
        .isInstanceOf(InvalidTokenException.class)
        .extracting(e -> ((InvalidTokenException) e).reason())
        .isEqualTo(RejectionReason.UNKNOWN_KEY);
  }

  @Test
  void build_skewAboveCap_throws() {
    assertThatThrownBy(
            () ->
                AccessTokenVerifier.builder(ring)
                    .issuer(ISSUER)
                    .audience(AUDIENCE)
                    .clockSkew(Duration.ofMinutes(10))
                    .build())
        .hasMessageContaining("clockSkew");
  }

  @Test
  void build_withoutAudience_throws() {
    assertThatThrownBy(() -> AccessTokenVerifier.builder(ring).issuer(ISSUER).build())
        .hasMessageContaining("audience");
  }

  @Test
  void verify_nullOrEmpty_isMissing() {
    assertThat(reasonFor("")).isEqualTo(RejectionReason.MISSING);
  }
}
