package dev.bulwark.examples.monitor;

import dev.bulwark.web.ProblemDetail;
import dev.bulwark.web.servlet.ProblemResponses;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * Refuses TRACE and TRACK: {@code HttpServlet.doTrace} echoes the request's headers, cookies and
 * {@code Authorization} included, into the response body (cross-site tracing).
 */
final class TraceRefusingFilter implements Filter {

  @Override
  public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
      throws IOException, ServletException {
    if (req instanceof HttpServletRequest http
        && res instanceof HttpServletResponse response
        && ("TRACE".equals(http.getMethod()) || "TRACK".equals(http.getMethod()))) {
      response.setHeader("Allow", "GET, HEAD, POST, OPTIONS");
      ProblemResponses.send(
          response, ProblemDetail.builder(405).detail("TRACE is not supported.").build());
      return;
    }
    chain.doFilter(req, res);
  }
}
