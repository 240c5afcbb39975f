package dev.bulwark.jwt.internal;

import java.util.Base64;

/**
 * The canonical compact-serialisation check made before Nimbus sees a token.
 *
 * <p>Nimbus's base64url decoder skips illegal characters, so one token has many spellings; a
 * denylist or cache keyed on the string would then miss. Here a part is canonical only when it is
 * made of {@code [A-Za-z0-9_-]}, has no padding, and re-encodes to exactly itself (which rules out
 * non-zero spare bits and impossible lengths). Decoding uses the JDK's strict decoder.
 */
public final class CompactJws {

  private static final Base64.Decoder DECODER = Base64.getUrlDecoder();
  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

  private CompactJws() {}

  /**
   * Splits a compact JWS into its three parts without decoding.
   *
   * @param token the token
   * @return three parts, or null when there are not exactly two dots
   */
  public static String @org.jspecify.annotations.Nullable [] split(String token) {
    int first = token.indexOf('.');
    if (first < 0) {
      return null;
    }
    int second = token.indexOf('.', first + 1);
    if (second < 0 || token.indexOf('.', second + 1) >= 0) {
      return null;
    }
    return new String[] {
      token.substring(0, first), token.substring(first + 1, second), token.substring(second + 1)
    };
  }

  /**
   * Decodes a canonical base64url part.
   *
   * @param part the part
   * @return the bytes, or null when the part is empty or not canonical
   */
  public static byte @org.jspecify.annotations.Nullable [] decodeCanonical(String part) {
    if (part.isEmpty()) {
      return null;
    }
    for (int i = 0; i < part.length(); i++) {
      char c = part.charAt(i);
      boolean ok =
          (c >= 'A' && c <= 'Z')
              || (c >= 'a' && c <= 'z')
              || (c >= '0' && c <= '9')
              || c == '-'
              || c == '_';
      if (!ok) {
        return null;
      }
    }
    byte[] bytes;
    try {
      bytes = DECODER.decode(part);
    } catch (IllegalArgumentException e) {
      return null;
    }
    return ENCODER.encodeToString(bytes).equals(part) ? bytes : null;
  }
}
