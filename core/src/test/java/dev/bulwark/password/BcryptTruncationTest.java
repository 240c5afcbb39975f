package dev.bulwark.password;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.springframework.security.crypto.bcrypt.BCrypt;

/** bcrypt reads 72 bytes; Bulwark never lets that turn into a silent prefix match. */
class BcryptTruncationTest {

  private static final PasswordHasher HASHER = PasswordHasher.builder().bcrypt(10).build();
  private static final PasswordHasher LEGACY =
      PasswordHasher.builder().bcrypt(10).dangerouslyAllowTruncatedBcryptMatches().build();

  private static String ascii(int bytes) {
    return "x".repeat(bytes);
  }

  private static String bareHashOfUtf8Prefix(String password, int bytes) {
    byte[] utf8 = password.getBytes(StandardCharsets.UTF_8);
    byte[] prefix = java.util.Arrays.copyOf(utf8, Math.min(bytes, utf8.length));
    return BCrypt.hashpw(prefix, BCrypt.gensalt("$2b", 10));
  }

  @Test
  void hash_exactly72Bytes_isAcceptedAndVerifies() {
    String hash = HASHER.hash(ascii(72));

    assertThat(HASHER.verify(ascii(72), hash).matched()).isTrue();
  }

  @Test
  void hash_73Bytes_throwsSayingWhyAndThatArgon2idAcceptsIt() {
    assertThatThrownBy(() -> HASHER.hash(ascii(73)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("72 bytes")
        .hasMessageContaining("argon2id")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("xxxx"));
  }

  @Test
  void verify_73ByteCandidate_neverMatchesTheHashOfItsFirst72Bytes() {
    String hashOf72 = HASHER.hash(ascii(72));

    PasswordVerification v = HASHER.verify(ascii(73), hashOf72);

    assertThat(v.matched()).isFalse();
  }

  @Test
  void verify_longCandidateAgainstTruncatingForeignHash_doesNotMatch() {
    // What Node's bcrypt or PHP stored for a 100-byte password: the hash of its first 72 bytes.
    String longPassword = "0123456789".repeat(10);
    String foreign = bareHashOfUtf8Prefix(longPassword, 72);

    assertThat(HASHER.verify(longPassword, foreign).matched()).isFalse();
  }

  @Test
  void verify_dangerousOptIn_matchesByPrefixAndAlwaysAsksForRehash() {
    String longPassword = "0123456789".repeat(10);
    String foreign = "{bcrypt}" + bareHashOfUtf8Prefix(longPassword, 72);

    PasswordVerification v = LEGACY.verify(longPassword, foreign);

    assertThat(v.matched()).isTrue();
    assertThat(v.needsRehash()).isTrue();
  }

  @Test
  void verify_dangerousOptIn_stillRejectsADifferentPrefix() {
    String foreign = bareHashOfUtf8Prefix(ascii(72), 72);

    assertThat(LEGACY.verify("y" + ascii(72), foreign).matched()).isFalse();
  }

  @Test
  void hash_dangerousOptIn_stillRefusesToHashMoreThan72Bytes() {
    assertThatThrownBy(() -> LEGACY.hash(ascii(73))).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void hash_twoByteCharacterEndingAtByte72_isAccepted() {
    String password = ascii(70) + "\u00e9"; // 70 + 2 = 72 bytes

    assertThat(password.getBytes(StandardCharsets.UTF_8)).hasSize(72);
    assertThat(HASHER.verify(password, HASHER.hash(password)).matched()).isTrue();
  }

  @Test
  void hash_twoByteCharacterStraddlingByte72_isRefused() {
    String password = ascii(71) + "\u00e9"; // bytes 72 and 73

    assertThat(password.getBytes(StandardCharsets.UTF_8)).hasSize(73);
    assertThatThrownBy(() -> HASHER.hash(password)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void verify_threeByteCharacterStraddlingByte72_doesNotMatchTheHashOfItsCutBytes() {
    String password = ascii(70) + "\u20ac"; // euro sign: bytes 71, 72, 73
    String cut = bareHashOfUtf8Prefix(password, 72);

    assertThat(HASHER.verify(password, cut).matched()).isFalse();
    assertThat(HASHER.verify(ascii(70), cut).matched()).isFalse();
  }

  @Test
  void verify_emojiPasswordWithin72Bytes_roundTrips() {
    String password = "\uD83D\uDD10".repeat(18); // 18 four-byte code points = 72 bytes

    assertThat(password.getBytes(StandardCharsets.UTF_8)).hasSize(72);
    assertThat(HASHER.verify(password, HASHER.hash(password)).matched()).isTrue();
    assertThatThrownBy(() -> HASHER.hash(password + "a"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void hash_nulCharacter_isRefusedWithBcrypt() {
    assertThatThrownBy(() -> HASHER.hash("abc\u0000def"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("NUL");
  }

  @Test
  void whyNulIsRefused_bcryptHashesAPasswordAndItsNulRepetitionAlike() {
    String hash = BCrypt.hashpw("abc", BCrypt.gensalt("$2b", 4));

    assertThat(BCrypt.checkpw("abc\u0000abc", hash)).isTrue();
    assertThat(BCrypt.checkpw("\u0000\u0000", BCrypt.hashpw("\u0000", BCrypt.gensalt("$2b", 4))))
        .isTrue();
  }

  @Test
  void verify_foreignHashOfPasswordWithNulBytes_matchesExactlyThatPassword() {
    // Node's bcrypt and bcryptjs hash past a NUL; so does Spring's BCrypt.
    String foreign = BCrypt.hashpw("abc\u0000def", BCrypt.gensalt("$2b", 4));

    assertThat(HASHER.verify("abc\u0000def", foreign).matched()).isTrue();
    assertThat(HASHER.verify("abc", foreign).matched()).isFalse();
    assertThat(HASHER.verify("abc\u0000", foreign).matched()).isFalse();
  }

  @Test
  void hash_nulCharacterWithArgon2id_isHashedAsItIs() {
    PasswordHasher argon2 = PasswordHasher.builder().argon2id().build();
    String hash = argon2.hash("abc\u0000def");

    assertThat(argon2.verify("abc\u0000def", hash).matched()).isTrue();
    assertThat(argon2.verify("abc", hash).matched()).isFalse();
  }

  @Test
  void normalisationThatGrowsBeyond72Bytes_isJudgedOnTheNormalisedBytes() {
    // U+FDFA is one code point (3 bytes) whose NFKC form is 18 code points (33 bytes).
    String password = "\uFDFA".repeat(3);

    assertThat(password.getBytes(StandardCharsets.UTF_8)).hasSize(9);
    assertThatThrownBy(() -> HASHER.hash(password)).isInstanceOf(IllegalArgumentException.class);
  }
}
