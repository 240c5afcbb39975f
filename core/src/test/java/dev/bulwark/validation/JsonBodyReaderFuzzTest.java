package dev.bulwark.validation;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.bulwark.validation.servlet.RequestLimitsFilterAccess;
import java.io.ByteArrayInputStream;
import java.io.IOException;

/** Any bytes: the reader answers with a value or a 400/413 problem, never another exception. */
class JsonBodyReaderFuzzTest {

  private static final JsonBodyReader READER = JsonBodyReader.builder().maxBytes(4096).build();

  @FuzzTest(maxDuration = "30s")
  void read_anyBytes_valueOrProblem(byte[] body) throws IOException {
    try {
      JsonBodyReaderTest.NewUserForFuzz u =
          READER.read(new ByteArrayInputStream(body), JsonBodyReaderTest.NewUserForFuzz.class);
      assertThat(u).isNotNull();
    } catch (InvalidRequestException e) {
      assertThat(e.problem().status()).isIn(400, 413);
    }
    String asText = new String(body, java.nio.charset.StandardCharsets.ISO_8859_1);
    RequestLimitsFilterAccess.isWellEncoded(asText);
  }
}
