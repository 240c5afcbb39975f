package dev.bulwark.encoding;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import org.jspecify.annotations.Nullable;

/**
 * Serialises data as JSON that is safe to place inside an HTML page: in a {@code <script
 * type="application/json">} data block (read it with {@code JSON.parse(el.textContent)}), or as a
 * JavaScript expression inside a {@code <script>} element.
 *
 * <p>JSON itself is not HTML-safe: a string containing {@code </script>} ends the script element,
 * and {@code <!--} changes how the HTML parser reads it. This writer escapes, inside strings,
 * {@code <}, {@code >}, {@code &}, {@code '}, U+2028 and U+2029 (line terminators in older
 * JavaScript) as {@code \}{@code uXXXX}, so the output contains none of those characters literally
 * and still parses to the same value. Serialisation is by Jackson.
 *
 * <p>Do not put the output inside an HTML attribute: use {@code Encode.forHtmlAttribute} for that.
 */
public final class JsonInHtml {

  private static final ObjectMapper MAPPER;

  static {
    JsonMapper m = JsonMapper.builder().build();
    m.getFactory().setCharacterEscapes(new HtmlSafeEscapes());
    MAPPER = m;
  }

  private JsonInHtml() {}

  /**
   * The HTML-safe JSON of a value.
   *
   * @param value a value Jackson can serialise (maps, lists, records, strings, numbers…)
   * @return JSON text without {@code <}, {@code >}, {@code &}, {@code '}, U+2028 or U+2029
   * @throws IllegalArgumentException when the value cannot be serialised
   */
  public static String toJson(@Nullable Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("value cannot be serialised as JSON", e);
    }
  }

  private static final class HtmlSafeEscapes extends CharacterEscapes {
    private static final long serialVersionUID = 1L;
    private static final SerializableString LINE_SEPARATOR = new SerializedString("\\u2028");
    private static final SerializableString PARAGRAPH_SEPARATOR = new SerializedString("\\u2029");
    private final int[] ascii;

    HtmlSafeEscapes() {
      ascii = standardAsciiEscapesForJSON();
      ascii['<'] = ESCAPE_STANDARD;
      ascii['>'] = ESCAPE_STANDARD;
      ascii['&'] = ESCAPE_STANDARD;
      ascii['\''] = ESCAPE_STANDARD;
    }

    @Override
    public int[] getEscapeCodesForAscii() {
      return ascii;
    }

    @Override
    public @Nullable SerializableString getEscapeSequence(int ch) {
      return switch (ch) {
        case 0x2028 -> LINE_SEPARATOR;
        case 0x2029 -> PARAGRAPH_SEPARATOR;
        default -> null;
      };
    }
  }
}
