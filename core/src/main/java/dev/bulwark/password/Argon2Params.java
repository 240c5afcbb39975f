package dev.bulwark.password;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The cost parameters of a stored argon2 hash, for the rehash decision.
 *
 * @param id whether the variant is argon2id
 * @param memoryKib memory in KiB
 * @param iterations passes
 * @param parallelism lanes
 */
record Argon2Params(boolean id, int memoryKib, int iterations, int parallelism) {

  private static final Pattern PARAMS =
      Pattern.compile(
          "\\$argon2(id|i|d)\\$v=\\d+\\$m=(\\d{1,10}),t=(\\d{1,10}),p=(\\d{1,10})\\$.*");

  static Argon2Params parse(String bare) {
    Matcher m = PARAMS.matcher(bare);
    if (!m.matches()) {
      throw new IllegalArgumentException("not an argon2 hash");
    }
    return new Argon2Params(
        "id".equals(m.group(1)), toInt(m.group(2)), toInt(m.group(3)), toInt(m.group(4)));
  }

  private static int toInt(String digits) {
    long v = Long.parseLong(digits);
    return v > Integer.MAX_VALUE ? Integer.MAX_VALUE : (int) v;
  }
}
