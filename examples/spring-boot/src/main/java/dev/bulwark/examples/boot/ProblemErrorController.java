package dev.bulwark.examples.boot;

import dev.bulwark.web.ProblemDetail;
import dev.bulwark.web.servlet.ProblemResponses;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Replaces Spring Boot's {@code BasicErrorController} (and so its whitelabel page): every error
 * that reaches the container's error page — an unknown path, a method Spring MVC does not map, an
 * exception escaping a controller — is answered with problem+json that holds the status and its
 * reason phrase only: no exception, message, trace or path.
 */
@RestController
class ProblemErrorController implements ErrorController {

  @RequestMapping("${server.error.path:/error}")
  void error(HttpServletRequest request, HttpServletResponse response) throws IOException {
    int status =
        request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE) instanceof Integer code
            ? code
            : 500;
    if (status < 400 || status > 599) {
      status = 500;
    }
    ProblemResponses.send(response, ProblemDetail.builder(status).build());
  }
}
