package dev.bulwark.jwt.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.web.ConfigurationException;
import java.util.Random;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Property-style: {@link StepUpRule#parse} of seeded random text (built from the syntax's own
 * characters, so that many inputs are near-valid) either refuses it with a {@link
 * ConfigurationException} or yields a rule whose text form parses back to an equal rule. Nothing
 * else may be thrown: a bad init-param must stop start-up with a message, not a stack trace.
 */
class StepUpRuleParseTest {

  private static final String[] PIECES = {
    "GET ", "post ", "* ", "/", "/api", "/events", "/*", "*", "=", "otp", "rcv", "|", "@", "PT5M",
    "5m", "300s", "P1D", "P2D", "pwd", "OTP", " ", ";", "-", "\u0000", "é", "@@", "=="
  };

  static Stream<Long> seeds() {
    return LongStream.range(0, 2000).boxed();
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void parse_randomText_refusesWithConfigurationException_orRoundTrips(long seed) {
    Random random = new Random(seed);
    StringBuilder sb = new StringBuilder();
    int n = 1 + random.nextInt(8);
    for (int i = 0; i < n; i++) {
      sb.append(PIECES[random.nextInt(PIECES.length)]);
    }
    String text = sb.toString();
    StepUpRule rule;
    try {
      rule = StepUpRule.parse(text);
    } catch (ConfigurationException expected) {
      return;
    }
    assertThat(StepUpRule.parse(rule.toString())).as("seed %d: %s", seed, text).isEqualTo(rule);
    assertThat(rule.factors().isEmpty() && rule.maxAge().isEmpty())
        .as("requires something")
        .isFalse();
  }
}
