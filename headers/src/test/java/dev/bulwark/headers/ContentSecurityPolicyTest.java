package dev.bulwark.headers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.headers.testing.HeaderParsing;
import dev.bulwark.web.ConfigurationException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ContentSecurityPolicyTest {

  private static final HeaderContext PLAIN = new HeaderContext(false, null);
  private static final HeaderContext SECURE = new HeaderContext(true, null);

  @Test
  void defaults_areHelmetsWithFrameAncestorsNone() {
    String v = ContentSecurityPolicy.defaults().value(SECURE);
    assertThat(v)
        .isEqualTo(
            "default-src 'self'; base-uri 'self'; font-src 'self' https: data:; form-action 'self';"
                + " frame-ancestors 'none'; img-src 'self' data:; object-src 'none'; script-src"
                + " 'self'; script-src-attr 'none'; style-src 'self' https: 'unsafe-inline';"
                + " upgrade-insecure-requests");
    assertThat(HeaderParsing.csp(v)).hasSize(11);
  }

  @Test
  void upgradeInsecureRequests_isOnlySentOnSecureRequests() {
    assertThat(HeaderParsing.csp(ContentSecurityPolicy.defaults().value(PLAIN)))
        .doesNotContainKey("upgrade-insecure-requests");
  }

  @Test
  void reportOnly_usesTheReportOnlyHeader_andDropsUpgradeInsecureRequests() {
    ContentSecurityPolicy csp = ContentSecurityPolicy.builder().reportOnly().build();
    assertThat(csp.headerName()).isEqualTo("Content-Security-Policy-Report-Only");
    assertThat(csp.value(SECURE)).doesNotContain("upgrade-insecure-requests");
  }

  @Test
  void nonce_isSplicedIntoEveryNonceSource() {
    ContentSecurityPolicy csp = ContentSecurityPolicy.strict().build();
    assertThat(csp.usesNonce()).isTrue();
    Map<String, List<String>> d = HeaderParsing.csp(csp.value(new HeaderContext(true, "abc+/=")));
    assertThat(d.get("script-src")).containsExactly("'nonce-abc+/='", "'strict-dynamic'");
    assertThat(d.get("style-src")).containsExactly("'self'", "'nonce-abc+/='");
  }

  @Test
  void nonce_inOneOrFourDirectives_isSplicedIntoEach() {
    ContentSecurityPolicy one =
        ContentSecurityPolicy.builder()
            .directive("script-src", ContentSecurityPolicy.NONCE)
            .build();
    assertThat(HeaderParsing.csp(one.value(new HeaderContext(false, "n1"))).get("script-src"))
        .containsExactly("'nonce-n1'");
    ContentSecurityPolicy four =
        ContentSecurityPolicy.builder()
            .directive("script-src", ContentSecurityPolicy.NONCE)
            .directive("script-src-elem", ContentSecurityPolicy.NONCE)
            .directive("style-src", ContentSecurityPolicy.NONCE)
            .directive("style-src-elem", ContentSecurityPolicy.NONCE)
            .build();
    String v = four.value(new HeaderContext(true, "n4"));
    Map<String, List<String>> d = HeaderParsing.csp(v);
    for (String directive :
        List.of("script-src", "script-src-elem", "style-src", "style-src-elem")) {
      assertThat(d.get(directive)).as(directive).containsExactly("'nonce-n4'");
    }
    assertThat(v.split("n4", -1)).hasSize(5);
    assertThat(v).doesNotContain("{nonce}");
  }

  @Test
  void value_withoutNonce_whenPolicyNeedsOne_throws() {
    ContentSecurityPolicy csp = ContentSecurityPolicy.strict().build();
    assertThatThrownBy(() -> csp.value(PLAIN)).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void build_withoutDefaultSrc_throwsNamingTheFix() {
    assertThatThrownBy(
            () -> ContentSecurityPolicy.emptyBuilder().directive("script-src", "'self'").build())
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("default-src")
        .hasMessageContaining("dangerouslyDisableDefaultSrc()");
  }

  @Test
  void build_withoutDefaultSrc_isAllowedWhenDangerouslyDisabled() {
    ContentSecurityPolicy csp =
        ContentSecurityPolicy.emptyBuilder()
            .directive("frame-ancestors", "'none'")
            .dangerouslyDisableDefaultSrc()
            .build();
    assertThat(csp.value(PLAIN)).isEqualTo("frame-ancestors 'none'");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"self", "none", "unsafe-inline", "strict-dynamic", "nonce-abc", "sha256-abc"})
  void directive_unquotedKeyword_throwsDidYouMean(String source) {
    assertThatThrownBy(() -> ContentSecurityPolicy.builder().directive("script-src", source))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("did you mean '" + source + "'");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "'self'; script-src *",
        "https://a.example, https://b.example",
        "'self' 'unsafe-inline'",
        "a\r\nSet-Cookie: x=y",
        "caf\u00e9.example",
        "'self'\t"
      })
  void directive_sourceThatCouldInjectDirectivesOrHeaders_throws(String source) {
    assertThatThrownBy(() -> ContentSecurityPolicy.builder().directive("script-src", source))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("script-src");
  }

  @Test
  void directive_misspeltName_throwsDidYouMean() {
    assertThatThrownBy(() -> ContentSecurityPolicy.builder().directive("scirpt-src", "'self'"))
        .hasMessageContaining("did you mean 'script-src'");
  }

  @Test
  void directive_fixedNonce_isRefused() {
    assertThatThrownBy(() -> ContentSecurityPolicy.builder().directive("script-src", "'nonce-abc'"))
        .hasMessageContaining("fixed nonce");
  }

  @Test
  void directive_noneWithOtherSources_isRefused() {
    assertThatThrownBy(
            () -> ContentSecurityPolicy.builder().directive("object-src", "'none'", "'self'"))
        .hasMessageContaining("'none' must be the only source");
  }

  @Test
  void directive_unknownQuotedKeyword_throwsWithSuggestion() {
    assertThatThrownBy(() -> ContentSecurityPolicy.builder().directive("script-src", "'slef'"))
        .hasMessageContaining("'self'");
  }

  @Test
  void sha256_matchesTheBrowsersHashOfInlineCode() {
    // the example of CSP3 §8.3 for alert('Hello, world.');
    assertThat(ContentSecurityPolicy.sha256("alert('Hello, world.');"))
        .isEqualTo("'sha256-qznLcsROx4GACP2dm0UCKCzCG+HiZ1guq6ZZDob/Tng='");
    ContentSecurityPolicy csp =
        ContentSecurityPolicy.builder()
            .directive("script-src", "'self'", ContentSecurityPolicy.sha256("x()"))
            .build();
    assertThat(csp.usesNonce()).isFalse();
  }

  @Test
  void parse_roundTripsTheBuiltPolicy_andValidatesLikeTheBuilder() {
    ContentSecurityPolicy parsed =
        ContentSecurityPolicy.parse(
            "default-src 'self'; script-src 'nonce-{nonce}' 'strict-dynamic';"
                + " upgrade-insecure-requests",
            false);
    assertThat(parsed.usesNonce()).isTrue();
    assertThat(parsed.value(new HeaderContext(true, "n")))
        .isEqualTo(
            "default-src 'self'; script-src 'nonce-n' 'strict-dynamic'; upgrade-insecure-requests");
    assertThatThrownBy(() -> ContentSecurityPolicy.parse("script-src 'self'", false))
        .hasMessageContaining("default-src");
    assertThatThrownBy(() -> ContentSecurityPolicy.parse("default-src self", false))
        .hasMessageContaining("did you mean 'self' (with the single quotes)");
    assertThatThrownBy(
            () -> ContentSecurityPolicy.parse("default-src 'self'; default-src *", false))
        .hasMessageContaining("twice");
  }
}
