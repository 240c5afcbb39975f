package dev.bulwark.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.web.internal.SetOnce;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SettingsTest {

  /** A tiny control with the fromSettings shape every policy follows. */
  private record Demo(Duration maxAge, List<String> origins) {
    static Demo fromSettings(Settings s) {
      Duration[] maxAge = {Duration.ofMinutes(10)};
      List<String>[] origins = new List[] {List.of()};
      s.apply(
          s.binder()
              .param("maxAge", "a duration such as 600s", v -> maxAge[0] = Settings.duration(v))
              .param(
                  "allowedOrigins", "comma-separated origins", v -> origins[0] = Settings.list(v))
              .secretParam("key", "base64", v -> HmacKeys.fromBase64(v)));
      return s.build(
          () -> {
            if (maxAge[0].isZero()) {
              throw new ConfigurationException("maxAge must be positive");
            }
            return new Demo(maxAge[0], origins[0]);
          });
    }
  }

  @Test
  void values_bindThroughTheDeclaredSetters() {
    Demo d =
        Demo.fromSettings(
            Settings.of("bulwark.demo", Map.of("maxAge", "PT5M", "allowedOrigins", "a, b")));
    assertThat(d).isEqualTo(new Demo(Duration.ofMinutes(5), List.of("a", "b")));
  }

  @Test
  void unknownKey_namesTheSourceAndSuggests() {
    assertThatThrownBy(() -> Demo.fromSettings(Settings.of("bulwark.demo", Map.of("maxage", "1s"))))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageStartingWith("'bulwark.demo': unknown setting 'maxage'.")
        .hasMessageContaining("Did you mean 'maxAge'?");
    assertThatThrownBy(
            () -> Demo.fromSettings(Settings.ofFilter("DemoFilter", Map.of("maxage", "1s"))))
        .hasMessageStartingWith("Filter 'DemoFilter': unknown init-param 'maxage'.");
  }

  @Test
  void badValue_namesKeyValueAndForm_secretsHidden() {
    assertThatThrownBy(() -> Demo.fromSettings(Settings.of("bulwark.demo", Map.of("maxAge", "x"))))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("setting 'maxAge' has an invalid value 'x'")
        .hasMessageContaining("Accepted: a duration such as 600s.");
    assertThatThrownBy(
            () -> Demo.fromSettings(Settings.of("bulwark.demo", Map.of("key", "sh0rt-secret"))))
        .hasMessageContaining("(secret, not shown)")
        .hasMessageNotContaining("sh0rt-secret");
  }

  @Test
  void badCombination_atBuild_namesTheSource() {
    assertThatThrownBy(() -> Demo.fromSettings(Settings.of("bulwark.demo", Map.of("maxAge", "0s"))))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage("'bulwark.demo': maxAge must be positive");
  }

  @Test
  void placeholders_resolveFromSystemProperties_withFallbacks() {
    System.setProperty("BULWARK_SETTINGS_TEST_AGE", "PT7M");
    try {
      Map<String, String> m = new LinkedHashMap<>();
      m.put("maxAge", "${BULWARK_SETTINGS_TEST_AGE}");
      m.put("allowedOrigins", "${BULWARK_SETTINGS_TEST_UNSET:-https://x.example}");
      assertThat(Demo.fromSettings(Settings.of("bulwark.demo", m)))
          .isEqualTo(new Demo(Duration.ofMinutes(7), List.of("https://x.example")));
      assertThatThrownBy(
              () ->
                  Demo.fromSettings(
                      Settings.of("bulwark.demo", Map.of("maxAge", "${BULWARK_SETTINGS_NONE}"))))
          .hasMessageContaining("refers to ${BULWARK_SETTINGS_NONE}");
    } finally {
      System.clearProperty("BULWARK_SETTINGS_TEST_AGE");
    }
  }

  @Test
  void toString_showsKeysNeverValues() {
    assertThat(Settings.of("bulwark.demo", Map.of("key", "s3cret")).toString())
        .isEqualTo("Settings[bulwark.demo, keys=[key]]");
  }

  @Test
  void setOnce_secondCallNamesTheSettingAndItsEarlierValue() {
    SetOnce once = new SetOnce("Demo.Builder");
    once.set("maxAge", Duration.ofMinutes(5));
    assertThat(once.isSet("maxAge")).isTrue();
    assertThatThrownBy(() -> once.set("maxAge", Duration.ofMinutes(6)))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage(
            "Demo.Builder: maxAge was already set (to PT5M); each setting may be given once");
    once.setSecret("key");
    assertThatThrownBy(() -> once.setSecret("key")).hasMessageContaining("(to (secret))");
  }

  @Test
  void keysOf_asksTheControlItself_andBuildsNothing() {
    assertThat(Settings.keysOf(Demo::fromSettings))
        .containsExactly("maxAge", "allowedOrigins", "key");
    assertThat(Settings.keysOf(ClientIpResolver::fromSettings)).contains("trustedProxies");
  }

  @Test
  void keysOf_refusesAFunctionThatNeverAppliesABinder() {
    assertThatThrownBy(() -> Settings.keysOf(s -> "nothing"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("without applying a binder");
  }
}
