package dev.bulwark.password;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.password.PasswordProblem.Reason;
import dev.bulwark.web.ConfigurationException;
import java.text.Normalizer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PasswordPolicyTest {

  private static final PasswordPolicy POLICY =
      PasswordPolicy.builder().serviceName("Acme Mail").blockedWords("Springfield").build();
  private static final PasswordContext ALICE =
      PasswordContext.of("alice.w", "alice.wonderland+news@example.org");

  @Test
  void check_longUnrelatedWords_isAccepted() {
    PasswordCheck check = POLICY.check("violet tractor humming quietly", ALICE);

    assertThat(check.accepted()).isTrue();
    assertThat(check.problems()).isEmpty();
  }

  @Test
  void check_noCompositionRules_lowercaseLettersOnlyAreFine() {
    assertThat(POLICY.check("zebrastripedumbrellas", PasswordContext.none()).accepted()).isTrue();
  }

  @Test
  void check_14CodePoints_isTooShortWithAnActionableMessage() {
    PasswordCheck check = POLICY.check("quiet lynx jog", PasswordContext.none());

    assertThat(check.reasons()).containsExactly(Reason.TOO_SHORT);
    assertThat(check.problems().get(0).message()).contains("at least 15 characters");
  }

  @Test
  void check_15CodePoints_isLongEnough() {
    assertThat(POLICY.check("quartz lynx jog", PasswordContext.none()).accepted()).isTrue();
  }

  @Test
  void check_composedAndDecomposedForms_countTheSame() {
    String composed = "\u00e9t\u00e9 \u00e0 la plage"; // 14 code points composed
    String decomposed = Normalizer.normalize(composed, Normalizer.Form.NFD); // 17 code points
    assertThat(decomposed.codePointCount(0, decomposed.length())).isEqualTo(17);

    assertThat(POLICY.check(composed, PasswordContext.none()).reasons())
        .containsExactly(Reason.TOO_SHORT);
    assertThat(POLICY.check(decomposed, PasswordContext.none()).reasons())
        .containsExactly(Reason.TOO_SHORT);
  }

  @Test
  void check_fullWidthLetters_areNormalisedLikeTheirAsciiForms() {
    String fullWidth = "\uFF50\uFF41\uFF53\uFF53\uFF57\uFF4F\uFF52\uFF44\uFF11\uFF12\uFF13";

    assertThat(POLICY.check(fullWidth + "4", PasswordContext.none()).reasons())
        .contains(Reason.TOO_SHORT);
    PasswordPolicy mfa = PasswordPolicy.builder().withMultiFactorAuthentication().build();
    assertThat(mfa.check(fullWidth, PasswordContext.none()).reasons())
        .containsExactly(Reason.COMMON_PASSWORD);
  }

  @Test
  void check_emojiCountAsOneCodePointEach() {
    String fifteenEmoji =
        "\uD83C\uDF4E\uD83C\uDF4A\uD83C\uDF4B\uD83C\uDF4C\uD83C\uDF49"
            .repeat(3); // 15 code points, 30 chars, 60 bytes

    assertThat(POLICY.check(fifteenEmoji, PasswordContext.none()).accepted()).isTrue();
  }

  @Test
  void check_65CodePoints_isTooLong() {
    assertThat(POLICY.check("word ".repeat(13), PasswordContext.none()).reasons())
        .containsExactly(Reason.TOO_LONG);
  }

  @Test
  void check_64AsciiCharacters_isAcceptedUnderBcrypt() {
    String password =
        "violet tractor humming quietly over the hill at dawn, said ".substring(0, 59) + "Fred!";
    assertThat(password).hasSize(64);

    assertThat(POLICY.check(password, PasswordContext.none()).accepted()).isTrue();
  }

  @Test
  void check_within64CodePointsButOver72Bytes_isRefusedUnderBcryptOnly() {
    String cyrillic =
        "\u0441\u0438\u043d\u0438\u0439 \u0442\u0440\u0430\u043a\u0442\u043e\u0440 "
            .repeat(4)
            .strip(); // 51 code points, 92 bytes

    PasswordCheck underBcrypt = POLICY.check(cyrillic, PasswordContext.none());
    PasswordPolicy argon =
        PasswordPolicy.builder().hasher(PasswordHasher.builder().argon2id().build()).build();

    assertThat(underBcrypt.reasons())
        .contains(Reason.TOO_MANY_BYTES)
        .doesNotContain(Reason.TOO_LONG);
    assertThat(underBcrypt.problems().get(0).message()).contains("non-Latin");
    assertThat(argon.check(cyrillic, PasswordContext.none()).reasons())
        .doesNotContain(Reason.TOO_MANY_BYTES);
    assertThat(argon.maxBytes()).isEmpty();
    assertThat(POLICY.maxBytes()).hasValue(72);
  }

  @Test
  void everyPasswordThePolicyAccepts_canBeHashedByTheDefaultHasher() {
    PasswordHasher hasher = PasswordHasher.builder().bcrypt(10).build();
    PasswordPolicy policy = PasswordPolicy.builder().hasher(hasher).build();
    String[] candidates = {
      "x".repeat(64),
      "\u00e9".repeat(36),
      "\u00e9".repeat(37),
      "\u20ac".repeat(24),
      "\u20ac".repeat(25),
      "\uD83D\uDE00 smile ".repeat(8)
    };
    for (String candidate : candidates) {
      if (policy.check(candidate, PasswordContext.none()).accepted()) {
        assertThat(hasher.hash(candidate)).startsWith("{bcrypt}");
      } else {
        assertThat(policy.check(candidate, PasswordContext.none()).reasons())
            .containsAnyOf(Reason.TOO_MANY_BYTES, Reason.REPETITIVE, Reason.TOO_LONG);
      }
    }
  }

  @Test
  void check_containsUsername_caseInsensitively() {
    PasswordCheck check =
        POLICY.check("my name is ALICE.W and I like tea", PasswordContext.of("alice.w", null));

    assertThat(check.reasons()).containsExactly(Reason.CONTAINS_USERNAME);
    assertThat(check.problems().get(0).message()).contains("username");
  }

  @Test
  void check_containsEmailLocalPartPiece_isRefused() {
    PasswordCheck check = POLICY.check("down the rabbit hole to wonderland", ALICE);

    assertThat(check.reasons()).containsExactly(Reason.CONTAINS_EMAIL);
  }

  @Test
  void check_containsWholeEmail_isRefused() {
    assertThat(POLICY.check("alice.wonderland+news@example.org", ALICE).reasons())
        .contains(Reason.CONTAINS_EMAIL);
  }

  @Test
  void check_containsServiceName_isRefused() {
    PasswordCheck check = POLICY.check("my acme mail password is long", PasswordContext.none());

    assertThat(check.reasons()).containsExactly(Reason.CONTAINS_SERVICE_NAME);
    assertThat(check.problems().get(0).message()).contains("name of this service");
  }

  @Test
  void check_containsBlockedWord_isRefused() {
    assertThat(POLICY.check("greetings from SPRINGFIELD usa", PasswordContext.none()).reasons())
        .containsExactly(Reason.CONTAINS_BLOCKED_WORD);
  }

  @Test
  void check_shortUsername_onlyBlocksAnExactMatch() {
    PasswordContext bob = PasswordContext.of("bob", null);

    assertThat(POLICY.check("bobcat in the snowy forest", bob).accepted()).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"password", "Password1", "1qaz2wsx3edc4rfv", "PASSWORDPASSWORD"})
  void check_commonPassword_isRefused(String common) {
    PasswordPolicy mfa = PasswordPolicy.builder().withMultiFactorAuthentication().build();

    PasswordCheck check = mfa.check(common, PasswordContext.none());

    assertThat(check.reasons()).contains(Reason.COMMON_PASSWORD);
    assertThat(check.problems().stream().filter(p -> p.reason() == Reason.COMMON_PASSWORD))
        .allSatisfy(p -> assertThat(p.message()).contains("most commonly used"));
  }

  @Test
  void bundledList_isLoadedAndLarge() {
    assertThat(CommonPasswords.size()).isGreaterThan(15_000);
    assertThat(CommonPasswords.contains("password")).isTrue();
    assertThat(CommonPasswords.contains("violet tractor humming quietly")).isFalse();
  }

  @Test
  void check_repetitive_isRefused() {
    assertThat(POLICY.check("abababababababab", PasswordContext.none()).reasons())
        .containsExactly(Reason.REPETITIVE);
  }

  @Test
  void check_sequential_isRefusedInBothDirections() {
    assertThat(POLICY.check("abcdefghijklmnop", PasswordContext.none()).reasons())
        .containsExactly(Reason.SEQUENTIAL);
    assertThat(POLICY.check("ZYXWVUTSRQPONMLK", PasswordContext.none()).reasons())
        .containsExactly(Reason.SEQUENTIAL);
    assertThat(POLICY.check("abcdefghijklmnoq", PasswordContext.none()).accepted()).isTrue();
  }

  @Test
  void check_controlCharacters_areRefused() {
    assertThat(POLICY.check("violet tractor\thumming", PasswordContext.none()).reasons())
        .containsExactly(Reason.CONTROL_CHARACTER);
    assertThat(POLICY.check("violet tractor\u0000humming", PasswordContext.none()).reasons())
        .containsExactly(Reason.CONTROL_CHARACTER);
  }

  @Test
  void check_loneSurrogate_isInvalidText() {
    assertThat(POLICY.check("violet tractor \uD800 humming", PasswordContext.none()).reasons())
        .contains(Reason.INVALID_TEXT);
  }

  @Test
  void check_severalProblems_areAllListed() {
    PasswordCheck check = POLICY.check("alice.w", ALICE);

    assertThat(check.reasons())
        .contains(Reason.TOO_SHORT, Reason.CONTAINS_USERNAME, Reason.CONTAINS_EMAIL);
    assertThat(check.accepted()).isFalse();
    assertThat(check.toString()).doesNotContain("alice");
  }

  @Test
  void check_messagesNeverRepeatThePassword() {
    String password = "acme mail springfield alice.w";

    PasswordCheck check = POLICY.check(password, ALICE);

    assertThat(check.problems())
        .isNotEmpty()
        .allSatisfy(p -> assertThat(p.message()).doesNotContain("springfield", "alice.w"));
  }

  @Test
  void multiFactor_allowsEightCodePoints() {
    PasswordPolicy mfa = PasswordPolicy.builder().withMultiFactorAuthentication().build();

    assertThat(mfa.minLength()).isEqualTo(8);
    assertThat(mfa.check("qx7 lynx", PasswordContext.none()).accepted()).isTrue();
    assertThat(mfa.check("qx7 lyn", PasswordContext.none()).reasons())
        .containsExactly(Reason.TOO_SHORT);
  }

  @Test
  void build_minLengthBelow15WithoutMfa_throwsPointingAtMfa() {
    assertThatThrownBy(() -> PasswordPolicy.builder().minLength(12).build())
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("minLength 12")
        .hasMessageContaining("withMultiFactorAuthentication()");
  }

  @Test
  void build_minLengthBelow8WithMfa_throws() {
    assertThatThrownBy(
            () -> PasswordPolicy.builder().withMultiFactorAuthentication().minLength(6).build())
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("minLength 6");
  }

  @Test
  void build_maxLengthBelow64_throwsCitingNist() {
    assertThatThrownBy(() -> PasswordPolicy.builder().maxLength(32).build())
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("maxLength 32")
        .hasMessageContaining("at least 64");
  }

  @Test
  void build_minAboveMax_throws() {
    assertThatThrownBy(() -> PasswordPolicy.builder().minLength(70).build())
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("above maxLength");
  }

  @Test
  void build_higherLimitsAreAccepted() {
    PasswordPolicy p = PasswordPolicy.builder().minLength(20).maxLength(128).build();

    assertThat(p.minLength()).isEqualTo(20);
    assertThat(p.maxLength()).isEqualTo(128);
    assertThat(p.toString()).contains("20..128");
  }

  @Test
  void builder_checksEachValueInItsSetter_andTakesEachSettingOnce() {
    assertThatThrownBy(() -> PasswordPolicy.builder().maxLength(63))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("maxLength 63");
    assertThatThrownBy(() -> PasswordPolicy.builder().minLength(7))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("minLength 7");
    assertThatThrownBy(() -> PasswordPolicy.builder().serviceName("Acme").serviceName("Other"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("PasswordPolicy.Builder: serviceName was already set (to Acme)");
    assertThatThrownBy(() -> PasswordPolicy.builder().minLength(20).minLength(16))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("minLength was already set (to 20)");
  }
}
