package dev.bulwark.encoding;

import java.util.HexFormat;
import org.jspecify.annotations.Nullable;

/**
 * Neutralises attacker-controlled text before it is written to a log, so that one value cannot
 * forge log lines, hide text or reorder what a reader sees.
 *
 * <p>Encoded as {@code \}{@code uXXXX}: every C0 control character (including CR, LF and TAB), DEL,
 * every C1 control, the Unicode line and paragraph separators U+2028/U+2029, the bidirectional
 * formatting characters U+061C, U+200E, U+200F, U+202A–U+202E and U+2066–U+2069 (the "Trojan
 * Source" characters), the byte-order mark U+FEFF, and unpaired surrogates. A backslash is doubled
 * so that an encoded sequence cannot be forged. Everything else, including valid non-ASCII text,
 * passes unchanged. Text longer than {@code maxLength} code units is cut and marked with {@code …}.
 *
 * <p>This is not an HTML or JSON encoder: a log viewer that renders HTML needs {@code
 * org.owasp.encoder.Encode} on top.
 */
public final class LogSafe {

  /** Default cap on the length of one neutralised value, in UTF-16 code units. */
  public static final int DEFAULT_MAX_LENGTH = 512;

  private static final HexFormat HEX = HexFormat.of();

  private LogSafe() {}

  /**
   * Neutralises a value with the default length cap.
   *
   * @param value attacker-controlled text, or null
   * @return text safe to place on one log line; {@code "null"} for null
   */
  public static String forLog(@Nullable String value) {
    return forLog(value, DEFAULT_MAX_LENGTH);
  }

  /**
   * Neutralises a value.
   *
   * @param value attacker-controlled text, or null
   * @param maxLength the longest input read, in UTF-16 code units; longer input is cut and marked
   * @return text safe to place on one log line; {@code "null"} for null
   */
  public static String forLog(@Nullable String value, int maxLength) {
    if (value == null) {
      return "null";
    }
    int n = Math.min(value.length(), maxLength);
    StringBuilder sb = null;
    for (int i = 0; i < n; i++) {
      char c = value.charAt(i);
      boolean escape;
      if (Character.isHighSurrogate(c)) {
        escape = !(i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1)));
        if (!escape) {
          if (sb != null) {
            sb.append(c).append(value.charAt(i + 1));
          }
          i++;
          continue;
        }
      } else {
        escape = Character.isLowSurrogate(c) || needsEscape(c);
      }
      if (escape || c == '\\') {
        if (sb == null) {
          sb = new StringBuilder(n + 16);
          sb.append(value, 0, i);
        }
        if (c == '\\') {
          sb.append("\\\\");
        } else {
          sb.append("\\u").append(HEX.toHexDigits(c));
        }
      } else if (sb != null) {
        sb.append(c);
      }
    }
    String out = sb == null ? value.substring(0, n) : sb.toString();
    return value.length() > maxLength ? out + "…" : out;
  }

  private static boolean needsEscape(char c) {
    return c < 0x20
        || (c >= 0x7f && c <= 0x9f)
        || c == 0x2028
        || c == 0x2029
        || c == 0x061c
        || c == 0x200e
        || c == 0x200f
        || (c >= 0x202a && c <= 0x202e)
        || (c >= 0x2066 && c <= 0x2069)
        || c == 0xfeff;
  }
}
