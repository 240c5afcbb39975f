package dev.bulwark.examples.monitor;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulwark.web.ProblemDetail;
import dev.bulwark.web.servlet.ProblemResponses;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** JSON responses of the demo's own endpoints. */
final class Json {
  static final ObjectMapper MAPPER = new ObjectMapper();

  private Json() {}

  static void write(HttpServletResponse resp, int status, Object body) throws IOException {
    byte[] bytes = MAPPER.writeValueAsBytes(body);
    resp.setStatus(status);
    resp.setContentType("application/json");
    resp.setCharacterEncoding("UTF-8");
    resp.setContentLength(bytes.length);
    resp.getOutputStream().write(bytes);
  }

  static void unavailable(HttpServletResponse resp, String component) throws IOException {
    resp.setHeader("Retry-After", "5");
    ProblemResponses.send(
        resp,
        ProblemDetail.builder(503)
            .detail(component + " is unavailable; try again shortly.")
            .build());
  }
}
