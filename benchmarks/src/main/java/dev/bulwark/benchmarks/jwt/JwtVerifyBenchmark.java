package dev.bulwark.benchmarks.jwt;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.Ed25519Verifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.OctetSequenceKey;
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
 * Access-token verification on the same tokens: Bulwark's {@link AccessTokenVerifier} (uncached and
 * with a cache hit) against a raw Nimbus {@link DefaultJWTProcessor} configured to check the same
 * things (algorithm from the key, {@code typ: at+jwt}, issuer, audience, required claims, expiry).
 * Target: Bulwark uncached within 15 % of raw Nimbus; a cache hit well under a microsecond.
 *
 * <p>jjwt and auth0 java-jwt columns need {@code io.jsonwebtoken:jjwt-api/-impl/-jackson} and
 * {@code com.auth0:java-jwt} in this module's POM (not yet there).
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

  /** The JWS algorithm; EdDSA needs com.google.crypto.tink:tink on the class path. */
  @Param({"HS256", "RS256", "PS256", "ES256", "EdDSA"})
  public String alg;

  private String token;
  private AccessTokenVerifier bulwark;
  private AccessTokenVerifier bulwarkCached;
  private DefaultJWTProcessor<SecurityContext> nimbus;
  private DefaultJWTClaimsVerifier<SecurityContext> claimsVerifier;
  private JWSVerifier edVerifier;

  /**
   * Generates a key for the algorithm, issues one token and builds the verifiers.
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
    bulwark = AccessTokenVerifier.builder(ring).issuer(ISSUER).audience(AUDIENCE).build();
    bulwarkCached =
        AccessTokenVerifier.builder(ring)
            .issuer(ISSUER)
            .audience(AUDIENCE)
            .cacheVerifiedTokens(10_000)
            .build();
    bulwarkCached.verify(token);

    JWK verificationKey = key instanceof OctetSequenceKey ? key : key.toPublicJWK();
    nimbus = new DefaultJWTProcessor<>();
    nimbus.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(new JOSEObjectType("at+jwt")));
    nimbus.setJWSKeySelector(
        new JWSVerificationKeySelector<>(
            jwsAlg, new ImmutableJWKSet<>(new JWKSet(verificationKey))));
    claimsVerifier =
        new DefaultJWTClaimsVerifier<>(
            AUDIENCE,
            new JWTClaimsSet.Builder().issuer(ISSUER).build(),
            Set.of("sub", "iat", "exp", "jti"));
    nimbus.setJWTClaimsSetVerifier(claimsVerifier);
    if (key instanceof OctetKeyPair okp) {
      // DefaultJWTProcessor's key selector finds no OKP key here: compose the same steps by hand
      edVerifier = new Ed25519Verifier(okp.toPublicJWK());
    }
  }

  /**
   * Bulwark, every check, no cache.
   *
   * @return the verified token
   * @throws Exception never for this token
   */
  @Benchmark
  public VerifiedAccessToken bulwarkUncached() throws Exception {
    return bulwark.verify(token);
  }

  /**
   * Bulwark with a cache hit: expiry and denylist still checked, signature skipped.
   *
   * @return the verified token
   * @throws Exception never for this token
   */
  @Benchmark
  public VerifiedAccessToken bulwarkCacheHit() throws Exception {
    return bulwarkCached.verify(token);
  }

  /**
   * Raw Nimbus, configured for the same checks.
   *
   * @return the claims
   * @throws Exception never for this token
   */
  @Benchmark
  public JWTClaimsSet nimbusDefaultJwtProcessor() throws Exception {
    if (edVerifier != null) {
      SignedJWT jwt = SignedJWT.parse(token);
      if (!"at+jwt".equals(jwt.getHeader().getType().getType()) || !jwt.verify(edVerifier)) {
        throw new IllegalStateException("rejected");
      }
      JWTClaimsSet claims = jwt.getJWTClaimsSet();
      claimsVerifier.verify(claims, null);
      return claims;
    }
    return nimbus.process(token, null);
  }
}
