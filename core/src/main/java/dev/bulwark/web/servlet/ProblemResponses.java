package dev.bulwark.web.servlet;

import dev.bulwark.web.ProblemDetail;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;

/** Writes {@link ProblemDetail} bodies to servlet responses. */
public final class ProblemResponses {

  private ProblemResponses() {}

  /**
   * Sends a problem: resets any buffered body, sets the status, {@code Content-Type:
   * application/problem+json}, {@code Cache-Control: no-store}, and writes the JSON. Headers the
   * caller set before (such as {@code WWW-Authenticate} or {@code Retry-After}) are kept.
   *
   * @param response the response, not yet committed
   * @param problem the problem
   * @throws IOException when writing fails
   * @throws IllegalStateException when the response is already committed
   */
  public static void send(HttpServletResponse response, ProblemDetail problem) throws IOException {
    response.resetBuffer();
    response.setStatus(problem.status());
    response.setContentType(ProblemDetail.MEDIA_TYPE);
    response.setCharacterEncoding("UTF-8");
    response.setHeader("Cache-Control", "no-store");
    response.setHeader("X-Content-Type-Options", "nosniff");
    byte[] body = problem.toJson();
    response.setContentLength(body.length);
    OutputStream out = response.getOutputStream();
    out.write(body);
    out.flush();
  }
}
