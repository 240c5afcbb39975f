package dev.bulwark.examples.boot;

import dev.bulwark.validation.InvalidRequestException;
import dev.bulwark.web.servlet.ProblemResponses;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Sends Bulwark's validation problems from controllers as Bulwark's filters send theirs: RFC 9457
 * problem+json written by {@link ProblemResponses}, one format for the whole service. Anything else
 * that escapes a controller reaches the container's error page, {@link ProblemErrorServlet}.
 */
@RestControllerAdvice
class ProblemExceptionHandler {

  @ExceptionHandler(InvalidRequestException.class)
  void invalidRequest(InvalidRequestException e, HttpServletResponse response) throws IOException {
    ProblemResponses.send(response, e.problem());
  }
}
