package dev.bulwark.jwt.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.web.ConfigurationException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StepUpRuleTest {

  @Test
  void parse_factorsAndAge_roundTripsThroughToString() {
    StepUpRule r = StepUpRule.parse(" get /api/events = otp|rcv @ PT5M ");
    assertThat(r.method()).isEqualTo("GET");
    assertThat(r.pattern()).isEqualTo("/api/events");
    assertThat(r.factors()).containsExactlyInAnyOrder("otp", "rcv");
    assertThat(r.maxAge()).contains(Duration.ofMinutes(5));
    assertThat(r.toString()).isEqualTo("GET /api/events=otp|rcv@PT5M");
    assertThat(StepUpRule.parse(r.toString())).isEqualTo(r);
  }

  @Test
  void parse_factorOnly_ageOnly_andShortDurations() {
    assertThat(StepUpRule.parse("/api/admin/*=otp").maxAge()).isEmpty();
    assertThat(StepUpRule.parse("/api/admin/*=otp").method()).isEqualTo("*");
    StepUpRule ageOnly = StepUpRule.parse("POST /api/transfer=@5m");
    assertThat(ageOnly.factors()).isEmpty();
    assertThat(ageOnly.maxAge()).contains(Duration.ofMinutes(5));
  }

  @Test
  void parseAll_splitsOnSemicolonsAndNewLines() {
    List<StepUpRule> rules = StepUpRule.parseAll("GET /a=otp@PT5M;\n/b/*=@1h ; ");
    assertThat(rules)
        .extracting(StepUpRule::toString)
        .containsExactly("GET /a=otp@PT5M", "* /b/*=@PT1H");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/api/events",
        "/api/events=",
        "/api/events=@",
        "/api/events=otp@soon",
        "/api/events=pwd",
        "/api/events=OTP",
        "/api/events=otp||rcv",
        "/api/events=otp@PT0S",
        "/api/events=otp@P2D",
        "/api/events=otp@PT0.5S",
        "api/events=otp",
        "/api/*/events=otp",
        "get! /api/events=otp"
      })
  void parse_malformed_throwsConfigurationException(String text) {
    assertThatThrownBy(() -> StepUpRule.parse(text)).isInstanceOf(ConfigurationException.class);
  }

  @Test
  void builder_settersAreSetOnce_andARuleMustRequireSomething() {
    assertThatThrownBy(
            () -> StepUpRule.builder("GET", "/a").requireFactor("otp").requireFactor("rcv"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("requireFactor");
    assertThatThrownBy(() -> StepUpRule.builder("GET", "/a").build())
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("requires nothing");
  }

  @Test
  void matches_getCoversHead() {
    StepUpRule r = StepUpRule.parse("GET /api/events=otp");
    assertThat(r.matches("HEAD", "/api/events")).isTrue();
    assertThat(r.matches("POST", "/api/events")).isFalse();
    assertThat(r.matches("GET", "/api/events/1")).isFalse();
  }

  @Test
  void description_isAQuotableSentence() {
    assertThat(StepUpRule.parse("GET /a=rcv|otp@PT5M").description())
        .isEqualTo(
            "This request needs a sign-in with a second factor (otp or rcv), within the last 300"
                + " seconds; sign in again and repeat it.")
        .doesNotContain("\"", "\\");
  }
}
