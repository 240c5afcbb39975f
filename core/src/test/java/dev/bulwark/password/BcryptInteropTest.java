package dev.bulwark.password;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hashes from other bcrypt implementations verify; wrong passwords do not. Vectors: Openwall's
 * crypt_blowfish test table (raw 8-bit bytes, all four revisions) and hashes generated with Node's
 * {@code bcrypt} and {@code bcryptjs} (see the comments at the top of each file).
 */
class BcryptInteropTest {

  private static final PasswordHasher HASHER = PasswordHasher.builder().bcrypt(10).build();
  private static final PasswordHasher LEGACY =
      PasswordHasher.builder().bcrypt(10).dangerouslyAllowTruncatedBcryptMatches().build();

  static List<String[]> rows(String resource) {
    InputStream in =
        Objects.requireNonNull(BcryptInteropTest.class.getResourceAsStream(resource), resource);
    List<String[]> rows = new ArrayList<>();
    try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        if (!line.isBlank() && !line.startsWith("#")) {
          rows.add(line.split("\t", -1));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return rows;
  }

  static Stream<Arguments> openwall() {
    return rows("openwall-crypt_blowfish-vectors.tsv").stream()
        .map(r -> Arguments.of(r[0], HexFormat.of().parseHex(r[1])));
  }

  static Stream<Arguments> node() {
    return rows("node-bcrypt-vectors.tsv").stream()
        .map(r -> Arguments.of(r[0], HexFormat.of().parseHex(r[1]), r[2]));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("openwall")
  void openwallVector_rawBytes_verifyWithTheEngine(String hash, byte[] password) {
    // Byte level, as crypt(3) sees it; includes $2x$ (the sign-extension bug, reproduced) and
    // $2a$ with crypt_blowfish's countermeasure.
    assertThat(SpringHashEngine.INSTANCE.checkBcrypt(password, hash)).isTrue();
    byte[] wrong = java.util.Arrays.copyOf(password, password.length + 1);
    wrong[password.length] = 'x';
    if (password.length < 72) {
      assertThat(SpringHashEngine.INSTANCE.checkBcrypt(wrong, hash)).isFalse();
    }
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("openwall")
  void openwallVector_throughTheHasher_matchesOnlyWhenItIsUtf8AndWithin72Bytes(
      String hash, byte[] password) {
    String text = new String(password, StandardCharsets.UTF_8);
    boolean utf8 = java.util.Arrays.equals(text.getBytes(StandardCharsets.UTF_8), password);

    PasswordVerification v = HASHER.verify(text, hash);

    if (utf8 && password.length <= 72 && password.length > 0) {
      assertThat(v.matched()).isTrue();
      assertThat(v.needsRehash()).isTrue(); // bare hashes are replaced by prefixed ones
    } else if (utf8 && password.length > 72) {
      assertThat(v.matched()).isFalse();
      assertThat(LEGACY.verify(text, hash).matched()).isTrue();
    } else if (!utf8) {
      // Latin-1/KOI8-R bytes cannot come out of a Java String as UTF-8: such hashes need the
      // caller to re-encode (not supported by PasswordHasher, which always hashes UTF-8).
      assertThat(v.matched()).isFalse();
    }
    assertThat(HASHER.verify(text + "!", hash).matched()).isFalse();
  }

  @ParameterizedTest(name = "[{index}] {0} {2}")
  @MethodSource("node")
  void nodeVector_verifiesWhenWithin72Bytes_neverByPrefix(
      String implementation, byte[] password, String hash) {
    String text = new String(password, StandardCharsets.UTF_8);

    PasswordVerification v = HASHER.verify(text, hash);

    if (password.length <= 72) {
      assertThat(v.matched()).as(implementation).isTrue();
      assertThat(v.needsRehash()).isTrue();
    } else {
      // Node truncated to 72 bytes when it hashed; we refuse the prefix match.
      assertThat(v.matched()).as(implementation).isFalse();
      assertThat(LEGACY.verify(text, hash).matched()).isTrue();
    }
    assertThat(HASHER.verify(text + "x", hash).matched()).isFalse();
    assertThat(HASHER.verify("wrong password", hash).matched()).isFalse();
  }
}
