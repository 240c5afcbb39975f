package dev.bulwark.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link ForwardedParser} against the map-based parser it replaced ({@link
 * ReferenceForwardedParser}) over seeded random field values built from the grammar's pieces, valid
 * and broken: both must refuse the same values and read the same {@code for}, {@code proto} and
 * {@code host}. The seed is printed; fix it with {@code -Dbulwark.forwardedSeed=...}.
 */
class ForwardedParserPropertyTest {

  private static final long SEED =
      Long.getLong("bulwark.forwardedSeed", System.nanoTime() ^ 0xf0_4a_4dL);

  private static final String[] PIECES = {
    "for",
    "For",
    "FOR",
    "proto",
    "PROTO",
    "host",
    "Host",
    "by",
    "BY",
    "x",
    "X",
    "=",
    "=",
    ";",
    ";",
    ",",
    ",",
    " ",
    "\t",
    "\"",
    "\\",
    "\\\"",
    "192.0.2.1",
    "\"[2001:db8::1]:80\"",
    "https",
    "http",
    "a.example:8080",
    "_hidden",
    "unknown",
    "\u0001",
    "\u007f",
    "\u00e9",
    "!#$%&'*+-.^_`|~",
    "",
    "\"a\\\\b\"",
    "\"quoted, with; separators\"",
    "==",
    "for=\"",
    "[::1]"
  };

  @BeforeAll
  static void printSeed() {
    System.out.println(
        "ForwardedParserPropertyTest seed: "
            + SEED
            + " (rerun with -Dbulwark.forwardedSeed="
            + SEED
            + ")");
  }

  static Stream<String> values() {
    Random rnd = new Random(SEED);
    List<String> out = new ArrayList<>();
    for (int i = 0; i < 3000; i++) {
      out.add(rnd.nextBoolean() ? wellFormed(rnd) : pieces(rnd));
    }
    return out.stream();
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("values")
  void parse_anyValue_agreesWithTheMapBasedReference(String value) {
    ForwardedParser.Elements parsed = ForwardedParser.parse(value);
    List<Map<String, String>> reference = ReferenceForwardedParser.parse(value);
    assertThat(parsed == null).as("seed %d, refused: %s", SEED, value).isEqualTo(reference == null);
    if (parsed == null) {
      return;
    }
    assertThat(parsed.size())
        .as("seed %d, elements of %s", SEED, value)
        .isEqualTo(reference.size());
    for (int i = 0; i < parsed.size(); i++) {
      assertThat(parsed.forValue(i))
          .as("seed %d, %s", SEED, value)
          .isEqualTo(reference.get(i).get("for"));
      assertThat(parsed.proto(i))
          .as("seed %d, %s", SEED, value)
          .isEqualTo(reference.get(i).get("proto"));
      assertThat(parsed.host(i))
          .as("seed %d, %s", SEED, value)
          .isEqualTo(reference.get(i).get("host"));
    }
    for (int i = 0; i < parsed.size(); i++) {
      String forValue = reference.get(i).get("for");
      assertThat(parsed.forAddress(i))
          .as("seed %d, for address of element %d of %s", SEED, i, value)
          .isEqualTo(
              forValue == null
                  ? null
                  : ClientIpResolver.parseNode(forValue, 0, forValue.length(), true));
    }
    for (int max = 1; max <= reference.size() + 1; max++) {
      assertThat(ForwardedParser.parse(value, max) == null)
          .as("seed %d, at most %d elements: %s", SEED, max, value)
          .isEqualTo(reference.size() > max);
    }
  }

  private static String pieces(Random rnd) {
    StringBuilder sb = new StringBuilder();
    int n = rnd.nextInt(12);
    for (int i = 0; i < n; i++) {
      sb.append(PIECES[rnd.nextInt(PIECES.length)]);
    }
    return sb.toString();
  }

  private static String wellFormed(Random rnd) {
    String[] names = {"for", "proto", "host", "by", "ext", "FOR", "Proto"};
    String[] values = {
      "192.0.2.1",
      "\"[2001:db8::7]\"",
      "https",
      "\"a\\\"b\"",
      "unknown",
      "_x",
      "\"\"",
      "app:443",
      "\"192.0.2.1:8080\"",
      "\"[fd00::1]:_x\"",
      "\"[2001:db8:\\:1]\"",
      "10.1.2.3"
    };
    StringBuilder sb = new StringBuilder();
    int elements = 1 + rnd.nextInt(5);
    for (int e = 0; e < elements; e++) {
      if (e > 0) {
        sb.append(rnd.nextInt(3) == 0 ? " , " : ",");
      }
      int pairs = rnd.nextInt(4);
      for (int p = 0; p < pairs; p++) {
        if (p > 0) {
          sb.append(rnd.nextInt(4) == 0 ? " ;" : ";");
        }
        sb.append(names[rnd.nextInt(names.length)]).append('=');
        sb.append(values[rnd.nextInt(values.length)]);
      }
    }
    return sb.toString();
  }
}
