package dev.bulwark.examples.boot;

import dev.bulwark.web.ProblemDetail;
import dev.bulwark.web.servlet.ProblemResponses;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.boot.webmvc.error.ErrorController;

/**
 * The container's error page, mapped at {@code /error} (see {@code SecurityConfiguration}): every
 * error — an unknown path, a method Spring MVC does not map, an exception escaping a controller —
 * is answered with problem+json holding the status and its reason phrase only: no exception,
 * message, trace or path.
 *
 * <p>Being an {@link ErrorController} bean, it also stops Spring Boot from creating its {@code
 * BasicErrorController} and whitelabel page. It is a servlet rather than a {@code @RequestMapping}
 * because an error page must answer every method (a failed {@code POST} is forwarded here as a
 * {@code POST}), and a controller mapping for every method is what FindSecBugs rightly flags.
 */
final class ProblemErrorServlet extends HttpServlet implements ErrorController {

  private static final long serialVersionUID = 1L;

  @Override
  protected void service(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    int status =
        request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE) instanceof Integer code
            ? code
            : 404; // /error requested directly: there is nothing here
    if (status < 400 || status > 599) {
      status = 500;
    }
    if (response.isCommitted()) {
      return; // part of the answer is on its way; nothing more can be said
    }
    ProblemResponses.send(response, ProblemDetail.builder(status).build());
  }
}
