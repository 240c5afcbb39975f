package dev.bulwark.password;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.web.ConfigurationException;
import org.junit.jupiter.api.Test;

class Argon2idMigrationTest {

  private static final PasswordHasher BCRYPT = PasswordHasher.builder().bcrypt(10).build();
  private static final PasswordHasher ARGON2ID = PasswordHasher.builder().argon2id().build();

  @Test
  void hash_argon2id_writesPrefixedArgon2idWithOwaspParameters() {
    assertThat(ARGON2ID.hash("correct horse battery staple"))
        .startsWith("{argon2}$argon2id$v=19$m=19456,t=2,p=1$");
    assertThat(ARGON2ID.maxPasswordBytes()).isEmpty();
    assertThat(ARGON2ID.algorithm()).isEqualTo(HashAlgorithm.ARGON2ID);
  }

  @Test
  void verify_argon2idRightAndWrongPassword() {
    String hash = ARGON2ID.hash("correct horse battery staple");

    assertThat(ARGON2ID.verify("correct horse battery staple", hash).matched()).isTrue();
    assertThat(ARGON2ID.verify("correct horse battery staple", hash).needsRehash()).isFalse();
    assertThat(ARGON2ID.verify("correct horse battery stable", hash).matched()).isFalse();
  }

  @Test
  void migration_bcryptHashUnderArgon2idHasher_matchesAndNeedsRehash_thenTheNewHashIsArgon2id() {
    String old = BCRYPT.hash("correct horse battery staple");

    PasswordVerification v = ARGON2ID.verify("correct horse battery staple", old);
    assertThat(v.matched()).isTrue();
    assertThat(v.needsRehash()).isTrue();

    String replaced = ARGON2ID.hash("correct horse battery staple");
    assertThat(ARGON2ID.verify("correct horse battery staple", replaced).needsRehash()).isFalse();
  }

  @Test
  void verify_argon2HashUnderBcryptHasher_matchesAndNeedsRehash() {
    PasswordVerification v =
        BCRYPT.verify(
            "correct horse battery staple", ARGON2ID.hash("correct horse battery staple"));

    assertThat(v.matched()).isTrue();
    assertThat(v.needsRehash()).isTrue();
  }

  @Test
  void verify_weakerArgon2Parameters_needRehash() {
    String weak =
        "{argon2}"
            + new org.springframework.security.crypto.argon2.Argon2PasswordEncoder(
                    16, 32, 1, 4096, 3)
                .encode("correct horse battery staple");

    assertThat(ARGON2ID.verify("correct horse battery staple", weak).needsRehash()).isTrue();
  }

  @Test
  void verify_springArgon2DefaultsPrefix_isRead() {
    String spring =
        "{argon2@SpringSecurity_v5_8}"
            + org.springframework.security.crypto.argon2.Argon2PasswordEncoder
                .defaultsForSpringSecurity_v5_8()
                .encode("from spring");

    PasswordVerification v = ARGON2ID.verify("from spring", spring);

    assertThat(v.matched()).isTrue();
    assertThat(v.needsRehash()).isTrue(); // Spring's default is 16 MiB, below OWASP's 19
  }

  @Test
  void hash_argon2id_acceptsPasswordsLongerThan72Bytes() {
    String longPassword = "a long passphrase that goes on and on ".repeat(10);

    assertThat(ARGON2ID.verify(longPassword, ARGON2ID.hash(longPassword)).matched()).isTrue();
    assertThat(ARGON2ID.verify(longPassword + "!", ARGON2ID.hash(longPassword)).matched())
        .isFalse();
  }

  @Test
  void verify_loneSurrogateUnderArgon2id_doesTheWorkAndDoesNotMatch() {
    CountingEngine engine = new CountingEngine();
    PasswordHasher hasher = PasswordHasher.builder().argon2id().engine(engine).build();
    String stored = hasher.hash("\uFFFD");
    engine.drain();

    assertThat(hasher.verify("\uD800", stored).matched()).isFalse();
    assertThat(engine.drain()).hasSize(1);
  }

  @Test
  void build_argon2MemoryBelowOwasp_throwsSayingKib() {
    assertThatThrownBy(() -> PasswordHasher.builder().argon2id(19455, 2, 1).build())
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("memoryKib 19455")
        .hasMessageContaining("KiB");
  }

  @Test
  void build_argon2MemoryGivenInBytes_throws() {
    assertThatThrownBy(
            () -> PasswordHasher.builder().argon2id(19 * 1024 * 1024 * 1024, 2, 1).build())
        .isInstanceOf(ConfigurationException.class);
  }

  @Test
  void build_argon2SinglePass_throws() {
    assertThatThrownBy(() -> PasswordHasher.builder().argon2id(19456, 1, 1).build())
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("iterations 1");
  }

  @Test
  void build_argon2NoLanes_throws() {
    assertThatThrownBy(() -> PasswordHasher.builder().argon2id(19456, 2, 0).build())
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("parallelism 0");
  }

  @Test
  void build_strongerArgon2_isAcceptedAndOlderHashesNeedRehash() {
    PasswordHasher stronger = PasswordHasher.builder().argon2id(47104, 3, 1).build();
    String older = ARGON2ID.hash("correct horse battery staple");

    assertThat(stronger.verify("correct horse battery staple", older).needsRehash()).isTrue();
    assertThat(stronger.toString()).isEqualTo("PasswordHasher[argon2id, m=47104KiB, t=3, p=1]");
  }

  @Test
  void verify_unknownUserUnderArgon2id_doesOneArgon2Check() {
    CountingEngine engine = new CountingEngine();
    PasswordHasher hasher = PasswordHasher.builder().argon2id().engine(engine).build();
    engine.drain();

    assertThat(hasher.verify("guess", null).matched()).isFalse();
    assertThat(engine.drain()).containsExactly(new CountingEngine.Work("argon2-check", 19456, -1));
  }
}
