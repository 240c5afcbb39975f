package dev.bulwark.jwt;

import static dev.bulwark.jwt.TestKeys.AUDIENCE;
import static dev.bulwark.jwt.TestKeys.ISSUER;
import static dev.bulwark.jwt.TestKeys.b64;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.MACSigner;
import dev.bulwark.testing.MutableClock;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * HMAC keys are checked with the JDK's {@code Mac} ({@link HmacVerifier}) and headers of verified
 * tokens are remembered: neither may let a bad token through.
 */
class AccessTokenVerifierHmacTest {

  private static final byte[] SECRET =
      "0123456789abcdef0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] OTHER_SECRET =
      "fedcba9876543210fedcba9876543210fedcba9876543210".getBytes(StandardCharsets.US_ASCII);

  private final MutableClock clock = MutableClock.atFixedStart();

  private KeyRing ring(byte[] secret, JWSAlgorithm alg) {
    return KeyRing.of(KeySet.fromHmacSecret(secret, alg));
  }

  private String issue(KeyRing ring) {
    return AccessTokenIssuer.builder(ring)
        .issuer(ISSUER)
        .audience(AUDIENCE)
        .clock(clock)
        .build()
        .issue("alice", List.of("USER"))
        .token();
  }

  private AccessTokenVerifier verifier(KeyRing ring) {
    return AccessTokenVerifier.builder(ring).issuer(ISSUER).audience(AUDIENCE).clock(clock).build();
  }

  private static RejectionReason reasonFor(AccessTokenVerifier v, String token) {
    try {
      v.verify(token);
    } catch (InvalidTokenException e) {
      return e.reason();
    }
    throw new AssertionError("token was accepted: " + token);
  }

  @ParameterizedTest
  @ValueSource(strings = {"HS256", "HS384", "HS512"})
  void verify_hmacToken_isAcceptedAndAnotherSecretsIsNot(String alg) throws Exception {
    JWSAlgorithm a = JWSAlgorithm.parse(alg);
    byte[] secret = Arrays.copyOf(SECRET, 64);
    byte[] other = Arrays.copyOf(OTHER_SECRET, 64);
    KeyRing ring = ring(secret, a);
    AccessTokenVerifier v = verifier(ring);
    String token = issue(ring);

    assertThat(v.verify(token).subject()).isEqualTo("alice");
    // twice: the second call takes the remembered header
    assertThat(v.verify(token).subject()).isEqualTo("alice");
    // same header (so the same kid), signed with another secret
    String header =
        new String(Base64.getUrlDecoder().decode(token.split("\\.")[0]), StandardCharsets.UTF_8);
    String payload =
        new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]), StandardCharsets.UTF_8);
    String forged = TestKeys.forge(header, payload, new MACSigner(other), a);
    assertThat(forged).startsWith(token.split("\\.")[0] + ".");
    assertThat(reasonFor(v, forged)).isEqualTo(RejectionReason.BAD_SIGNATURE);
  }

  @Test
  void verify_tamperedPayloadOrSignature_afterAVerifiedTokenWithTheSameHeader_isRejected()
      throws Exception {
    KeyRing ring = ring(SECRET, JWSAlgorithm.HS256);
    AccessTokenVerifier v = verifier(ring);
    String token = issue(ring);
    v.verify(token); // its header is now remembered
    String[] parts = token.split("\\.");

    String otherPayload = b64("{\"iss\":\"" + ISSUER + "\",\"sub\":\"mallory\"}");
    assertThat(reasonFor(v, parts[0] + "." + otherPayload + "." + parts[2]))
        .isEqualTo(RejectionReason.BAD_SIGNATURE);
    byte[] sig = Base64.getUrlDecoder().decode(parts[2]);
    sig[0] ^= 1;
    assertThat(reasonFor(v, parts[0] + "." + parts[1] + "." + b64(sig)))
        .isEqualTo(RejectionReason.BAD_SIGNATURE);
    assertThat(reasonFor(v, parts[0] + "." + parts[1] + "." + b64(Arrays.copyOf(sig, 16))))
        .isEqualTo(RejectionReason.BAD_SIGNATURE);
    assertThat(reasonFor(v, parts[0] + "." + parts[1] + "." + parts[2] + "AA"))
        .isEqualTo(RejectionReason.NON_CANONICAL_ENCODING);
    assertThat(reasonFor(v, parts[0] + "." + parts[1] + "."))
        .isEqualTo(RejectionReason.NON_CANONICAL_ENCODING);
  }

  @Test
  void verify_rememberedHeader_isNotTrustedAfterKeyRotation() throws Exception {
    KeyRing ring = ring(SECRET, JWSAlgorithm.HS256);
    AccessTokenVerifier v = verifier(ring);
    String token = issue(ring);
    v.verify(token);

    ring.replace(KeySet.fromHmacSecret(OTHER_SECRET, JWSAlgorithm.HS256));

    // the new secret has another kid (its thumbprint): the remembered header names a key now gone
    assertThat(reasonFor(v, token))
        .isIn(RejectionReason.UNKNOWN_KEY, RejectionReason.BAD_SIGNATURE);
    assertThat(v.verify(issue(ring)).subject()).isEqualTo("alice");
  }

  @Test
  void verify_headerOfAForgedToken_isNotRemembered() throws Exception {
    KeyRing ring = ring(SECRET, JWSAlgorithm.HS256);
    AccessTokenVerifier v = verifier(ring);
    String good = issue(ring);
    String forged = issue(ring(OTHER_SECRET, JWSAlgorithm.HS256));
    // the forged token's header differs (other kid); either way it must keep failing
    for (int i = 0; i < 3; i++) {
      assertThat(reasonFor(v, forged))
          .isIn(RejectionReason.UNKNOWN_KEY, RejectionReason.BAD_SIGNATURE);
    }
    assertThat(v.verify(good).subject()).isEqualTo("alice");
  }
}
