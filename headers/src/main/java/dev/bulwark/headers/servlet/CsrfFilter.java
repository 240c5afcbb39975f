package dev.bulwark.headers.servlet;

import dev.bulwark.event.Outcome;
import dev.bulwark.event.SecurityEvent;
import dev.bulwark.event.SecurityEventListener;
import dev.bulwark.event.SecurityEventPublisher;
import dev.bulwark.headers.HeaderEvents;
import dev.bulwark.headers.csrf.CsrfPolicy;
import dev.bulwark.headers.csrf.CsrfToken;
import dev.bulwark.headers.csrf.CsrfTokens;
import dev.bulwark.headers.internal.RequestOrigin;
import dev.bulwark.web.ProblemDetail;
import dev.bulwark.web.servlet.FilterParams;
import dev.bulwark.web.servlet.HttpOnlyFilter;
import dev.bulwark.web.servlet.ProblemResponses;
import dev.bulwark.web.servlet.ServletClients;
import dev.bulwark.web.servlet.ServletPaths;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Refuses cross-site state-changing requests with 403 problem+json and a {@link
 * HeaderEvents#CSRF_REJECTED} event, as decided by a {@link CsrfPolicy} (Fetch Metadata, then
 * {@code Origin}), and, when the policy has {@linkplain CsrfPolicy#tokens() tokens}, additionally
 * requires a signed, session-bound double-submit token on every unsafe request that carries
 * cookies.
 *
 * <h2>Token mode</h2>
 *
 * The token lives in the cookie {@value #SECURE_COOKIE} on secure requests ({@code __Host-}: the
 * browser only accepts it with {@code Secure}, {@code Path=/} and no {@code Domain}, so a sibling
 * subdomain cannot plant it) and {@value #PLAIN_COOKIE} on plain-HTTP development hosts. Each
 * response gets a freshly masked copy in the request attribute {@value CsrfToken#ATTRIBUTE} (a
 * {@link CsrfToken}) for forms ({@code _csrf}) or scripts (header {@code X-CSRF-Token}). The token
 * is bound to the servlet session id when a session exists, so changing the session id on login (as
 * every container does on {@code changeSessionId()}) invalidates tokens planted before login.
 *
 * <p>Map it after {@link CorsFilter} and before authentication. The init-params are the settings of
 * {@link CsrfPolicy#fromSettings} (the table is in {@link CsrfPolicy}), {@code tokens} and {@code
 * tokenKey} among them; tokens with a random per-process key (no {@code tokenKey}) log a warning at
 * start-up. A filter constructed with a policy refuses init-params.
 */
public final class CsrfFilter extends HttpOnlyFilter {

  /** The token cookie on secure requests. */
  public static final String SECURE_COOKIE = "__Host-csrf";

  /** The token cookie on plain-HTTP requests. */
  public static final String PLAIN_COOKIE = "csrf";

  private static final Logger LOG = LoggerFactory.getLogger(CsrfFilter.class);

  private @Nullable CsrfPolicy policy;
  private @Nullable CsrfTokens tokens;
  private final SecurityEventListener events;

  /** For {@code web.xml}: configured from init-params; events go to the SLF4J log. */
  public CsrfFilter() {
    this.events = SecurityEventPublisher.logging();
  }

  /**
   * For code.
   *
   * @param policy the Fetch Metadata / Origin policy, with its {@linkplain CsrfPolicy#tokens()
   *     tokens} for form applications
   * @param events where rejections are reported
   */
  public CsrfFilter(CsrfPolicy policy, SecurityEventListener events) {
    this.policy = Objects.requireNonNull(policy, "policy");
    this.tokens = policy.tokens();
    this.events = Objects.requireNonNull(events, "events");
  }

  @Override
  public void init(FilterConfig config) throws ServletException {
    if (policy != null) {
      FilterParams.refuseWhenConfiguredInCode(config, "a policy");
      return;
    }
    CsrfPolicy p = FilterParams.fromSettings(config, CsrfPolicy::fromSettings);
    policy = p;
    CsrfTokens t = p.tokens();
    tokens = t;
    if (t != null && t.isProcessLocal()) {
      // tokens=true without tokenKey: fine on one instance, refused by every other one
      LOG.warn(
          "Filter '{}': CSRF tokens use a random per-process key; a second instance will refuse"
              + " this one's tokens. Set init-param tokenKey.",
          config.getFilterName());
    }
  }

  /**
   * The policy in force.
   *
   * @return the policy
   * @throws IllegalStateException before {@link #init(FilterConfig)} for a {@code web.xml} filter
   */
  public CsrfPolicy policy() {
    CsrfPolicy p = policy;
    if (p == null) {
      throw new IllegalStateException("CsrfFilter was not initialised");
    }
    return p;
  }

  @Override
  protected void filter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    CsrfPolicy p = FilterParams.initialised(policy, "CsrfFilter");
    String method = request.getMethod();
    CsrfTokens t = tokens;
    if (t == null && !CsrfPolicy.isUnsafe(method)) {
      chain.doFilter(request, response);
      return;
    }
    boolean secure = RequestOrigin.secure(request);
    String path = ServletPaths.pathOf(request);
    boolean hasAuthorization = request.getHeader("Authorization") != null;
    boolean hasCookie = request.getHeader("Cookie") != null;
    String origin = request.getHeader("Origin");
    CsrfPolicy.Verdict verdict =
        p.evaluate(
            method,
            path,
            request.getHeader("Sec-Fetch-Site"),
            origin,
            RequestOrigin.ownOrigin(request),
            hasAuthorization,
            hasCookie);
    if (!verdict.allowed()) {
      reject(
          request,
          response,
          method,
          path,
          origin,
          verdict.name().toLowerCase(java.util.Locale.ROOT));
      return;
    }
    if (t != null) {
      String cookieName = secure ? SECURE_COOKIE : PLAIN_COOKIE;
      HttpSession session = request.getSession(false);
      String sessionId = session == null ? "" : session.getId();
      String token = cookie(request, cookieName);
      boolean valid = t.verify(token, sessionId);
      boolean mustCheck =
          CsrfPolicy.isUnsafe(method) && !p.isBypassed(path) && !(hasAuthorization && !hasCookie);
      if (mustCheck) {
        String submitted = request.getHeader(CsrfToken.DEFAULT_HEADER);
        if (submitted == null) {
          submitted = request.getParameter(CsrfToken.DEFAULT_PARAMETER);
        }
        if (!valid || token == null || !t.matches(submitted, token)) {
          reject(
              request,
              response,
              method,
              path,
              origin,
              valid ? "token_mismatch" : "token_missing_or_invalid");
          return;
        }
      }
      if (!valid || token == null) {
        token = t.issue(sessionId);
        response.addHeader(
            "Set-Cookie",
            cookieName
                + "="
                + token
                + "; Path=/; HttpOnly; SameSite=Lax"
                + (secure ? "; Secure" : ""));
      }
      request.setAttribute(
          CsrfToken.ATTRIBUTE,
          new CsrfToken(CsrfToken.DEFAULT_PARAMETER, CsrfToken.DEFAULT_HEADER, t.mask(token)));
    }
    chain.doFilter(request, response);
  }

  private static @Nullable String cookie(HttpServletRequest request, String name) {
    Cookie[] cookies = request.getCookies();
    if (cookies == null) {
      return null;
    }
    for (Cookie c : cookies) {
      if (c.getName().equals(name)) {
        return c.getValue();
      }
    }
    return null;
  }

  private void reject(
      HttpServletRequest request,
      HttpServletResponse response,
      String method,
      String path,
      @Nullable String origin,
      String reason)
      throws IOException {
    events.onEvent(
        SecurityEvent.builder(HeaderEvents.CSRF_REJECTED, Outcome.DENIED)
            .client(ServletClients.resolve(request, null).address())
            .detail("method", method)
            .detail("path", path)
            .detail("origin", origin)
            .detail("reason", reason)
            .build());
    ProblemResponses.send(
        response,
        ProblemDetail.builder(403)
            .title("Forbidden")
            .detail("Cross-site request refused.")
            .build());
  }
}
