package dev.bulwark.benchmarks.jwt;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import com.auth0.jwt.interfaces.DecodedJWT;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.Ed25519Verifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.OctetKeyPairGenerator;
import com.nimbusds.jose.jwk.gen.OctetSequenceKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import dev.bulwark.jwt.AccessTokenIssuer;
import dev.bulwark.jwt.AccessTokenVerifier;
import dev.bulwark.jwt.KeyRing;
import dev.bulwark.jwt.KeySet;
import dev.bulwark.jwt.VerifiedAccessToken;
import dev.bulwark.jwt.store.InMemoryAccessTokenDenylist;
import io.jsonwebtoken.Claims;
import io.jsonwebtoken.Jws;
import io.jsonwebtoken.JwtParser;
import io.jsonwebtoken.Jwts;
import java.math.BigInteger;
import java.security.Key;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.EdECPoint;
import java.security.spec.EdECPublicKeySpec;
import java.security.spec.NamedParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Access-token verification of the same token by Bulwark and its peers, each configured to check at
 * least the same things: the signature with the algorithm of the one trusted key, {@code typ:
 * at+jwt}, {@code iss}, {@code aud} containing the expected audience, {@code exp} present and not
 * passed, {@code nbf}, and {@code sub}, {@code iat}, {@code jti} present (60 s clock skew).
 *
 * <ul>
 *   <li>{@code bulwarkUncached}: {@link AccessTokenVerifier} with an in-memory denylist; it also
 *       caps the length, enforces the canonical compact form, refuses header parameters other than
 *       {@code alg}, {@code kid}, {@code typ}, and refuses an {@code iat} in the future.
 *   <li>{@code bulwarkCacheHit}: the same with a verified-token cache; expiry and the denylist are
 *       still checked, the signature is not.
 *   <li>{@code nimbus}: {@link DefaultJWTProcessor} with a type verifier and a {@link
 *       DefaultJWTClaimsVerifier}. Nimbus's key selector cannot hand an Ed25519 {@link
 *       OctetKeyPair} to its verifier factory, so for EdDSA the same steps are composed by hand.
 *   <li>{@code jjwt}: a jjwt 0.13 parser whose key locator pins the algorithm and {@code typ}
 *       before verification, with {@code requireIssuer}, {@code requireAudience}, and presence
 *       checks of {@code exp}, {@code sub}, {@code iat}, {@code jti} on the result.
 *   <li>{@code auth0}: an auth0 java-jwt 4.6 verifier with {@code withIssuer}, {@code
 *       withAnyOfAudience}, {@code withClaimPresence} for the four claims and a {@code typ} check
 *       on the result. auth0 has no EdDSA: for that algorithm the method returns null at once and
 *       its figure is meaningless (reported as n/a).
 * </ul>
 *
 * <p>Target: Bulwark uncached within 15 % of raw Nimbus; a cache hit well under a microsecond.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class JwtVerifyBenchmark {

  private static final String ISSUER = "https://auth.example.com";
  private static final String AUDIENCE = "https://api.example.com";
  private static final String AT_JWT = "at+jwt";
  private static final long SKEW_SECONDS = 60;

  /** The JWS algorithm; EdDSA needs com.google.crypto.tink:tink on the class path. */
  @Param({"HS256", "RS256", "PS256", "ES256", "EdDSA"})
  public String alg;

  /**
   * Who verifies. A parameter rather than one method per library so that JMH runs the five
   * verifiers of one algorithm one after the other: on a shared machine whose load drifts, the
   * ratios between them are then measured minutes, not a quarter of an hour, apart.
   */
  @Param({"bulwarkUncached", "bulwarkCacheHit", "nimbus", "jjwt", "auth0"})
  public String impl;

  /** One verification: the chosen library's, on the same token. */
  private interface Verification {
    Object verify() throws Exception;
  }

  private Verification verification;

  private String token;
  private AccessTokenVerifier bulwark;
  private AccessTokenVerifier bulwarkCached;
  private DefaultJWTProcessor<SecurityContext> nimbus;
  private DefaultJWTClaimsVerifier<SecurityContext> claimsVerifier;
  private JWSVerifier edVerifier;
  private JwtParser jjwt;
  private com.auth0.jwt.JWTVerifier auth0;

  /**
   * Generates a key for the algorithm, issues one token with Bulwark and builds every verifier.
   *
   * @throws Exception when key generation fails
   */
  @Setup
  public void setUp() throws Exception {
    JWSAlgorithm jwsAlg = JWSAlgorithm.parse(alg);
    JWK key =
        switch (alg) {
          case "HS256" ->
              new OctetSequenceKeyGenerator(256).keyID("k").algorithm(jwsAlg).generate();
          case "ES256" -> new ECKeyGenerator(Curve.P_256).keyID("k").algorithm(jwsAlg).generate();
          case "EdDSA" ->
              new OctetKeyPairGenerator(Curve.Ed25519).keyID("k").algorithm(jwsAlg).generate();
          default -> new RSAKeyGenerator(2048).keyID("k").algorithm(jwsAlg).generate();
        };
    KeyRing ring = KeyRing.of(KeySet.of(List.of(key), null));
    token =
        AccessTokenIssuer.builder(ring)
            .issuer(ISSUER)
            .audience(AUDIENCE)
            .lifetime(Duration.ofHours(24))
            .build()
            .issue("alice", List.of("USER"))
            .token();
    bulwark =
        AccessTokenVerifier.builder(ring)
            .issuer(ISSUER)
            .audience(AUDIENCE)
            .denylist(InMemoryAccessTokenDenylist.create(100_000, Clock.systemUTC()))
            .build();
    bulwarkCached =
        AccessTokenVerifier.builder(ring)
            .issuer(ISSUER)
            .audience(AUDIENCE)
            .denylist(InMemoryAccessTokenDenylist.create(100_000, Clock.systemUTC()))
            .cacheVerifiedTokens(10_000)
            .build();
    bulwarkCached.verify(token);

    setUpNimbus(key, jwsAlg);
    Key verificationKey = jdkVerificationKey(key);
    jjwt =
        Jwts.parser()
            .keyLocator(
                header -> {
                  if (!alg.equals(header.getAlgorithm()) || !AT_JWT.equals(header.getType())) {
                    throw new IllegalStateException("unexpected alg or typ");
                  }
                  return verificationKey;
                })
            .requireIssuer(ISSUER)
            .requireAudience(AUDIENCE)
            .clockSkewSeconds(SKEW_SECONDS)
            .build();
    Algorithm auth0Alg =
        switch (alg) {
          case "HS256" -> Algorithm.HMAC256(((OctetSequenceKey) key).toByteArray());
          case "RS256" -> Algorithm.RSA256((RSAPublicKey) verificationKey, null);
          case "PS256" -> Algorithm.RSA256PSS((RSAPublicKey) verificationKey, null);
          case "ES256" -> Algorithm.ECDSA256((ECPublicKey) verificationKey, null);
          default -> null; // auth0 java-jwt has no EdDSA
        };
    auth0 =
        auth0Alg == null
            ? null
            : JWT.require(auth0Alg)
                .withIssuer(ISSUER)
                .withAnyOfAudience(AUDIENCE)
                .withClaimPresence("exp")
                .withClaimPresence("sub")
                .withClaimPresence("iat")
                .withClaimPresence("jti")
                .acceptLeeway(SKEW_SECONDS)
                .build();

    // every column must accept the token, or its figure would time a rejection
    bulwark.verify(token);
    nimbusDefaultJwtProcessor();
    jjwt();
    auth0();
    verification =
        switch (impl) {
          case "bulwarkUncached" -> this::bulwarkUncached;
          case "bulwarkCacheHit" -> this::bulwarkCacheHit;
          case "nimbus" -> this::nimbusDefaultJwtProcessor;
          case "jjwt" -> this::jjwt;
          case "auth0" -> this::auth0;
          default -> throw new IllegalArgumentException("impl " + impl);
        };
  }

  /**
   * Verifies the token with the library named by {@link #impl}.
   *
   * @return what the library returns
   * @throws Exception never for this token
   */
  @Benchmark
  public Object verify() throws Exception {
    return verification.verify();
  }

  private void setUpNimbus(JWK key, JWSAlgorithm jwsAlg) throws Exception {
    JWK verificationKey = key instanceof OctetSequenceKey ? key : key.toPublicJWK();
    nimbus = new DefaultJWTProcessor<>();
    nimbus.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(new JOSEObjectType(AT_JWT)));
    nimbus.setJWSKeySelector(
        new JWSVerificationKeySelector<>(
            jwsAlg, new ImmutableJWKSet<>(new JWKSet(verificationKey))));
    claimsVerifier =
        new DefaultJWTClaimsVerifier<>(
            AUDIENCE,
            new JWTClaimsSet.Builder().issuer(ISSUER).build(),
            Set.of("sub", "iat", "exp", "jti"));
    claimsVerifier.setMaxClockSkew((int) SKEW_SECONDS);
    nimbus.setJWTClaimsSetVerifier(claimsVerifier);
    if (key instanceof OctetKeyPair okp) {
      edVerifier = new Ed25519Verifier(okp.toPublicJWK());
    }
  }

  private static Key jdkVerificationKey(JWK key) throws Exception {
    if (key instanceof OctetSequenceKey oct) {
      return oct.toSecretKey("HmacSHA256");
    }
    if (key instanceof RSAKey rsa) {
      return rsa.toRSAPublicKey();
    }
    if (key instanceof ECKey ec) {
      return ec.toECPublicKey();
    }
    return ed25519PublicKey(((OctetKeyPair) key).getDecodedX());
  }

  /** RFC 8032 §5.1.2: little-endian y, with the sign of x in the top bit of the last byte. */
  private static PublicKey ed25519PublicKey(byte[] x) throws Exception {
    boolean xOdd = (x[x.length - 1] & 0x80) != 0;
    byte[] bigEndian = new byte[x.length];
    for (int i = 0; i < x.length; i++) {
      bigEndian[i] = x[x.length - 1 - i];
    }
    bigEndian[0] &= 0x7f;
    EdECPoint point = new EdECPoint(xOdd, new BigInteger(1, bigEndian));
    return KeyFactory.getInstance("Ed25519")
        .generatePublic(new EdECPublicKeySpec(NamedParameterSpec.ED25519, point));
  }

  /**
   * Bulwark, every check, no cache.
   *
   * @return the verified token
   * @throws Exception never for this token
   */
  VerifiedAccessToken bulwarkUncached() throws Exception {
    return bulwark.verify(token);
  }

  /**
   * Bulwark with a cache hit: expiry and denylist still checked, signature skipped.
   *
   * @return the verified token
   * @throws Exception never for this token
   */
  VerifiedAccessToken bulwarkCacheHit() throws Exception {
    return bulwarkCached.verify(token);
  }

  /**
   * Raw Nimbus, configured for the same checks.
   *
   * @return the claims
   * @throws Exception never for this token
   */
  JWTClaimsSet nimbusDefaultJwtProcessor() throws Exception {
    if (edVerifier != null) {
      SignedJWT jwt = SignedJWT.parse(token);
      if (!JWSAlgorithm.EdDSA.equals(jwt.getHeader().getAlgorithm())
          || jwt.getHeader().getType() == null
          || !AT_JWT.equals(jwt.getHeader().getType().getType())
          || !jwt.verify(edVerifier)) {
        throw new IllegalStateException("rejected");
      }
      JWTClaimsSet claims = jwt.getJWTClaimsSet();
      claimsVerifier.verify(claims, null);
      return claims;
    }
    return nimbus.process(token, null);
  }

  /**
   * jjwt 0.13, configured for the same checks.
   *
   * @return the claims
   */
  Claims jjwt() {
    Jws<Claims> jws = jjwt.parseSignedClaims(token);
    Claims claims = jws.getPayload();
    if (claims.getExpiration() == null
        || claims.getSubject() == null
        || claims.getIssuedAt() == null
        || claims.getId() == null) {
      throw new IllegalStateException("a required claim is missing");
    }
    return claims;
  }

  /**
   * auth0 java-jwt 4.6, configured for the same checks; null at once for EdDSA (unsupported).
   *
   * @return the decoded token, or null for EdDSA
   */
  DecodedJWT auth0() {
    if (auth0 == null) {
      return null;
    }
    DecodedJWT jwt = auth0.verify(token);
    if (!AT_JWT.equals(jwt.getType())) {
      throw new IllegalStateException("typ is not at+jwt");
    }
    return jwt;
  }
}
