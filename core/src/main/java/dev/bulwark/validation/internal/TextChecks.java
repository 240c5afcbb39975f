package dev.bulwark.validation.internal;

/** Code-point classification shared by the constraints. */
public final class TextChecks {

  private TextChecks() {}

  /**
   * Unicode bidirectional formatting characters (embeddings, overrides, isolates and marks), the
   * "Trojan Source" set.
   *
   * @param cp a code point
   * @return true for U+061C, U+200E, U+200F, U+202A–U+202E, U+2066–U+2069
   */
  public static boolean isBidiControl(int cp) {
    return cp == 0x061c
        || cp == 0x200e
        || cp == 0x200f
        || (cp >= 0x202a && cp <= 0x202e)
        || (cp >= 0x2066 && cp <= 0x2069);
  }

  /**
   * A Unicode noncharacter (U+FDD0–U+FDEF and the last two code points of every plane).
   *
   * @param cp a code point
   * @return true for a noncharacter
   */
  public static boolean isNoncharacter(int cp) {
    return (cp >= 0xfdd0 && cp <= 0xfdef) || (cp & 0xfffe) == 0xfffe;
  }

  /**
   * The index of the first unpaired surrogate.
   *
   * @param s text
   * @return its index, or -1 when every surrogate is paired
   */
  public static int firstLoneSurrogate(CharSequence s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c)) {
        if (i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
          i++;
          continue;
        }
        return i;
      }
      if (Character.isLowSurrogate(c)) {
        return i;
      }
    }
    return -1;
  }
}
