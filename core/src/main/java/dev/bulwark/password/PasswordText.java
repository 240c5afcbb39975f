package dev.bulwark.password;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/** How Bulwark turns typed text into the password it counts and hashes. */
final class PasswordText {

  private PasswordText() {}

  /**
   * NFKC, as NIST SP 800-63B rev 4 §3.1.1.2 asks: composed and decomposed forms, and full-width and
   * compatibility variants that some keyboards and input methods produce, become one password.
   *
   * @param text what the user typed
   * @return the normalised form
   */
  static String normalize(CharSequence text) {
    return Normalizer.normalize(text, Normalizer.Form.NFKC);
  }

  /**
   * Strict UTF-8: a lone surrogate is refused instead of being replaced by {@code ?}, which would
   * make different passwords hash to the same value.
   *
   * @param text the text
   * @return its UTF-8 bytes, or null when it is not well-formed UTF-16
   */
  static byte @Nullable [] utf8(String text) {
    try {
      ByteBuffer buffer =
          StandardCharsets.UTF_8
              .newEncoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .encode(CharBuffer.wrap(text));
      return Arrays.copyOfRange(buffer.array(), buffer.position(), buffer.limit());
    } catch (CharacterCodingException e) {
      return null;
    }
  }

  /**
   * The number of code points.
   *
   * @param text the text
   * @return how many code points it has
   */
  static int codePoints(String text) {
    return text.codePointCount(0, text.length());
  }
}
