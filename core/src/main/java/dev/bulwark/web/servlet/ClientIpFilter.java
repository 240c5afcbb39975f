package dev.bulwark.web.servlet;

import dev.bulwark.web.ClientIpResolver;
import dev.bulwark.web.ResolvedClient;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.io.IOException;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Resolves the real client behind trusted proxies once per request and makes every later filter and
 * servlet see it: {@code getRemoteAddr()}, {@code getRemoteHost()} (the address; no DNS lookup),
 * {@code getScheme()} and {@code isSecure()} answer for the client, and the {@link ResolvedClient}
 * is stored in the request attribute {@link ServletClients#ATTRIBUTE} for the other Bulwark
 * filters.
 *
 * <p>Map it first, before any other Bulwark filter. In {@code web.xml}:
 *
 * <pre>{@code
 * <filter>
 *   <filter-name>ClientIpFilter</filter-name>
 *   <filter-class>dev.bulwark.web.servlet.ClientIpFilter</filter-class>
 *   <init-param><param-name>trustedProxies</param-name><param-value>10.0.0.0/8</param-value></init-param>
 * </filter>
 * }</pre>
 *
 * <p>Init-params: {@code trustedProxies} (comma-separated CIDRs, default none), {@code
 * forwardedHeader} ({@code x-forwarded-for} or {@code forwarded}), {@code ipv6KeyPrefix} (32–64,
 * default 56). An unknown or invalid init-param stops start-up.
 */
public final class ClientIpFilter implements Filter {

  private @Nullable ClientIpResolver resolver;

  /** For {@code web.xml}: configured from init-params. */
  public ClientIpFilter() {}

  /**
   * For code: configured by the given resolver.
   *
   * @param resolver the resolver
   */
  public ClientIpFilter(ClientIpResolver resolver) {
    this.resolver = Objects.requireNonNull(resolver, "resolver");
  }

  @Override
  public void init(FilterConfig config) throws ServletException {
    if (resolver != null) {
      FilterParams.refuseWhenConfiguredInCode(config, "a resolver");
      return;
    }
    resolver = FilterParams.fromSettings(config, ClientIpResolver::fromSettings);
  }

  @Override
  public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
      throws IOException, ServletException {
    ClientIpResolver r = FilterParams.initialised(resolver, "ClientIpFilter");
    if (!(req instanceof HttpServletRequest http)) {
      chain.doFilter(req, res);
      return;
    }
    ResolvedClient client = ServletClients.resolve(http, r);
    http.setAttribute(ServletClients.ATTRIBUTE, client);
    chain.doFilter(new ResolvedRequest(http, client), res);
  }

  private static final class ResolvedRequest extends HttpServletRequestWrapper {
    private final ResolvedClient client;

    ResolvedRequest(HttpServletRequest request, ResolvedClient client) {
      super(request);
      this.client = client;
    }

    @Override
    public String getRemoteAddr() {
      return client.address();
    }

    @Override
    public String getRemoteHost() {
      return client.address();
    }

    @Override
    public String getScheme() {
      return client.scheme();
    }

    @Override
    public boolean isSecure() {
      return client.secure();
    }
  }

  /** The filter and its resolver's effective settings. */
  @Override
  public String toString() {
    return "ClientIpFilter[" + (resolver == null ? "not initialised" : resolver) + "]";
  }
}
