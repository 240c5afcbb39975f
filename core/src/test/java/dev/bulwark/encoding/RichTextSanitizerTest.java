package dev.bulwark.encoding;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class RichTextSanitizerTest {

  private static final Pattern DANGEROUS =
      Pattern.compile(
          "<\\s*(script|iframe|svg|math|object|embed|style|base|meta|form|link|body)\\b"
              + "|<[^>]*\\son[a-z]+\\s*="
              + "|<[^>]*(href|src)\\s*=\\s*\"?\\s*(javascript|data|vbscript):",
          Pattern.CASE_INSENSITIVE);

  @Test
  void presets_keepBenignFormatting() {
    String html = "<p>Hello <b>bold</b> <em>em</em></p><ul><li>one</li></ul>";
    assertThat(RichTextSanitizer.FORMATTING.sanitize(html)).isEqualTo(html);
  }

  @Test
  void links_getNoFollowNoOpenerNoReferrer() {
    String out =
        RichTextSanitizer.FORMATTING_AND_LINKS.sanitize(
            "<a href=\"https://example.com\" target=\"_blank\">x</a>");
    assertThat(out)
        .contains("href=\"https://example.com\"")
        .contains("rel=\"nofollow noopener noreferrer\"");
    assertThat(out).doesNotContain("target");
    assertThat(RichTextSanitizer.FORMATTING.sanitize("<a href=\"https://e.com\">x</a>"))
        .isEqualTo("x");
  }

  @Test
  void images_onlyInTheImagesPresetAndOnlyHttps() {
    String img = "<img src=\"https://example.com/a.png\" alt=\"a\">";
    assertThat(RichTextSanitizer.FORMATTING_AND_LINKS.sanitize(img)).doesNotContain("<img");
    assertThat(RichTextSanitizer.FORMATTING_LINKS_AND_IMAGES.sanitize(img)).contains("<img");
    assertThat(
            RichTextSanitizer.FORMATTING_LINKS_AND_IMAGES.sanitize(
                "<img src=\"http://e.com/a.png\">"))
        .doesNotContain("<img");
  }

  @Test
  void everyPreset_stripsEveryCorpusPayload() {
    for (RichTextSanitizer s :
        List.of(
            RichTextSanitizer.FORMATTING,
            RichTextSanitizer.FORMATTING_AND_LINKS,
            RichTextSanitizer.FORMATTING_LINKS_AND_IMAGES)) {
      for (String p : XssCorpus.payloads()) {
        String out = s.sanitize(p);
        assertThat(DANGEROUS.matcher(out).find()).as("%s -> %s", p, out).isFalse();
      }
    }
    assertThat(RichTextSanitizer.FORMATTING.sanitize(null)).isEmpty();
  }
}
