package dev.bulwark.headers.servlet;

import dev.bulwark.event.Outcome;
import dev.bulwark.event.SecurityEvent;
import dev.bulwark.event.SecurityEventListener;
import dev.bulwark.event.SecurityEventPublisher;
import dev.bulwark.headers.HeaderEvents;
import dev.bulwark.headers.cors.CorsDecision;
import dev.bulwark.headers.cors.CorsPolicy;
import dev.bulwark.headers.internal.RequestOrigin;
import dev.bulwark.web.ProblemDetail;
import dev.bulwark.web.servlet.FilterParams;
import dev.bulwark.web.servlet.HttpOnlyFilter;
import dev.bulwark.web.servlet.ProblemResponses;
import dev.bulwark.web.servlet.ServletClients;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Enforces a {@link CorsPolicy}. Map it before any authentication filter: it answers preflights
 * ({@code OPTIONS} with {@code Access-Control-Request-Method}) itself with 204, so they never reach
 * authentication (a preflight never carries credentials).
 *
 * <ul>
 *   <li>No {@code Origin}, or the request's own origin: passed on untouched (plus {@code Vary}).
 *   <li>An allowed origin: the CORS headers are added, the request goes on.
 *   <li>A refused origin, method or header: 403 problem+json with no CORS header, and a {@link
 *       HeaderEvents#CORS_REJECTED} event; the application never sees the request.
 * </ul>
 *
 * <p>{@code Vary: Origin} is on every response, so that a shared cache never serves one origin's
 * answer to another.
 *
 * <p>The init-params are the settings of {@link CorsPolicy#fromSettings} (the table is in {@link
 * CorsPolicy}). An unknown or invalid init-param, or a contradictory combination, stops start-up. A
 * filter constructed with a policy refuses init-params.
 */
public final class CorsFilter extends HttpOnlyFilter {

  private @Nullable CorsPolicy policy;
  private final SecurityEventListener events;

  /** For {@code web.xml}: configured from init-params; events go to the SLF4J log. */
  public CorsFilter() {
    this.events = SecurityEventPublisher.logging();
  }

  /**
   * For code.
   *
   * @param policy the policy
   * @param events where rejections are reported
   */
  public CorsFilter(CorsPolicy policy, SecurityEventListener events) {
    this.policy = Objects.requireNonNull(policy, "policy");
    this.events = Objects.requireNonNull(events, "events");
  }

  @Override
  public void init(FilterConfig config) throws ServletException {
    if (policy != null) {
      FilterParams.refuseWhenConfiguredInCode(config, "a policy");
      return;
    }
    policy = FilterParams.fromSettings(config, CorsPolicy::fromSettings);
  }

  /**
   * The policy in force.
   *
   * @return the policy
   * @throws IllegalStateException before {@link #init(FilterConfig)} for a {@code web.xml} filter
   */
  public CorsPolicy policy() {
    CorsPolicy p = policy;
    if (p == null) {
      throw new IllegalStateException("CorsFilter was not initialised");
    }
    return p;
  }

  @Override
  protected void filter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    CorsPolicy p = FilterParams.initialised(policy, "CorsFilter");
    String origin = request.getHeader("Origin");
    String requestMethod = request.getHeader("Access-Control-Request-Method");
    boolean preflight = "OPTIONS".equals(request.getMethod()) && requestMethod != null;
    addVary(response, "Origin");
    if (preflight) {
      addVary(response, "Access-Control-Request-Method");
      addVary(response, "Access-Control-Request-Headers");
    }
    String own = RequestOrigin.ownOrigin(request);
    CorsDecision d =
        p.evaluate(
            request.getMethod(),
            origin,
            own,
            requestMethod,
            request.getHeader("Access-Control-Request-Headers"));
    switch (d.kind()) {
      case NOT_CORS -> chain.doFilter(request, response);
      case ALLOWED -> {
        setAll(response, d.headers());
        chain.doFilter(request, response);
      }
      case PREFLIGHT_ALLOWED -> {
        setAll(response, d.headers());
        response.setStatus(HttpServletResponse.SC_NO_CONTENT);
      }
      case REJECTED -> {
        events.onEvent(
            SecurityEvent.builder(HeaderEvents.CORS_REJECTED, Outcome.DENIED)
                .client(ServletClients.resolve(request, null).address())
                .detail("origin", origin)
                .detail("method", preflight ? requestMethod : request.getMethod())
                .detail("preflight", Boolean.toString(preflight))
                .detail("reason", d.reason())
                .build());
        ProblemResponses.send(
            response,
            ProblemDetail.builder(403)
                .title("Forbidden")
                .detail("Cross-origin request refused.")
                .build());
      }
    }
  }

  private static void setAll(HttpServletResponse response, Map<String, String> headers) {
    headers.forEach(response::setHeader);
  }

  static void addVary(HttpServletResponse response, String name) {
    for (String v : response.getHeaders("Vary")) {
      for (String part : v.split(",")) {
        if (part.trim().equalsIgnoreCase(name) || part.trim().equals("*")) {
          return;
        }
      }
    }
    response.addHeader("Vary", name);
  }
}
