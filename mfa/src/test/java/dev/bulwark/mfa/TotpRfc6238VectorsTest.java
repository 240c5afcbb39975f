package dev.bulwark.mfa;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.apache.commons.codec.binary.Base32;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * RFC 6238 Appendix B: the test vectors (8 digits, 30 s steps, the RFC's seeds) through otp-java
 * configured exactly as {@link TotpAuthenticator} configures it.
 */
class TotpRfc6238VectorsTest {

  private static byte[] base32(String seed) {
    return new Base32().encode(seed.getBytes(StandardCharsets.US_ASCII));
  }

  @ParameterizedTest(name = "{1} at {0}")
  @CsvSource({
    "59, SHA1, 94287082",
    "59, SHA256, 46119246",
    "59, SHA512, 90693936",
    "1111111109, SHA1, 07081804",
    "1111111109, SHA256, 68084774",
    "1111111109, SHA512, 25091201",
    "1111111111, SHA1, 14050471",
    "1111111111, SHA256, 67062674",
    "1111111111, SHA512, 99943326",
    "1234567890, SHA1, 89005924",
    "1234567890, SHA256, 91819424",
    "1234567890, SHA512, 93441116",
    "2000000000, SHA1, 69279037",
    "2000000000, SHA256, 90698825",
    "2000000000, SHA512, 38618901",
    "20000000000, SHA1, 65353130",
    "20000000000, SHA256, 77737706",
    "20000000000, SHA512, 47863826"
  })
  void appendixB(long time, TotpPolicy.Algorithm alg, String expected) {
    String seed =
        switch (alg) {
          case SHA1 -> "12345678901234567890";
          case SHA256 -> "12345678901234567890123456789012";
          case SHA512 -> "1234567890123456789012345678901234567890123456789012345678901234";
        };
    TotpPolicy policy = TotpPolicy.builder("RFC 6238").digits(8).algorithm(alg).build();
    assertThat(TotpAuthenticator.generator(base32(seed), policy).at(time)).isEqualTo(expected);
  }
}
