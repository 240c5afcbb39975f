package dev.bulwark.jwt;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.jwk.JWK;
import dev.bulwark.web.ConfigurationException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Google Wycheproof JWS vectors ({@code /work/shared/testdata/wycheproof}, or {@code
 * -Dbulwark.wycheproof.dir}). The vectors are not access tokens, so every one is refused in the
 * end; what is checked is <em>where</em>: an invalid vector must never get past the signature
 * check, and a valid one must (it then fails on its claims).
 */
class WycheproofJwsTest {

  private static final Path DIR =
      Path.of(System.getProperty("bulwark.wycheproof.dir", "/work/shared/testdata/wycheproof"));
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Reasons that can only be reached once the signature verified. */
  private static final Set<RejectionReason> AFTER_SIGNATURE =
      EnumSet.of(
          RejectionReason.MALFORMED_JSON,
          RejectionReason.MISSING_ISSUER,
          RejectionReason.WRONG_ISSUER,
          RejectionReason.MISSING_AUDIENCE,
          RejectionReason.WRONG_AUDIENCE,
          RejectionReason.MISSING_EXPIRATION,
          RejectionReason.EXPIRED,
          RejectionReason.NOT_YET_VALID,
          RejectionReason.MISSING_ISSUED_AT,
          RejectionReason.ISSUED_IN_FUTURE,
          RejectionReason.MISSING_SUBJECT,
          RejectionReason.MISSING_JWT_ID);

  /**
   * Valid vectors Bulwark refuses on purpose, before the signature: an empty payload is not an
   * access token; RFC 7520 Figure 20 uses PS384 with a key whose algorithm is another (one
   * algorithm per key); 372/373 insert illegal characters that a lax base64url decoder skips, and
   * Bulwark enforces the canonical form (see DESIGN.md).
   */
  private static final Map<Integer, RejectionReason> DELIBERATE =
      Map.of(
          259, RejectionReason.NON_CANONICAL_ENCODING,
          264, RejectionReason.NON_CANONICAL_ENCODING,
          268, RejectionReason.NON_CANONICAL_ENCODING,
          272, RejectionReason.NON_CANONICAL_ENCODING,
          320, RejectionReason.NON_CANONICAL_ENCODING,
          325, RejectionReason.NON_CANONICAL_ENCODING,
          346, RejectionReason.ALGORITHM_NOT_ALLOWED,
          350, RejectionReason.ALGORITHM_NOT_ALLOWED,
          372, RejectionReason.NON_CANONICAL_ENCODING,
          373, RejectionReason.NON_CANONICAL_ENCODING);

  /**
   * "invalidBase64Padding" vectors that, in the copy we have, carry no padding at all: they are
   * canonical, correctly signed JWS (payload "Test") and are rightly accepted up to the claims.
   */
  private static final Set<Integer> MISLABELLED = Set.of(367, 370);

  static Stream<Arguments> vectors() throws Exception {
    Path file = DIR.resolve("json_web_signature_test.json");
    if (!Files.exists(file)) {
      return Stream.empty();
    }
    JsonNode root = JSON.readTree(file.toFile());
    List<Arguments> out = new ArrayList<>();
    for (JsonNode group : root.get("testGroups")) {
      JsonNode key = group.has("public") ? group.get("public") : group.get("private");
      for (JsonNode t : group.get("tests")) {
        JsonNode jws = t.get("jws");
        out.add(
            Arguments.of(
                t.get("tcId").asInt(),
                t.get("comment").asText(),
                key.toString(),
                jws.isTextual() ? jws.asText() : jws.toString(),
                t.get("result").asText()));
      }
    }
    return out.stream();
  }

  @Test
  void vectorsArePresent() {
    Assumptions.assumeTrue(
        Files.exists(DIR.resolve("json_web_signature_test.json")),
        "Wycheproof vectors not found in " + DIR);
    assertThat(DIR.resolve("json_web_signature_test.json")).isRegularFile();
  }

  @ParameterizedTest(name = "tc {0}: {1} ({4})")
  @MethodSource("vectors")
  void verify_wycheproofVector_stopsInvalidSignaturesBeforeTheClaims(
      int tcId, String comment, String keyJson, String jws, String result) throws Exception {
    KeySet keys;
    try {
      keys = KeySet.of(List.of(JWK.parse(keyJson)), null);
    } catch (ConfigurationException e) {
      // a key our load-time validation refuses (weak, or alg not fitting the key) cannot verify
      // anything: that is a pass for invalid vectors and a documented strictness for valid ones
      assertThat(result).as("tc %d refused key: %s", tcId, e.getMessage()).isIn("invalid", "valid");
      return;
    }
    AccessTokenVerifier verifier =
        AccessTokenVerifier.builder(KeyRing.of(keys))
            .issuer("wycheproof")
            .audience("wycheproof")
            .allowTypeJwt()
            .build();
    RejectionReason reason;
    try {
      verifier.verify(jws);
      throw new AssertionError("tc " + tcId + " was accepted as an access token");
    } catch (InvalidTokenException e) {
      reason = e.reason();
    }
    if (DELIBERATE.containsKey(tcId)) {
      assertThat(reason).as("tc %d (%s)", tcId, comment).isEqualTo(DELIBERATE.get(tcId));
    } else if (MISLABELLED.contains(tcId)) {
      assertThat(reason).as("tc %d (%s)", tcId, comment).isEqualTo(RejectionReason.MALFORMED_JSON);
    } else if (result.equals("valid")) {
      assertThat(reason)
          .as("tc %d (%s) should pass the signature", tcId, comment)
          .isIn(AFTER_SIGNATURE);
    } else {
      assertThat(reason)
          .as("tc %d (%s) passed the signature", tcId, comment)
          .isNotIn(AFTER_SIGNATURE);
    }
  }
}
