package dev.bulwark.ratelimit.internal;

import java.util.BitSet;
import java.util.List;
import java.util.Locale;

/** A set of HTTP status codes parsed from {@code 401, 403, 5xx}. */
public final class StatusSet {

  private StatusSet() {}

  /**
   * Parses status codes and classes.
   *
   * @param entries codes ({@code 401}) or classes ({@code 4xx})
   * @return the set of codes 100–599
   * @throws IllegalArgumentException on anything else
   */
  public static BitSet parse(List<String> entries) {
    BitSet set = new BitSet(600);
    if (entries.isEmpty()) {
      throw new IllegalArgumentException("list at least one status, such as 401 or 4xx");
    }
    for (String raw : entries) {
      String e = raw.trim().toLowerCase(Locale.ROOT);
      if (e.length() == 3 && e.endsWith("xx") && e.charAt(0) >= '1' && e.charAt(0) <= '5') {
        int base = (e.charAt(0) - '0') * 100;
        set.set(base, base + 100);
        continue;
      }
      int code;
      try {
        code = Integer.parseInt(e);
      } catch (NumberFormatException ex) {
        throw new IllegalArgumentException(
            "'" + raw + "' is not a status: use codes such as 401 or classes such as 4xx", ex);
      }
      if (code < 100 || code > 599) {
        throw new IllegalArgumentException("status " + code + " is outside 100-599");
      }
      set.set(code);
    }
    return set;
  }

  /**
   * The set in the form {@link #parse} reads: whole classes as {@code 4xx}, other codes one by one,
   * ascending, such as {@code 401, 5xx}.
   *
   * @param set codes 100–599
   * @return the description
   */
  public static String describe(BitSet set) {
    StringBuilder sb = new StringBuilder();
    for (int base = 100; base < 600; base += 100) {
      if (set.get(base, base + 100).cardinality() == 100) {
        append(sb, (base / 100) + "xx");
        continue;
      }
      for (int code = set.nextSetBit(base); code >= 0 && code < base + 100; ) {
        append(sb, Integer.toString(code));
        code = set.nextSetBit(code + 1);
      }
    }
    return sb.toString();
  }

  private static void append(StringBuilder sb, String entry) {
    if (sb.length() > 0) {
      sb.append(", ");
    }
    sb.append(entry);
  }
}
