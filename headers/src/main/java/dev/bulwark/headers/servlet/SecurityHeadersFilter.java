package dev.bulwark.headers.servlet;

import dev.bulwark.headers.ContentSecurityPolicy;
import dev.bulwark.headers.SecurityHeadersPolicy;
import dev.bulwark.headers.internal.RequestOrigin;
import dev.bulwark.web.servlet.FilterParams;
import dev.bulwark.web.servlet.ServletPaths;
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
 * <p>The init-params are the settings of {@link SecurityHeadersPolicy#fromSettings} (the table is
 * in {@link SecurityHeadersPolicy}); each is optional, and without any the policy is {@link
 * SecurityHeadersPolicy#defaults()}. An unknown or invalid init-param stops start-up. A filter
 * constructed with a policy refuses init-params.
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
    policy = FilterParams.fromSettings(config, SecurityHeadersPolicy::fromSettings);
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
    String path = ServletPaths.pathOf(request);
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
}
