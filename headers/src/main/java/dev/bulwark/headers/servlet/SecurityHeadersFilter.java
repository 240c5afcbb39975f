package dev.bulwark.headers.servlet;

import dev.bulwark.headers.ContentSecurityPolicy;
import dev.bulwark.headers.CookieHardening;
import dev.bulwark.headers.CrossOriginEmbedderPolicy;
import dev.bulwark.headers.CrossOriginOpenerPolicy;
import dev.bulwark.headers.CrossOriginResourcePolicy;
import dev.bulwark.headers.FrameOptions;
import dev.bulwark.headers.PermissionsPolicy;
import dev.bulwark.headers.ReferrerPolicy;
import dev.bulwark.headers.SecurityHeader;
import dev.bulwark.headers.SecurityHeadersPolicy;
import dev.bulwark.headers.StrictTransportSecurity;
import dev.bulwark.headers.internal.RequestOrigin;
import dev.bulwark.web.ConfigurationException;
import dev.bulwark.web.InitParamBinder;
import dev.bulwark.web.servlet.FilterParams;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.ServletResponseWrapper;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Arrays;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Writes a {@link SecurityHeadersPolicy} to every response: the security headers of the response's
 * profile (document or API), a fresh CSP nonce exposed as the request attribute {@value
 * ContentSecurityPolicy#NONCE_ATTRIBUTE}, {@code Cache-Control: no-store} (never over the
 * application's own caching headers) and cookie hardening, all at commit time. Banner headers such
 * as {@code X-Powered-By} set by the application are dropped.
 *
 * <p>Whether the request is secure (for HSTS, {@code upgrade-insecure-requests} and {@code Secure}
 * cookies) comes from {@code dev.bulwark.web.servlet.ClientIpFilter} when it runs first (trusted
 * TLS-terminating proxies), else from the container.
 *
 * <h2>web.xml</h2>
 *
 * <pre>{@code
 * <filter>
 *   <filter-name>SecurityHeadersFilter</filter-name>
 *   <filter-class>dev.bulwark.headers.servlet.SecurityHeadersFilter</filter-class>
 *   <init-param>
 *     <param-name>contentSecurityPolicy</param-name>
 *     <param-value>default-src 'self'; script-src 'nonce-{nonce}' 'strict-dynamic'</param-value>
 *   </init-param>
 *   <init-param><param-name>noHeadersForPaths</param-name><param-value>/static/**</param-value></init-param>
 * </filter>
 * }</pre>
 *
 * <p>Init-params (each optional; the default is {@link SecurityHeadersPolicy#defaults()}; {@code
 * off} drops a header): {@code contentSecurityPolicy}, {@code contentSecurityPolicyReportOnly}
 * (policy text; {@code 'nonce-{nonce}'} for the nonce), {@code strictTransportSecurity} (header
 * text), {@code referrerPolicy}, {@code frameOptions}, {@code crossOriginOpenerPolicy}, {@code
 * crossOriginResourcePolicy}, {@code crossOriginEmbedderPolicy} (header values), {@code
 * permissionsPolicyAllow} ({@code feature=allowlist} pairs separated by {@code ;}, such as {@code
 * fullscreen=self; payment=self https://pay.example.com}), {@code originAgentCluster} ({@code
 * true}/{@code false}), {@code cacheControl} ({@code when-authenticated}, {@code always}, {@code
 * never}), {@code removeHeaders} (names), {@code hardenCookies} ({@code true}/{@code false}),
 * {@code scriptReadableCookies} (names), {@code cookieSameSite} ({@code lax}, {@code strict}),
 * {@code noHeadersForPaths} (patterns), {@code apiProfileForPaths} (patterns, see {@link
 * SecurityHeadersPolicy.Builder#apiProfileFor(String...)}), {@code documentProfileOnly} ({@code
 * true}/{@code false}). An unknown or invalid init-param stops start-up.
 *
 * <h2>Profiles</h2>
 *
 * <p>The headers are written when the response commits (first body byte, {@code flushBuffer},
 * {@code sendError}, {@code sendRedirect}, or the end of the chain), without buffering the body: by
 * then the application has set its content type, which picks the {@linkplain
 * SecurityHeadersPolicy.Profile profile} (see {@link SecurityHeadersPolicy}). A header the
 * application set or removed before that is left alone, so it can still override one on purpose.
 * The nonce is drawn when the application first reads the request attribute, or at commit for a
 * document whose CSP needs one; an API answer draws none.
 *
 * <p>Thread-safe; per request it costs one pattern match per override, the precomputed header
 * writes and, with a nonce, 16 bytes from {@link java.security.SecureRandom}. A response that
 * already passed through a {@code SecurityHeadersFilter} (a forward, a second instance) is not
 * wrapped again: the inner filter's policy replaces the outer one's.
 */
public final class SecurityHeadersFilter implements Filter {

  private @Nullable SecurityHeadersPolicy policy;
  private volatile RenderedPolicy[] rendered = new RenderedPolicy[0];

  /** For {@code web.xml}: configured from init-params in {@link #init(FilterConfig)}. */
  public SecurityHeadersFilter() {}

  /**
   * For code: configured by the given policy.
   *
   * @param policy the policy
   */
  public SecurityHeadersFilter(SecurityHeadersPolicy policy) {
    this.policy = Objects.requireNonNull(policy, "policy");
  }

  @Override
  public void init(FilterConfig config) throws ServletException {
    if (policy != null) {
      FilterParams.refuseWhenConfiguredInCode(config, "a policy");
      return;
    }
    policy = fromInitParams(config);
  }

  static SecurityHeadersPolicy fromInitParams(FilterConfig config) throws ServletException {
    SecurityHeadersPolicy.Builder b = SecurityHeadersPolicy.builder();
    CookieHardening.Builder cookies = CookieHardening.builder();
    boolean[] hardenCookies = {true};
    InitParamBinder binder =
        InitParamBinder.forComponent(config.getFilterName())
            .param(
                "contentSecurityPolicy",
                "a policy such as default-src 'self'; script-src 'nonce-{nonce}', or off",
                v ->
                    header(
                        b,
                        "Content-Security-Policy",
                        v,
                        () -> ContentSecurityPolicy.parse(v, false)))
            .param(
                "contentSecurityPolicyReportOnly",
                "a policy such as default-src 'self'; report-uri /csp-reports",
                v -> b.header(ContentSecurityPolicy.parse(v, true)))
            .param(
                "strictTransportSecurity",
                "max-age=<seconds>[; includeSubDomains][; preload], or off",
                v ->
                    header(
                        b, "Strict-Transport-Security", v, () -> StrictTransportSecurity.parse(v)))
            .param(
                "referrerPolicy",
                "a Referrer-Policy value such as no-referrer, or off",
                v -> header(b, "Referrer-Policy", v, () -> ReferrerPolicy.fromHeaderValue(v)))
            .param(
                "frameOptions",
                "DENY, SAMEORIGIN or off",
                v -> header(b, "X-Frame-Options", v, () -> FrameOptions.fromHeaderValue(v)))
            .param(
                "crossOriginOpenerPolicy",
                "same-origin, same-origin-allow-popups, noopener-allow-popups, unsafe-none or off",
                v ->
                    header(
                        b,
                        "Cross-Origin-Opener-Policy",
                        v,
                        () -> CrossOriginOpenerPolicy.fromHeaderValue(v)))
            .param(
                "crossOriginResourcePolicy",
                "same-origin, same-site, cross-origin or off",
                v ->
                    header(
                        b,
                        "Cross-Origin-Resource-Policy",
                        v,
                        () -> CrossOriginResourcePolicy.fromHeaderValue(v)))
            .param(
                "crossOriginEmbedderPolicy",
                "require-corp or credentialless (off by default)",
                v -> b.crossOriginEmbedderPolicy(CrossOriginEmbedderPolicy.fromHeaderValue(v)))
            .param(
                "permissionsPolicyAllow",
                "feature=allowlist pairs separated by ';', such as fullscreen=self; payment=self"
                    + " https://pay.example.com",
                v -> b.permissionsPolicy(permissions(v)))
            .param(
                "originAgentCluster",
                "true or false",
                v -> {
                  if (!InitParamBinder.bool(v)) {
                    b.disable("Origin-Agent-Cluster");
                  }
                })
            .param(
                "cacheControl",
                "when-authenticated, always or never",
                v ->
                    b.cacheControl(
                        InitParamBinder.enumValue(SecurityHeadersPolicy.CacheControl.class, v)))
            .param(
                "removeHeaders",
                "comma-separated header names such as X-Powered-By, Server",
                v -> b.removeHeaders(InitParamBinder.list(v).toArray(new String[0])))
            .param(
                "hardenCookies", "true or false", v -> hardenCookies[0] = InitParamBinder.bool(v))
            .param(
                "scriptReadableCookies",
                "comma-separated cookie names",
                v -> cookies.scriptReadable(InitParamBinder.list(v).toArray(new String[0])))
            .param(
                "cookieSameSite",
                "lax or strict",
                v ->
                    cookies.defaultSameSite(
                        InitParamBinder.enumValue(CookieHardening.SameSite.class, v)))
            .param(
                "apiProfileForPaths",
                "comma-separated patterns such as /api/**",
                v -> named(() -> b.apiProfileFor(InitParamBinder.list(v).toArray(new String[0]))))
            .param(
                "documentProfileOnly",
                "true or false",
                v -> {
                  if (InitParamBinder.bool(v)) {
                    named(b::documentProfileOnly);
                  }
                })
            .param(
                "noHeadersForPaths",
                "comma-separated patterns such as /static/**, *.png",
                v -> InitParamBinder.list(v).forEach(b::noHeadersForPath));
    FilterParams.bind(config, binder);
    b.cookieHardening(hardenCookies[0] ? cookies.build() : null);
    try {
      return b.build();
    } catch (ConfigurationException | IllegalArgumentException | IllegalStateException e) {
      throw new ServletException("Filter '" + config.getFilterName() + "': " + e.getMessage(), e);
    }
  }

  private static void header(
      SecurityHeadersPolicy.Builder b,
      String name,
      String value,
      java.util.function.Supplier<SecurityHeader> parse) {
    if (value.equalsIgnoreCase("off")) {
      b.disable(name);
    } else {
      b.header(parse.get());
    }
  }

  /** Lets the binder name the init-param in a builder's configuration error. */
  private static void named(Runnable setter) {
    try {
      setter.run();
    } catch (ConfigurationException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }

  private static PermissionsPolicy permissions(String value) {
    PermissionsPolicy.Builder p = PermissionsPolicy.builder();
    for (String entry : value.split(";")) {
      String e = entry.trim();
      if (e.isEmpty()) {
        continue;
      }
      int eq = e.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException("'" + e + "' is not feature=allowlist");
      }
      String allow = e.substring(eq + 1).trim();
      p.allow(e.substring(0, eq).trim(), allow.isEmpty() ? new String[0] : allow.split("[ \\t]+"));
    }
    return p.build();
  }

  /**
   * The policy in force.
   *
   * @return the policy
   * @throws IllegalStateException before {@link #init(FilterConfig)} for a {@code web.xml} filter
   */
  public SecurityHeadersPolicy policy() {
    SecurityHeadersPolicy p = policy;
    if (p == null) {
      throw new IllegalStateException("SecurityHeadersFilter was not initialised");
    }
    return p;
  }

  @Override
  public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
      throws IOException, ServletException {
    if (!(req instanceof HttpServletRequest request)
        || !(res instanceof HttpServletResponse response)) {
      chain.doFilter(req, res);
      return;
    }
    String path = pathOf(request);
    SecurityHeadersPolicy p = policy().forPath(path);
    HeadersResponse existing = existingWrapper(res);
    if (existing != null) {
      // a second pass (a forward, another instance of this filter): one wrapper per response
      if (p != null) {
        existing.use(rendered(p), path);
      }
      chain.doFilter(req, res);
      return;
    }
    if (p == null) {
      chain.doFilter(req, res);
      return;
    }
    HeadersResponse wrapped =
        new HeadersResponse(request, response, rendered(p), path, RequestOrigin.secure(request));
    try {
      chain.doFilter(new HeadersRequest(request, wrapped), wrapped);
    } finally {
      // after an async start the type may still be unknown: the document set then goes out
      wrapped.beforeCommit(false);
    }
  }

  private static @Nullable HeadersResponse existingWrapper(ServletResponse res) {
    ServletResponse r = res;
    while (r instanceof ServletResponseWrapper w) {
      if (r instanceof HeadersResponse h) {
        return h;
      }
      r = w.getResponse();
    }
    return null;
  }

  /** The rendering of the root policy or of one of its overrides, made once per policy. */
  private RenderedPolicy rendered(SecurityHeadersPolicy p) {
    RenderedPolicy[] cache = rendered;
    for (RenderedPolicy r : cache) {
      if (r.policy == p) {
        return r;
      }
    }
    synchronized (this) {
      for (RenderedPolicy r : rendered) {
        if (r.policy == p) {
          return r;
        }
      }
      RenderedPolicy r = new RenderedPolicy(p);
      RenderedPolicy[] grown = Arrays.copyOf(rendered, rendered.length + 1);
      grown[grown.length - 1] = r;
      rendered = grown;
      return r;
    }
  }

  static String pathOf(HttpServletRequest request) {
    String servletPath = request.getServletPath();
    String info = request.getPathInfo();
    String path;
    if (servletPath == null || servletPath.isEmpty()) {
      path = info == null ? "" : info;
    } else {
      path = info == null ? servletPath : servletPath + info;
    }
    return path.isEmpty() ? "/" : path;
  }
}
