package dev.bulwark.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PathPatternTest {

  @ParameterizedTest(name = "{0} vs {1} -> {2}")
  @CsvSource({
    "/login, /login, true",
    "/login, /login/, false",
    "/login, /logins, false",
    "/api/*, /api, true",
    "/api/*, /api/me, true",
    "/api/*, /api/admin/users/7, true",
    "/api/*, /apis, false",
    "/api/*, /ap, false",
    "/api/**, /api/admin/users/7, true",
    "/api/**, /apix/y, false",
    "/*, /, true",
    "/*, /anything/at/all, true",
    "/**, /x, true",
    "*.css, /static/site.css, true",
    "*.css, /static/site.css.map, false",
    "/, /, true",
    "/, /x, false"
  })
  void matchesLikeAServletUrlPattern(String pattern, String path, boolean expected) {
    assertThat(PathPattern.parse(pattern).matches(path)).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "", "api/*", "/a/*/b", "/api*", "*.", "*.c/ss", "*.c*", "/a b", "/a?x", "/a#b", "/a;b"
      })
  void anythingElseIsRefusedNamingTheAcceptedForms(String pattern) {
    assertThatThrownBy(() -> PathPattern.parse(pattern))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("/prefix/*")
        .hasMessageContaining("wildcard");
  }

  @ParameterizedTest
  @ValueSource(strings = {"/x\n/y", "/x\u001b[31m"})
  void aRefusedPatternIsQuotedLogSafely(String pattern) {
    assertThatThrownBy(() -> PathPattern.parse(pattern))
        .message()
        .doesNotContain("\n")
        .doesNotContain("\u001b");
  }
}
