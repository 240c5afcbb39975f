package dev.bulwark.web;

import java.util.Collection;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * "Did you mean …?" for misspelt setting names and keywords, shared by every module's error
 * messages. Case-insensitive Levenshtein distance; a candidate that differs in more than 40 % of
 * the characters (at least 2 edits are always allowed) is not offered.
 */
public final class Suggestions {

  private Suggestions() {}

  /**
   * The known word nearest to {@code word}, when it is close enough to be a plausible typo.
   *
   * @param word what the user wrote
   * @param known the accepted words
   * @return the nearest accepted word, or null when none is close
   */
  public static @Nullable String nearest(String word, Collection<String> known) {
    String lower = word.toLowerCase(Locale.ROOT);
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String k : known) {
      int d = distance(lower, k.toLowerCase(Locale.ROOT));
      if (d < bestDistance) {
        bestDistance = d;
        best = k;
      }
    }
    return best != null && bestDistance <= Math.max(2, (word.length() * 2 + 4) / 5) ? best : null;
  }

  /**
   * {@code " Did you mean 'x'?"}, or the empty string when nothing is close.
   *
   * @param word what the user wrote
   * @param known the accepted words
   * @return a sentence to append to a message
   */
  public static String didYouMean(String word, Collection<String> known) {
    String n = nearest(word, known);
    return n == null ? "" : " Did you mean '" + n + "'?";
  }

  /** Levenshtein distance, two rows. */
  static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }
}
