package dev.bulwark.mfa;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Codes from an independent implementation: 60 random secrets, algorithms, lengths, periods and
 * times, generated once by the npm package {@code otpauth} into {@code otpauth-vectors.csv}. The
 * build does not need npm.
 */
class TotpIndependentVectorsTest {

  static Stream<String> vectors() throws IOException {
    try (InputStream in =
            Objects.requireNonNull(
                TotpIndependentVectorsTest.class.getResourceAsStream("otpauth-vectors.csv"));
        BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      List<String> lines = r.lines().filter(l -> !l.startsWith("#") && !l.isBlank()).toList();
      assertThat(lines).hasSize(60);
      return lines.stream();
    }
  }

  @ParameterizedTest
  @MethodSource("vectors")
  void sameCodeAsOtpauth(String line) {
    String[] f = line.split(",");
    TotpPolicy policy =
        TotpPolicy.builder("vectors")
            .algorithm(TotpPolicy.Algorithm.valueOf(f[1]))
            .digits(Integer.parseInt(f[2]))
            .period(Duration.ofSeconds(Long.parseLong(f[3])))
            .build();
    String code =
        TotpAuthenticator.generator(f[0].getBytes(StandardCharsets.US_ASCII), policy)
            .at(Long.parseLong(f[4]));
    assertThat(code).isEqualTo(f[5]);
  }
}
