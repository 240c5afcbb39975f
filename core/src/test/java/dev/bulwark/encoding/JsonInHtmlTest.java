package dev.bulwark.encoding;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonInHtmlTest {

  @Test
  void toJson_escapesHtmlSignificantCharactersAndRoundTrips() throws Exception {
    String hostile = "</script><!--<script>'&\u2028\u2029\"";
    String json = JsonInHtml.toJson(Map.of("v", hostile));
    assertThat(json).doesNotContain("<", ">", "&", "'", "\u2028", "\u2029");
    assertThat(new ObjectMapper().readValue(json, Map.class)).containsEntry("v", hostile);
  }

  @Test
  void toJson_everyCorpusPayload_hasNoRawAngleBrackets() throws Exception {
    List<String> corpus = XssCorpus.payloads();
    String json = JsonInHtml.toJson(corpus);
    assertThat(json).doesNotContain("<", ">");
    assertThat(new ObjectMapper().readValue(json, List.class)).isEqualTo(corpus);
  }
}
