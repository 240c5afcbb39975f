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
import dev.bulwark.web.ConfigurationException;
import dev.bulwark.web.HmacKeys;
import dev.bulwark.web.InitParamBinder;
import dev.bulwark.web.ProblemDetail;
import dev.bulwark.web.servlet.FilterParams;
import dev.bulwark.web.servlet.ProblemResponses;
import dev.bulwark.web.servlet.ServletClients;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
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
 * {@code Origin}), and, when given {@link CsrfTokens}, additionally requires a signed,
 * session-bound double-submit token on every unsafe request that carries cookies.
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
 * <p>Map it after {@link CorsFilter} and before authentication. Init-params: {@code
 * trustedOrigins}, {@code bypassPaths} (comma-separated), {@code allowSameSite} ({@code
 * true}/{@code false}), {@code missingHeaders} ({@code allow}/{@code reject}), {@code tokens}
 * ({@code true}/{@code false}), {@code tokenKey} (base64 of at least 32 secret bytes, shared by all
 * instances; without it a random per-process key is used and a warning logged).
 */
public final class CsrfFilter implements Filter {

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
   * @param policy the Fetch Metadata / Origin policy
   * @param tokens the token service for form applications, or null for header checks only
   * @param events where rejections are reported
   */
  public CsrfFilter(CsrfPolicy policy, @Nullable CsrfTokens tokens, SecurityEventListener events) {
    this.policy = Objects.requireNonNull(policy, "policy");
    this.tokens = tokens;
    this.events = Objects.requireNonNull(events, "events");
  }

  @Override
  public void init(FilterConfig config) throws ServletException {
    if (policy != null) {
      FilterParams.refuseWhenConfiguredInCode(config, "a policy");
      return;
    }
    CsrfPolicy.Builder b = CsrfPolicy.builder();
    boolean[] useTokens = {false};
    HmacKeys[] key = {null};
    InitParamBinder binder =
        InitParamBinder.forComponent(config.getFilterName())
            .param(
                "trustedOrigins",
                "comma-separated origins such as https://login.example.com",
                v -> b.trustedOrigins(InitParamBinder.list(v).toArray(new String[0])))
            .param(
                "bypassPaths",
                "comma-separated patterns such as /webhooks/**",
                v -> b.bypassPaths(InitParamBinder.list(v).toArray(new String[0])))
            .param("allowSameSite", "true or false", v -> b.allowSameSite(InitParamBinder.bool(v)))
            .param(
                "missingHeaders",
                "allow or reject",
                v ->
                    b.missingHeaders(InitParamBinder.enumValue(CsrfPolicy.MissingHeaders.class, v)))
            .param("tokens", "true or false", v -> useTokens[0] = InitParamBinder.bool(v))
            .secretParam(
                "tokenKey",
                "comma-separated base64 keys of at least 32 secret random bytes, the first signing"
                    + " (rotation: new,old)",
                v -> key[0] = HmacKeys.fromBase64(v));
    FilterParams.bind(config, binder);
    try {
      policy = b.build();
    } catch (ConfigurationException | IllegalArgumentException | IllegalStateException e) {
      throw new ServletException("Filter '" + config.getFilterName() + "': " + e.getMessage(), e);
    }
    if (key[0] != null && !useTokens[0]) {
      throw new ServletException(
          "Filter '" + config.getFilterName() + "': tokenKey is set but tokens is not true");
    }
    if (useTokens[0]) {
      if (key[0] == null) {
        LOG.warn(
            "Filter '{}': CSRF tokens use a random per-process key; a second instance will refuse"
                + " this one's tokens. Set init-param tokenKey.",
            config.getFilterName());
        tokens = CsrfTokens.withRandomKey();
      } else {
        tokens = CsrfTokens.withKeys(key[0]);
      }
    }
  }

  @Override
  public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
      throws IOException, ServletException {
    CsrfPolicy p = policy;
    if (p == null) {
      throw new ServletException("CsrfFilter was not initialised");
    }
    if (!(req instanceof HttpServletRequest request)
        || !(res instanceof HttpServletResponse response)) {
      chain.doFilter(req, res);
      return;
    }
    String method = request.getMethod();
    CsrfTokens t = tokens;
    if (t == null && !CsrfPolicy.isUnsafe(method)) {
      chain.doFilter(request, response);
      return;
    }
    boolean secure = RequestOrigin.secure(request);
    String path = SecurityHeadersFilter.pathOf(request);
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
