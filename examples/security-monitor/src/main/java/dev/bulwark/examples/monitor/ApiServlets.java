package dev.bulwark.examples.monitor;

import dev.bulwark.jwt.VerifiedAccessToken;
import dev.bulwark.jwt.servlet.BearerTokenFilter;
import dev.bulwark.web.ProblemDetail;
import dev.bulwark.web.servlet.ProblemResponses;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Supplier;

/** The demo's small read endpoints. */
final class ApiServlets {

  private ApiServlets() {}

  /** {@code GET /api/me}: the bearer's subject and roles. */
  static final class Me extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
      VerifiedAccessToken token = BearerTokenFilter.verifiedToken(req).orElseThrow();
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("sub", token.subject());
      body.put("roles", new TreeSet<>(token.roles()));
      Json.write(resp, 200, body);
    }
  }

  /** {@code GET /api/events}: recent events (role ADMIN, enforced by the bearer filter's rules). */
  static final class Events extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private final transient EventLog log;

    Events(EventLog log) {
      this.log = log;
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
      // The bearer filter's role rule guards this path; checking here too keeps the events private
      // if the filter mapping is ever changed.
      if (!req.isUserInRole("ADMIN")) {
        ProblemResponses.send(
            resp,
            ProblemDetail.builder(403).detail("Your roles do not allow this request.").build());
        return;
      }
      List<Map<String, Object>> out;
      try {
        out = log.recent(200);
      } catch (StoreUnavailableException e) {
        Json.unavailable(resp, e.component());
        return;
      }
      Json.write(resp, 200, out);
    }
  }

  /** {@code GET /metrics}: Prometheus text format. */
  static final class Metrics extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private final transient PrometheusMeterRegistry registry;

    Metrics(PrometheusMeterRegistry registry) {
      this.registry = registry;
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
      byte[] body = registry.scrape().getBytes(StandardCharsets.UTF_8);
      resp.setContentType("text/plain; version=0.0.4; charset=utf-8");
      resp.setContentLength(body.length);
      resp.getOutputStream().write(body);
    }
  }

  /** {@code GET /health} (liveness) and {@code GET /health/ready} (readiness). */
  static final class Health extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private final transient Map<String, Runnable> components;

    /**
     * @param components name to a check that throws when the component is unreachable
     */
    Health(Map<String, Runnable> components) {
      this.components = components;
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
      resp.setHeader("Cache-Control", "no-store");
      if (!"/ready".equals(req.getPathInfo())) {
        Json.write(resp, 200, Map.of("status", "UP"));
        return;
      }
      List<String> down = new ArrayList<>();
      for (Map.Entry<String, Runnable> c : components.entrySet()) {
        try {
          c.getValue().run();
        } catch (RuntimeException e) {
          down.add(c.getKey());
        }
      }
      if (down.isEmpty()) {
        Json.write(resp, 200, Map.of("status", "UP"));
        return;
      }
      resp.setHeader("Retry-After", "5");
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("type", "about:blank");
      body.put("title", "Service Unavailable");
      body.put("status", 503);
      body.put("detail", "Unreachable: " + String.join(", ", down) + ".");
      body.put("unavailable", down);
      byte[] bytes = Json.MAPPER.writeValueAsBytes(body);
      resp.setStatus(503);
      resp.setContentType("application/problem+json");
      resp.getOutputStream().write(bytes);
    }
  }

  /**
   * {@code GET /}: the page takes its CSP nonce from the request; its script and stylesheet come
   * from {@link DashboardAssets}.
   */
  static final class Dashboard extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private final transient Supplier<String> page;

    Dashboard(Supplier<String> page) {
      this.page = page;
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
      if (!req.getRequestURI().equals("/")) {
        resp.sendError(404);
        return;
      }
      Object nonce = req.getAttribute("cspNonce");
      String html = page.get().replace("{{nonce}}", nonce == null ? "" : nonce.toString());
      byte[] bytes = html.getBytes(StandardCharsets.UTF_8);
      resp.setContentType("text/html;charset=UTF-8");
      resp.setContentLength(bytes.length);
      resp.getOutputStream().write(bytes);
    }
  }
}
