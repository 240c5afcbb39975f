package dev.bulwark.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulwark.web.ConfigurationException;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonBodyReaderTest {

  record NewUser(
      @NotNull @Username String username,
      @NotNull @Email String email,
      @NotNull @Size(min = 15, message = "must be at least 15 characters, not '${validatedValue}'")
          String password,
      @Sensitive @Size(max = 3, message = "'${validatedValue}' is too long") String pin,
      List<@SafeText String> tags,
      int age) {}

  /** The shape fuzzed by {@link JsonBodyReaderFuzzTest}. */
  record NewUserForFuzz(
      @NotNull @Username String username,
      @Email String email,
      List<@SafeText String> tags,
      int age) {}

  private final JsonBodyReader reader = JsonBodyReader.builder().maxBytes(2048).maxDepth(8).build();
  private static final ObjectMapper JSON = new ObjectMapper();

  private NewUser read(String json) throws Exception {
    return reader.read(
        new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), NewUser.class);
  }

  private JsonNode problem(String json) throws Exception {
    try {
      read(json);
    } catch (InvalidRequestException e) {
      return JSON.readTree(e.problem().toJson());
    }
    throw new AssertionError("accepted: " + json);
  }

  @Test
  void read_validBody_returnsTheValue() throws Exception {
    NewUser u =
        read(
            "{\"username\":\"alice\",\"email\":\"a@example.com\",\"password\":\"correct horse battery\","
                + "\"pin\":\"123\",\"tags\":[\"x\"],\"age\":30}");
    assertThat(u.username()).isEqualTo("alice");
  }

  @Test
  void read_unknownProperty_isRefusedWithItsPointer() throws Exception {
    JsonNode p = problem("{\"username\":\"alice\",\"age\":3,\"isAdmin\":true}");
    assertThat(p.get("status").asInt()).isEqualTo(400);
    assertThat(p.get("errors").get(0).get("pointer").asText()).isEqualTo("/isAdmin");
    assertThat(p.get("errors").get(0).get("detail").asText()).isEqualTo("is not a known property");
  }

  @Test
  void read_violations_listEveryPointerWithoutEchoingSensitiveValues() throws Exception {
    JsonNode p =
        problem(
            "{\"username\":\"a\",\"email\":\"nope\",\"password\":\"hunter2hunter2\",\"pin\":\"98765\","
                + "\"tags\":[\"ok\",\"bad\\u202e\"],\"age\":1}");
    assertThat(p.get("type").asText()).isEqualTo("https://bulwark.dev/problems/invalid-request");
    assertThat(p.get("detail").asText()).isEqualTo("5 fields are invalid");
    List<String> pointers = p.get("errors").findValuesAsText("pointer");
    assertThat(pointers).containsExactly("/email", "/password", "/pin", "/tags/1", "/username");
    String body = p.toString();
    assertThat(body).doesNotContain("hunter2hunter2").doesNotContain("98765");
    assertThat(p.get("errors").get(2).get("detail").asText()).isEqualTo("is invalid");
  }

  @Test
  void read_malformedDuplicateTrailingAndWrongTypes_areRefused() throws Exception {
    assertThat(problem("{\"username\":").get("detail").asText())
        .isEqualTo("The request body is not valid JSON.");
    assertThat(problem("{\"username\":\"a\",\"username\":\"b\"}").get("status").asInt())
        .isEqualTo(400);
    assertThat(problem("{\"age\":1} {}").get("status").asInt()).isEqualTo(400);
    assertThat(problem("{\"age\":\"30\"}").get("errors").get(0).get("pointer").asText())
        .isEqualTo("/age");
    assertThat(problem("{\"age\":1.5}").get("errors").get(0).get("pointer").asText())
        .isEqualTo("/age");
    assertThat(problem("{\"age\":null}").get("errors").get(0).get("pointer").asText())
        .isEqualTo("/age");
    assertThat(problem("[]").get("status").asInt()).isEqualTo(400);
    assertThat(problem("null").get("status").asInt()).isEqualTo(400);
    assertThat(problem("").get("status").asInt()).isEqualTo(400);
  }

  @Test
  void read_deepNesting_isRefused() throws Exception {
    assertThat(problem("{\"tags\":" + "[".repeat(50) + "]".repeat(50) + "}").get("status").asInt())
        .isEqualTo(400);
  }

  @Test
  void read_oversizeBody_is413() throws Exception {
    assertThat(problem("{\"username\":\"" + "a".repeat(5000) + "\"}").get("status").asInt())
        .isEqualTo(413);
  }

  @Test
  void builder_refusesNonsense() {
    assertThatThrownBy(() -> JsonBodyReader.builder().maxBytes(0)).hasMessageContaining("maxBytes");
    assertThatThrownBy(() -> JsonBodyReader.builder().maxDepth(0)).hasMessageContaining("maxDepth");
  }

  @Test
  void builder_refusesOutOfRangeLimits_andASecondValue() {
    assertThatThrownBy(() -> JsonBodyReader.builder().maxDepth(0))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("maxDepth");
    assertThatThrownBy(() -> JsonBodyReader.builder().maxBytes(1024).maxBytes(2048))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("JsonBodyReader.Builder: maxBytes was already set (to 1024)");
  }
}
