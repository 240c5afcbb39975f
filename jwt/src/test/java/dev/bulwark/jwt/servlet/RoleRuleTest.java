package dev.bulwark.jwt.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.web.ConfigurationException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RoleRuleTest {

  @Test
  void matches_prefixPattern_coversTheDirectoryButNotLookalikes() {
    RoleRule r = RoleRule.parse("/api/admin/*=ADMIN");
    assertThat(r.matches("GET", "/api/admin")).isTrue();
    assertThat(r.matches("POST", "/api/admin/users/1")).isTrue();
    assertThat(r.matches("GET", "/api/administrator")).isFalse();
    assertThat(r.matches("GET", "/api")).isFalse();
  }

  @Test
  void matches_methodAndExactPath() {
    RoleRule r = RoleRule.parse("get /api/events=ADMIN|OPS");
    assertThat(r.method()).isEqualTo("GET");
    assertThat(r.roles()).containsExactlyInAnyOrder("ADMIN", "OPS");
    assertThat(r.matches("GET", "/api/events")).isTrue();
    assertThat(r.matches("DELETE", "/api/events")).isFalse();
    assertThat(r.matches("GET", "/api/events/1")).isFalse();
  }

  @Test
  void matches_aGetRuleAlsoCoversHead_becauseContainersAnswerHeadWithDoGet() {
    RoleRule get = RoleRule.parse("GET /api/events=ADMIN");
    assertThat(get.matches("HEAD", "/api/events")).isTrue();
    RoleRule post = RoleRule.parse("POST /api/events=ADMIN");
    assertThat(post.matches("HEAD", "/api/events")).isFalse();
    RoleRule head = RoleRule.parse("HEAD /api/events=ADMIN");
    assertThat(head.matches("GET", "/api/events")).isFalse();
  }

  @Test
  void parseAll_splitsOnSemicolonsAndNewLines() {
    List<RoleRule> rules = RoleRule.parseAll("GET /a=X; /b/*=Y\n * /c=Z ;");
    assertThat(rules)
        .extracting(RoleRule::toString)
        .containsExactly("GET /a=X", "* /b/*=Y", "* /c=Z");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/api/events",
        "api/events=ADMIN",
        "/api/*/x=ADMIN",
        "/api=",
        "/a=B C",
        "G3T /a=B"
      })
  void parse_malformedRule_throwsNamingTheFix(String text) {
    assertThatThrownBy(() -> RoleRule.parse(text)).isInstanceOf(ConfigurationException.class);
  }

  @Test
  void equality_isByValue() {
    assertThat(RoleRule.of("GET", "/a", "X")).isEqualTo(RoleRule.parse("GET /a=X"));
    assertThat(RoleRule.of("GET", "/a", "X").hashCode())
        .isEqualTo(RoleRule.parse("GET /a=X").hashCode());
  }
}
