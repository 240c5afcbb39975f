package dev.bulwark.jwt;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import dev.bulwark.web.ConfigurationException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Google Wycheproof JWK vectors: an invalid key or key set must be refused when loaded, or else
 * never let its token past the signature check; a valid one must load and verify its token.
 */
class WycheproofJwkTest {

  private static final Path FILE =
      Path.of(System.getProperty("bulwark.wycheproof.dir", "/work/shared/testdata/wycheproof"))
          .resolve("json_web_key_test.json");
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Reasons that can only be reached once the signature verified. */
  private static final Set<RejectionReason> AFTER_SIGNATURE =
      EnumSet.of(
          RejectionReason.MALFORMED_JSON,
          RejectionReason.MISSING_ISSUER,
          RejectionReason.WRONG_ISSUER,
          RejectionReason.MISSING_AUDIENCE,
          RejectionReason.MISSING_EXPIRATION,
          RejectionReason.MISSING_ISSUED_AT,
          RejectionReason.MISSING_SUBJECT,
          RejectionReason.MISSING_JWT_ID);

  static Stream<Arguments> vectors() throws Exception {
    if (!Files.exists(FILE)) {
      return Stream.empty();
    }
    List<Arguments> out = new ArrayList<>();
    for (JsonNode group : JSON.readTree(FILE.toFile()).get("testGroups")) {
      JsonNode keys = group.has("public") ? group.get("public") : group.get("private");
      for (JsonNode t : group.get("tests")) {
        out.add(
            Arguments.of(
                t.get("tcId").asInt(),
                t.get("comment").asText(),
                keys.toString(),
                t.get("jws").asText(),
                t.get("result").asText()));
      }
    }
    return out.stream();
  }

  @ParameterizedTest(name = "tc {0}: {1} ({4})")
  @MethodSource("vectors")
  void load_wycheproofKey_refusesInvalidKeysOrTheirTokens(
      int tcId, String comment, String keysJson, String jws, String result) throws Exception {
    KeySet keys;
    try {
      List<JWK> list =
          keysJson.contains("\"keys\"")
              ? JWKSet.parse(keysJson).getKeys()
              : List.of(JWK.parse(keysJson));
      keys = KeySet.of(list, null);
    } catch (ConfigurationException | java.text.ParseException | IllegalStateException e) {
      assertThat(result)
          .as("tc %d (%s) refused at load: %s", tcId, comment, e.getMessage())
          .isEqualTo("invalid");
      return;
    }
    AccessTokenVerifier verifier =
        AccessTokenVerifier.builder(KeyRing.of(keys))
            .issuer("w")
            .audience("w")
            .allowTypeJwt()
            .build();
    RejectionReason reason;
    try {
      verifier.verify(jws);
      throw new AssertionError("tc " + tcId + " was accepted as an access token");
    } catch (InvalidTokenException e) {
      reason = e.reason();
    }
    if (result.equals("valid")) {
      assertThat(reason).as("tc %d (%s)", tcId, comment).isIn(AFTER_SIGNATURE);
    } else {
      assertThat(reason)
          .as("tc %d (%s) passed the signature", tcId, comment)
          .isNotIn(AFTER_SIGNATURE);
    }
  }
}
