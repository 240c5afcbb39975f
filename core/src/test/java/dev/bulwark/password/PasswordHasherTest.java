package dev.bulwark.password;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.web.ConfigurationException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PasswordHasherTest {

  private static final PasswordHasher COST_10 = PasswordHasher.builder().bcrypt(10).build();

  @Test
  void hash_defaults_writePrefixedBcrypt2bAtCost12() {
    String hash = PasswordHasher.defaults().hash("correct horse battery staple");

    assertThat(hash).startsWith("{bcrypt}$2b$12$").hasSize("{bcrypt}".length() + 60);
  }

  @Test
  void hash_sameInputTwice_usesFreshSalts() {
    assertThat(COST_10.hash("same password here")).isNotEqualTo(COST_10.hash("same password here"));
  }

  @Test
  void verify_rightPassword_matchesWithoutRehash() {
    String hash = COST_10.hash("correct horse battery staple");

    PasswordVerification v = COST_10.verify("correct horse battery staple", hash);

    assertThat(v.matched()).isTrue();
    assertThat(v.needsRehash()).isFalse();
  }

  @Test
  void verify_wrongPassword_doesNotMatchAndNeverAsksForRehash() {
    String hash = COST_10.hash("correct horse battery staple");

    PasswordVerification v = COST_10.verify("correct horse battery stapler", hash);

    assertThat(v.matched()).isFalse();
    assertThat(v.needsRehash()).isFalse();
  }

  @Test
  void verify_hashBelowConfiguredCost_matchesAndNeedsRehash() {
    String cost10 = COST_10.hash("correct horse battery staple");

    PasswordVerification v =
        PasswordHasher.builder().bcrypt(11).build().verify("correct horse battery staple", cost10);

    assertThat(v.matched()).isTrue();
    assertThat(v.needsRehash()).isTrue();
  }

  @Test
  void verify_hashAboveConfiguredCost_doesNotNeedRehash() {
    String cost11 =
        PasswordHasher.builder().bcrypt(11).build().hash("correct horse battery staple");

    assertThat(COST_10.verify("correct horse battery staple", cost11).needsRehash()).isFalse();
  }

  @Test
  void verify_bareLegacyHash_matchesAndNeedsRehash() {
    String bare = COST_10.hash("legacy password").substring("{bcrypt}".length());

    PasswordVerification v = COST_10.verify("legacy password", bare);

    assertThat(v.matched()).isTrue();
    assertThat(v.needsRehash()).isTrue();
  }

  @Test
  void verify_springDefaultPrefixed2aHash_matchesWithoutRehash() {
    String spring2a =
        "{bcrypt}"
            + new org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder(10)
                .encode("from spring");

    PasswordVerification v = COST_10.verify("from spring", spring2a);

    assertThat(spring2a).startsWith("{bcrypt}$2a$10$");
    assertThat(v.matched()).isTrue();
    assertThat(v.needsRehash()).isFalse();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{noop}secret",
        "{sha256}abc",
        "plaintext",
        "$2b$12$short",
        "$2c$05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW",
        "$2a$03$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW",
        "$2a$32$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW",
        ""
      })
  void verify_unrecognisedStoredHash_throwsWithoutEchoingIt(String stored) {
    assertThatThrownBy(() -> COST_10.verify("whatever", stored))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("{bcrypt}")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("secret", "short", "abc"));
  }

  @Test
  void verify_storedArgon2HashAskingForAbsurdMemory_throwsInsteadOfAllocating() {
    assertThatThrownBy(
            () ->
                COST_10.verify(
                    "whatever", "{argon2}$argon2id$v=19$m=99999999,t=2,p=1$c2FsdHNhbHQ$aGFzaA"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("out of range");
  }

  @Test
  void hash_composedAndDecomposedForms_verifyInterchangeably() {
    String composed = "caf\u00e9 au lait, s'il vous pla\u00eet";
    String decomposed = java.text.Normalizer.normalize(composed, java.text.Normalizer.Form.NFD);
    assertThat(decomposed).isNotEqualTo(composed);

    String hash = COST_10.hash(composed);

    PasswordVerification v = COST_10.verify(decomposed, hash);
    assertThat(v.matched()).isTrue();
    assertThat(v.needsRehash()).isFalse();
  }

  @Test
  void verify_hashOfUnnormalisedTextFromAnotherSystem_matchesAndNeedsRehash() {
    String decomposed = "cafe\u0301 cre\u0300me";
    String foreign =
        org.springframework.security.crypto.bcrypt.BCrypt.hashpw(
            decomposed, org.springframework.security.crypto.bcrypt.BCrypt.gensalt("$2b", 10));

    PasswordVerification v = COST_10.verify(decomposed, foreign);

    assertThat(v.matched()).isTrue();
    assertThat(v.needsRehash()).isTrue();
  }

  @Test
  void hash_emptyPassword_throws() {
    assertThatThrownBy(() -> COST_10.hash("")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void hash_loneSurrogate_throwsInsteadOfHashingAQuestionMark() {
    assertThatThrownBy(() -> COST_10.hash("password\uD800password"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("surrogate");
  }

  @Test
  void verify_loneSurrogate_neverMatchesTheQuestionMarkItWouldBecome() {
    String hash = COST_10.hash("password?password");

    assertThat(COST_10.verify("password\uD800password", hash).matched()).isFalse();
  }

  @Test
  void build_costBelowTen_throwsNamingTheSettingAndTheFix() {
    assertThatThrownBy(() -> PasswordHasher.builder().bcrypt(9).build())
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("bcrypt cost 9")
        .hasMessageContaining("bcrypt(10)");
  }

  @Test
  void build_costAbove31_throws() {
    assertThatThrownBy(() -> PasswordHasher.builder().bcrypt(32).build())
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("31");
  }

  @Test
  void builder_algorithmTwice_throws() {
    assertThatThrownBy(() -> PasswordHasher.builder().bcrypt(12).argon2id())
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("once");
  }

  @Test
  void builder_validatesInTheSetter_andNamesTheSettingGivenTwice() {
    // a bad value fails where it is given, not later in build()
    assertThatThrownBy(() -> PasswordHasher.builder().bcrypt(9))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("bcrypt(10)");
    assertThatThrownBy(() -> PasswordHasher.builder().argon2id(1024, 2, 1))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("memoryKib");
    assertThatThrownBy(() -> PasswordHasher.builder().maxConcurrentHashes(0, Duration.ZERO))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("at least 1");
    PasswordHasher.Builder b = PasswordHasher.builder().maxConcurrentHashes(2, Duration.ZERO);
    assertThatThrownBy(() -> b.maxConcurrentHashes(4, Duration.ofSeconds(1)))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining(
            "PasswordHasher.Builder: maxConcurrentHashes was already set (to 2, PT0S)");
    assertThatThrownBy(() -> PasswordHasher.builder().bcrypt(12).bcrypt(13))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("already set (to bcrypt)")
        .hasMessageContaining("bcrypt(13)");
  }

  @Test
  void builder_dangerousOptInTwice_throws() {
    PasswordHasher.Builder b = PasswordHasher.builder().dangerouslyAllowTruncatedBcryptMatches();

    assertThatThrownBy(b::dangerouslyAllowTruncatedBcryptMatches)
        .isInstanceOf(ConfigurationException.class);
  }

  @Test
  void build_concurrencyBoundBelowOne_throws() {
    assertThatThrownBy(() -> PasswordHasher.builder().maxConcurrentHashes(0, Duration.ZERO).build())
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("maxConcurrentHashes");
  }

  @Test
  void build_concurrencyWaitOverAMinute_throws() {
    assertThatThrownBy(
            () -> PasswordHasher.builder().maxConcurrentHashes(2, Duration.ofMinutes(2)).build())
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("maxWait");
  }

  @Test
  void toString_namesTheAlgorithmOnly() {
    assertThat(COST_10.toString()).isEqualTo("PasswordHasher[bcrypt, cost=10]");
    assertThat(COST_10.verify("x", COST_10.hash("y")).toString())
        .isEqualTo("PasswordVerification[matched=false, needsRehash=false]");
  }

  @Test
  void maxPasswordBytes_bcrypt_is72() {
    assertThat(COST_10.maxPasswordBytes()).hasValue(72);
    assertThat(COST_10.algorithm()).isEqualTo(HashAlgorithm.BCRYPT);
  }
}
