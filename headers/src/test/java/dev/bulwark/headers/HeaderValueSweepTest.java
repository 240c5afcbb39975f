package dev.bulwark.headers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.web.ConfigurationException;
import org.junit.jupiter.api.Test;

/**
 * Sweeps the whole Basic Multilingual Plane through the validators that guard header text: every
 * character that could end a header line, split a CSP directive or list, or is not visible ASCII
 * must be refused; every other visible ASCII character must be accepted.
 */
class HeaderValueSweepTest {

  private static boolean visibleAscii(char c) {
    return c >= 0x21 && c <= 0x7e;
  }

  @Test
  void cspSource_everyBmpCharacter_isAcceptedOnlyWhenVisibleAsciiOtherThanSemicolonOrComma() {
    for (char c = 0; c < 0xffff; c++) {
      String source = "https://a" + c + "b.example";
      boolean expected = visibleAscii(c) && c != ';' && c != ',';
      if (expected) {
        ContentSecurityPolicy.builder().directive("img-src", source);
      } else {
        char ch = c;
        assertThatThrownBy(() -> ContentSecurityPolicy.builder().directive("img-src", source))
            .as("U+%04X", (int) ch)
            .isInstanceOf(ConfigurationException.class);
      }
    }
  }

  @Test
  void fixedHeaderValue_everyBmpCharacter_isAcceptedOnlyWhenVisibleAsciiOrInnerSpace() {
    for (char c = 0; c < 0xffff; c++) {
      String value = "a" + c + "b";
      boolean expected = visibleAscii(c) || c == ' ';
      if (expected) {
        assertThat(SecurityHeader.fixed("X-Test", value).value(new HeaderContext(false, null)))
            .isEqualTo(value);
      } else {
        char ch = c;
        assertThatThrownBy(() -> SecurityHeader.fixed("X-Test", value))
            .as("U+%04X", (int) ch)
            .isInstanceOf(ConfigurationException.class);
      }
    }
  }
}
