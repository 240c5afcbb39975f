package dev.bulwark.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.bulwark.web.ConfigurationException;
import java.time.format.DateTimeParseException;

/**
 * Coverage-guided fuzzing of what web.xml init-params feed to the builders: limits, path patterns
 * and status lists. Any input either builds or is refused with one of the exceptions {@link
 * dev.bulwark.web.InitParamBinder} turns into a start-up failure; nothing else may escape. In a
 * normal test run this replays the inputs under {@code
 * src/test/resources/dev/bulwark/ratelimit/InitParamParsersFuzzTestInputs/}; run with {@code
 * JAZZER_FUZZ=1} to fuzz.
 */
class InitParamParsersFuzzTest {

  @FuzzTest(maxDuration = "30s")
  void parsers_anyText_buildOrRefuseCleanly(FuzzedDataProvider data) {
    String limit = data.consumeString(60);
    String path = data.consumeString(60);
    String statuses = data.consumeString(40);
    String probe = data.consumeRemainingAsString();
    try {
      Limit l = Limit.parse(limit);
      assertThat(l.capacity()).isPositive();
      assertThat(Limit.parse(l.name() + "=" + l.capacity() + "/" + l.period())).isEqualTo(l);
    } catch (ConfigurationException | IllegalArgumentException | DateTimeParseException e) {
      assertThat(e.getMessage()).isNotBlank();
    }
    try {
      RateLimitRule rule =
          RateLimitRule.builder("r")
              .paths(path)
              .countOnlyStatuses(statuses.split(","))
              .limit(Limit.of("l", 1, java.time.Duration.ofSeconds(1)))
              .build();
      rule.counts(data.consumeInt());
      rule.matches(Requests.from("192.0.2.1", "GET", "/" + probe));
    } catch (ConfigurationException | IllegalArgumentException e) {
      assertThat(e.getMessage()).isNotBlank();
    }
  }
}
