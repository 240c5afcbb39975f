package dev.bulwark.jwt.internal;

import java.nio.ByteBuffer;
import java.util.Arrays;
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

  /**
   * Decodes the canonical base64url part {@code token[from, to)}.
   *
   * <p>Same answer as {@link #decodeCanonical(String)} on that substring, without copying it and
   * without encoding the bytes again to compare: a part of base64url characters re-encodes to
   * itself exactly when its length is not 1 mod 4 and the bits of its last character beyond the
   * last whole byte are zero.
   *
   * @param token the token
   * @param latin1 {@code token}'s ISO-8859-1 bytes (one per character), which the JDK decoder reads
   * @param from first index of the part
   * @param to index after the part
   * @return the bytes, or null when the part is empty or not canonical
   */
  public static byte @org.jspecify.annotations.Nullable [] decodeCanonical(
      String token, byte[] latin1, int from, int to) {
    int len = to - from;
    if (len <= 0) {
      return null;
    }
    for (int i = from; i < to; i++) {
      char c = token.charAt(i);
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
    if (len % 4 == 1) {
      return null; // one character cannot hold a whole byte
    }
    int spareMask = len % 4 == 2 ? 0x0f : len % 4 == 3 ? 0x03 : 0;
    if ((sextet(token.charAt(to - 1)) & spareMask) != 0) {
      return null;
    }
    try {
      ByteBuffer out = DECODER.decode(ByteBuffer.wrap(latin1, from, len));
      byte[] bytes = out.array();
      return bytes.length == out.remaining() ? bytes : Arrays.copyOf(bytes, out.remaining());
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static int sextet(char c) {
    if (c >= 'A' && c <= 'Z') {
      return c - 'A';
    }
    if (c >= 'a' && c <= 'z') {
      return c - 'a' + 26;
    }
    if (c >= '0' && c <= '9') {
      return c - '0' + 52;
    }
    return c == '-' ? 62 : 63;
  }
}
