package dev.bulwark.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProblemDetailTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void toJson_hasTheStandardMembersAndExtensions() throws Exception {
    ProblemDetail p =
        ProblemDetail.builder(400)
            .type(URI.create("https://bulwark.dev/problems/validation"))
            .detail("2 fields are invalid")
            .instance(URI.create("/api/users"))
            .extension("errors", List.of(Map.of("pointer", "/email", "detail", "not an email")))
            .build();
    JsonNode n = JSON.readTree(p.toJson());
    assertThat(n.get("type").asText()).isEqualTo("https://bulwark.dev/problems/validation");
    assertThat(n.get("title").asText()).isEqualTo("Bad Request");
    assertThat(n.get("status").asInt()).isEqualTo(400);
    assertThat(n.get("instance").asText()).isEqualTo("/api/users");
    assertThat(n.get("errors").get(0).get("pointer").asText()).isEqualTo("/email");
  }

  @Test
  void toJson_hostileDetail_staysAString() throws Exception {
    String hostile = "\"}</script><script>alert(1)</script>\u2028";
    JsonNode n = JSON.readTree(ProblemDetail.builder(400).detail(hostile).build().toJson());
    assertThat(n.get("detail").asText()).isEqualTo(hostile);
    assertThat(n.size()).isEqualTo(4);
  }

  @Test
  void builder_refusesNonErrorStatusReservedNamesAndOpaqueValues() {
    assertThatThrownBy(() -> ProblemDetail.builder(200)).hasMessageContaining("400-599");
    assertThatThrownBy(() -> ProblemDetail.builder(400).extension("status", 1))
        .hasMessageContaining("standard problem member");
    assertThatThrownBy(() -> ProblemDetail.builder(400).extension("x", new Object()))
        .hasMessageContaining("use strings, numbers");
  }

  @Test
  void title_defaultsToTheReasonPhrase() {
    assertThat(ProblemDetail.builder(429).build().title()).isEqualTo("Too Many Requests");
    assertThat(ProblemDetail.builder(418).build().title()).isEqualTo("Client Error");
  }
}
