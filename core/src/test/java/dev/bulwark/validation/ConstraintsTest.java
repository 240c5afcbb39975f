package dev.bulwark.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.validation.ValidationException;
import jakarta.validation.Validator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ConstraintsTest {

  static final Validator V = Validators.standard();

  record Text(@SafeText(max = 10) String v) {}

  record MultiLine(@SafeText(allowLineBreaks = true, allowTab = true) String v) {}

  record User(@Username String v) {}

  record Mail(@Email String v) {}

  record AsciiMail(@Email(allowInternationalDomain = false) String v) {}

  record Link(@SafeUrl String v) {}

  record PinnedLink(
      @SafeUrl(
              schemes = {"https", "http"},
              hosts = {"example.com", "*.cdn.example"})
          String v) {}

  record BadLink(@SafeUrl(schemes = "javascript") String v) {}

  record File(@SafeFilename String v) {}

  record NewPassword(@Password @Sensitive String v) {}

  record MfaPassword(@Password(multiFactor = true) String v) {}

  private static boolean ok(Object bean) {
    return V.validate(bean).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "hello", "Grüße", "日本語", "emoji 😀", "e\u0301x"})
  void safeText_accepts(String s) {
    // "e\u0301x" is not NFC, so it is only accepted once normalised
    String nfc = java.text.Normalizer.normalize(s, java.text.Normalizer.Form.NFC);
    assertThat(ok(new Text(nfc))).isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "nul\u0000",
        "bell\u0007",
        "line\nbreak",
        "cr\r",
        "tab\t",
        "del\u007f",
        "c1\u0085",
        "rlo\u202e",
        "lri\u2066",
        "lrm\u200e",
        "lone\ud800",
        "lone\udc00x",
        "nonchar\uffff",
        "nonchar\ufdd0",
        "decomposed e\u0301",
        "elevenchars"
      })
  void safeText_refuses(String s) {
    assertThat(ok(new Text(s))).isFalse();
  }

  @Test
  void safeText_lengthCountsCodePoints() {
    assertThat(ok(new Text("😀".repeat(10)))).isTrue();
    assertThat(ok(new Text("😀".repeat(11)))).isFalse();
    assertThat(ok(new MultiLine("a\r\nb\tc"))).isTrue();
    assertThat(ok(new Text(null))).isTrue();
  }

  @Test
  void safeText_messageNamesTheReasonNotTheValue() {
    var v = V.validate(new Text("x\u202egnp.exe")).iterator().next();
    assertThat(v.getMessage()).isEqualTo("must not contain bidirectional formatting characters");
  }

  @ParameterizedTest
  @ValueSource(strings = {"bob", "alice.smith", "a_b-c", "X9z", "abcdefghijklmnopqrstuvwxyz012345"})
  void username_accepts(String s) {
    assertThat(ok(new User(s))).isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "ab",
        ".bob",
        "bob.",
        "bo..b",
        "bo b",
        "аdmin",
        "admin\u0000",
        "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
        "a@b",
        "<b>"
      })
  void username_refuses(String s) {
    assertThat(ok(new User(s))).isFalse();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "a@example.com",
        "first.last+tag@sub.example.co.uk",
        "o'brien@example.ie",
        "x@bücher.example",
        "user@xn--bcher-kva.example",
        "!#$%&'*+/=?^_`{|}~-@example.com"
      })
  void email_accepts(String s) {
    assertThat(ok(new Mail(s))).isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "plain",
        "@example.com",
        "a@",
        "a@localhost",
        "a@b@example.com",
        "\"quoted\"@example.com",
        "Bob <bob@example.com>",
        "bob(comment)@example.com",
        "a..b@example.com",
        ".a@example.com",
        "a.@example.com",
        "a@-example.com",
        "a@example-.com",
        "a@example.123",
        "a@[192.0.2.1]",
        "a b@example.com",
        "a@exa mple.com",
        "a\n@example.com",
        "jürgen@example.com",
      })
  void email_refuses(String s) {
    assertThat(ok(new Mail(s))).isFalse();
  }

  @Test
  void email_lengthLimits() {
    assertThat(ok(new Mail("a".repeat(64) + "@example.com"))).isTrue();
    assertThat(ok(new Mail("a".repeat(65) + "@example.com"))).isFalse();
    String label = "a".repeat(63);
    assertThat(ok(new Mail("a@" + label + ".com"))).isTrue();
    assertThat(ok(new Mail("a@" + label + "a.com"))).isFalse();
    String longDomain = (label + ".").repeat(3) + "b".repeat(57) + ".com"; // 253 chars
    assertThat(ok(new Mail("a@" + longDomain))).isFalse(); // 255 in all: over 254
    assertThat(ok(new AsciiMail("x@bücher.example"))).isFalse();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "https://example.com",
        "HTTPS://Example.com/a?b=c#d",
        "https://a.b.example:8443/p%20q"
      })
  void safeUrl_accepts(String s) {
    assertThat(ok(new Link(s))).isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "http://example.com",
        "javascript:alert(1)",
        "JavaScript:alert(1)",
        " https://example.com",
        "java\tscript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "https://trusted.example@evil.example/",
        "https://user:pw@example.com/",
        "//example.com",
        "/relative",
        "https:///nohost",
        "https://exa mple.com",
        "https://example.com\\@evil.example",
        "https://例え.jp",
        "vbscript:msgbox(1)",
        ""
      })
  void safeUrl_refuses(String s) {
    assertThat(ok(new Link(s))).isFalse();
  }

  @Test
  void safeUrl_hostAllowList() {
    assertThat(ok(new PinnedLink("http://example.com/x"))).isTrue();
    assertThat(ok(new PinnedLink("https://img.cdn.example/x.png"))).isTrue();
    assertThat(ok(new PinnedLink("https://cdn.example/x.png"))).isFalse();
    assertThat(ok(new PinnedLink("https://example.com.evil.example/"))).isFalse();
    assertThat(ok(new PinnedLink("https://evilcdn.example/"))).isFalse();
  }

  @Test
  void safeUrl_dangerousSchemeInTheAnnotation_failsAtFirstUse() {
    assertThatThrownBy(() -> V.validate(new BadLink("javascript:x")))
        .isInstanceOf(ValidationException.class)
        .hasStackTraceContaining("may not allow 'javascript'");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"report.pdf", "Résumé 2026.docx", "a", "console.log", "comx.txt", "COM10"})
  void safeFilename_accepts(String s) {
    assertThat(ok(new File(s))).isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        ".",
        "..",
        "../etc/passwd",
        "a/b",
        "a\\b",
        ".htaccess",
        "CON",
        "con.txt",
        "Nul.tar.gz",
        "COM1",
        "lpt9.log",
        "COM¹",
        "a:b",
        "a*b",
        "a?b",
        "a\"b",
        "a<b",
        "a>b",
        "a|b",
        "trailing.",
        "trailing ",
        "nul\u0000.txt",
        "invoice\u202efdp.exe",
        "CONIN$"
      })
  void safeFilename_refuses(String s) {
    assertThat(ok(new File(s))).isFalse();
  }

  @Test
  void password_followsThePolicyAndNeverQuotesThePassword() {
    assertThat(ok(new NewPassword("a long passphrase nobody guesses"))).isTrue();
    assertThat(ok(new NewPassword(null))).isTrue();
    var short_ = V.validate(new NewPassword("short {x} $y"));
    assertThat(short_).isNotEmpty();
    assertThat(short_).allSatisfy(v -> assertThat(v.getMessage()).doesNotContain("short {x}"));
    assertThat(ok(new NewPassword("passwordpassword"))).isFalse(); // common or repeated
    assertThat(ok(new MfaPassword("k7#Qv9!mZ"))).isTrue();
    assertThat(ok(new NewPassword("k7#Qv9!mZ"))).isFalse();
  }

  @Test
  void safeFilename_byteLimit() {
    assertThat(ok(new File("é".repeat(127)))).isTrue(); // 254 bytes
    assertThat(ok(new File("é".repeat(128)))).isFalse(); // 256 bytes
  }
}
