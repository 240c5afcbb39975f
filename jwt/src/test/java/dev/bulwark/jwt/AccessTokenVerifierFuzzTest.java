package dev.bulwark.jwt;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.nimbusds.jose.jwk.JWK;
import java.util.List;

/**
 * Coverage-guided fuzzing of token parsing and verification. In a normal test run this replays the
 * inputs under {@code src/test/resources/dev/bulwark/jwt/AccessTokenVerifierFuzzTestInputs/}; run
 * with {@code JAZZER_FUZZ=1} to fuzz.
 */
class AccessTokenVerifierFuzzTest {

  private static final KeyRing RING = KeyRing.of(KeySet.of(List.<JWK>of(TestKeys.RSA_A), null));
  private static final AccessTokenVerifier VERIFIER =
      AccessTokenVerifier.builder(RING).issuer(TestKeys.ISSUER).audience(TestKeys.AUDIENCE).build();
  private static final String VALID =
      AccessTokenIssuer.builder(RING)
          .issuer(TestKeys.ISSUER)
          .audience(TestKeys.AUDIENCE)
          .build()
          .issue("alice", List.of("USER"))
          .token();

  @FuzzTest(maxDuration = "30s")
  void verify_anyString_isRefusedWithAReasonAndNothingElse(FuzzedDataProvider data) {
    String token;
    switch (data.consumeInt(0, 2)) {
      case 0 -> token = data.consumeRemainingAsString();
      case 1 -> {
        // mutate a genuine token, so the fuzzer explores past the structural checks
        int at = data.consumeInt(0, VALID.length() - 1);
        token = VALID.substring(0, at) + data.consumeString(8) + VALID.substring(at + 1);
      }
      default -> {
        String[] parts = VALID.split("\\.");
        token =
            TestKeys.b64(data.consumeString(200))
                + "."
                + TestKeys.b64(data.consumeString(400))
                + "."
                + parts[2];
      }
    }
    try {
      VerifiedAccessToken v = VERIFIER.verify(token);
      // only the genuine token may pass
      assertThat(v.subject()).isEqualTo("alice");
      assertThat(token).isEqualTo(VALID);
    } catch (InvalidTokenException e) {
      assertThat(e.reason()).isNotNull();
      assertThat(e.getMessage()).doesNotContain(token.length() > 20 ? token : "\u0000never");
    }
  }
}
