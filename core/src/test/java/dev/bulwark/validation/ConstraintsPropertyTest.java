package dev.bulwark.validation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.validation.internal.TextChecks;
import jakarta.validation.ConstraintViolation;
import java.util.Random;
import java.util.Set;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Seeded random strings over all of Unicode, including unpaired surrogates, controls and
 * noncharacters: every constraint answers with a violation or none, never an exception, and what it
 * accepts has the documented properties. The seed is in the test name.
 */
class ConstraintsPropertyTest {

  record All(
      @SafeText String text,
      @Username String user,
      @Email String mail,
      @SafeUrl String url,
      @SafeFilename String file,
      @Password String password) {}

  static LongStream seeds() {
    return LongStream.range(0, 2000).map(i -> 0xb01dfaceL * 31 + i);
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void anyString_neverThrows_andAcceptedTextIsClean(long seed) {
    Random rnd = new Random(seed);
    String s = randomString(rnd);
    Set<ConstraintViolation<All>> v = ConstraintsTest.V.validate(new All(s, s, s, s, s, s));
    assertThat(v).allSatisfy(x -> assertThat(x.getMessage()).isNotBlank());
    boolean textOk = v.stream().noneMatch(x -> x.getPropertyPath().toString().equals("text"));
    if (textOk) {
      assertThat(TextChecks.firstLoneSurrogate(s)).as("seed %d", seed).isEqualTo(-1);
      assertThat(s.codePoints().noneMatch(cp -> Character.getType(cp) == Character.CONTROL))
          .as("seed %d", seed)
          .isTrue();
      assertThat(s.codePoints().noneMatch(TextChecks::isBidiControl)).as("seed %d", seed).isTrue();
    }
    boolean fileOk = v.stream().noneMatch(x -> x.getPropertyPath().toString().equals("file"));
    if (fileOk) {
      assertThat(s).doesNotContain("/", "\\").isNotIn(".", "..");
    }
  }

  static String randomString(Random rnd) {
    int len = rnd.nextInt(40);
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < len; i++) {
      switch (rnd.nextInt(8)) {
        case 0 -> sb.append((char) rnd.nextInt(0x20)); // C0 controls
        case 1 -> sb.append((char) (0xd800 + rnd.nextInt(0x800))); // any surrogate, often unpaired
        case 2 ->
            sb.appendCodePoint(
                rnd.nextInt(0x110000 - 0x800) < 0xd800
                    ? rnd.nextInt(0xd800)
                    : 0xe000 + rnd.nextInt(0x110000 - 0xe000));
        case 3 -> sb.append("./\\:@%[]<>\"' ").charAt(0);
        case 4 -> sb.append((char) ('a' + rnd.nextInt(26)));
        case 5 ->
            sb.append(
                new String[] {"https://", "@", ".com", "..", "\u202e", "\u0301", "javascript:"}
                    [rnd.nextInt(7)]);
        case 6 -> sb.appendCodePoint(0x1f600 + rnd.nextInt(80));
        default -> sb.append((char) ('0' + rnd.nextInt(10)));
      }
    }
    return sb.toString();
  }
}
