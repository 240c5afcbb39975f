package dev.bulwark.password;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Coverage-guided fuzzing of the two parsers that read data from outside: stored hashes and
 * range-API responses. In a normal test run this replays the inputs under {@code
 * src/test/resources/dev/bulwark/password/PasswordParsersFuzzTestInputs/}; run with {@code
 * JAZZER_FUZZ=1} to fuzz.
 */
class PasswordParsersFuzzTest {

  private static final String SUFFIX = "1E4C9B93F3F0682250B6CF8331B7EE68FD8";

  @FuzzTest(maxDuration = "30s")
  void parse_anyStoredValue_recognisesItOrThrowsIllegalArgumentWithoutEchoingIt(
      FuzzedDataProvider data) {
    String stored = data.consumeRemainingAsString();
    try {
      StoredHash h = StoredHash.parse(stored);
      assertThat(h.bare()).isNotEmpty();
      assertThat(stored).endsWith(h.bare());
      if (h.algorithm() == HashAlgorithm.BCRYPT) {
        assertThat(h.bcryptCost()).isBetween(4, 31);
      } else {
        assertThat(Argon2Params.parse(h.bare()).memoryKib()).isNotNegative();
      }
    } catch (IllegalArgumentException e) {
      if (stored.length() > 40) {
        assertThat(e.getMessage()).doesNotContain(stored);
      }
    }
  }

  @FuzzTest(maxDuration = "30s")
  void parseRange_anyBody_neverThrows(FuzzedDataProvider data) {
    String body = data.consumeRemainingAsString();

    BreachedPasswordClient.Result r = BreachedPasswordClient.parseRange(body, SUFFIX);

    assertThat(r).isNotNull();
    if (!body.contains(":")) {
      assertThat(r).isEqualTo(BreachedPasswordClient.Result.UNAVAILABLE);
    }
  }
}
