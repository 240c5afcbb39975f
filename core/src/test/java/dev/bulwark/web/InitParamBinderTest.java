package dev.bulwark.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InitParamBinderTest {

  private final List<String> origins = new ArrayList<>();
  private Duration maxAge = Duration.ZERO;

  private InitParamBinder binder() {
    return InitParamBinder.forComponent("CorsFilter")
        .param(
            "allowedOrigins",
            "comma-separated origins",
            v -> origins.addAll(InitParamBinder.list(v)))
        .param(
            "maxAge", "a duration such as 600s or PT10M", v -> maxAge = InitParamBinder.duration(v))
        .secretParam(
            "hmacKey",
            "base64, at least 32 bytes",
            v -> {
              throw new IllegalArgumentException("too short");
            });
  }

  @Test
  void placeholders_areFilledFromTheLookup_withFallbacks() {
    Map<String, String> env = Map.of("APP_ORIGIN", "https://app.example", "CACHE", "5m");
    binder()
        .bind(
            Map.of(
                "allowedOrigins", "${APP_ORIGIN}, ${OTHER_ORIGIN:-https://b.example}",
                "maxAge", "${CACHE}"),
            env::get);
    assertThat(origins).containsExactly("https://app.example", "https://b.example");
    assertThat(maxAge).isEqualTo(Duration.ofMinutes(5));
  }

  @Test
  void anUnsetPlaceholder_stopsStartUp_namingItAndTheFix() {
    assertThatThrownBy(() -> binder().bind(Map.of("maxAge", "${BULWARK_MAX_AGE}"), n -> null))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("init-param 'maxAge'")
        .hasMessageContaining("${BULWARK_MAX_AGE}")
        .hasMessageContaining("environment")
        .hasMessageContaining("${BULWARK_MAX_AGE:-value}");
  }

  @Test
  void aPlaceholderValue_isStillValidated_andASecretOneIsNotShown() {
    assertThatThrownBy(() -> binder().bind(Map.of("maxAge", "${X}"), n -> "soon"))
        .hasMessageContaining("init-param 'maxAge' has an invalid value 'soon'");
    assertThatThrownBy(() -> binder().bind(Map.of("hmacKey", "${KEY}"), n -> "s3cr3t-value"))
        .hasMessageContaining("(secret, not shown)")
        .hasMessageNotContaining("s3cr3t-value");
  }

  @Test
  void systemProperties_winOverTheEnvironment_inThePublicBind() {
    System.setProperty("bulwark.test.maxAge", "7s");
    try {
      binder().bind(Map.of("maxAge", "${bulwark.test.maxAge}"));
    } finally {
      System.clearProperty("bulwark.test.maxAge");
    }
    assertThat(maxAge).isEqualTo(Duration.ofSeconds(7));
  }

  @Test
  void bind_knownParams_callTheSetters() {
    binder()
        .bind(Map.of("allowedOrigins", "https://a.example, https://b.example", "maxAge", "10m"));
    assertThat(origins).containsExactly("https://a.example", "https://b.example");
    assertThat(maxAge).isEqualTo(Duration.ofMinutes(10));
  }

  @Test
  void bind_misspeltParam_failsWithTheNearestName() {
    assertThatThrownBy(() -> binder().bind(Map.of("allowedOrigin", "https://a.example")))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage(
            "Filter 'CorsFilter': unknown init-param 'allowedOrigin'. Did you mean 'allowedOrigins'?"
                + " Known init-params: allowedOrigins, maxAge, hmacKey.");
  }

  @Test
  void bind_unrelatedName_failsWithoutASuggestion() {
    assertThatThrownBy(() -> binder().bind(Map.of("zzzzzzzzzz", "1")))
        .hasMessageNotContaining("Did you mean")
        .hasMessageContaining("Known init-params");
  }

  @Test
  void bind_badValue_namesParamValueAcceptedFormAndReason() {
    assertThatThrownBy(() -> binder().bind(Map.of("maxAge", "ten minutes")))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("init-param 'maxAge' has an invalid value 'ten minutes'")
        .hasMessageContaining("expected a duration")
        .hasMessageContaining("Accepted: a duration such as 600s or PT10M.");
  }

  @Test
  void bind_badSecret_neverEchoesIt() {
    assertThatThrownBy(() -> binder().bind(Map.of("hmacKey", "hunter2")))
        .hasMessageContaining("(secret, not shown)")
        .hasMessageNotContaining("hunter2");
  }

  @Test
  void parsers_areStrict() {
    assertThat(InitParamBinder.bool("TRUE")).isTrue();
    assertThatThrownBy(() -> InitParamBinder.bool("yes")).hasMessageContaining("true or false");
    assertThatThrownBy(() -> InitParamBinder.integer("12abc")).hasMessageContaining("whole number");
    assertThat(InitParamBinder.duration("PT1H")).isEqualTo(Duration.ofHours(1));
    assertThat(InitParamBinder.duration("250ms")).isEqualTo(Duration.ofMillis(250));
    assertThatThrownBy(() -> InitParamBinder.duration("5 fortnights"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(InitParamBinder.enumValue(ForwardedHeader.class, "x-forwarded-for"))
        .isEqualTo(ForwardedHeader.X_FORWARDED_FOR);
  }

  @Test
  void distance_isLevenshtein() {
    assertThat(Suggestions.distance("kitten", "sitting")).isEqualTo(3);
    assertThat(Suggestions.distance("", "abc")).isEqualTo(3);
  }
}
