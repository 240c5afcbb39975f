package dev.bulwark.web.servlet;

import dev.bulwark.web.ClientIpResolver;
import dev.bulwark.web.HeaderSource;
import dev.bulwark.web.ResolvedClient;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Resolves a servlet request's client once and shares the answer between filters.
 *
 * <p>{@link ClientIpFilter} stores its answer in the request attribute {@link #ATTRIBUTE}; every
 * Bulwark filter that was not given a resolver of its own reads it from there, so one configuration
 * of trusted proxies serves the whole chain. Without that filter, the socket peer is the client.
 */
public final class ServletClients {

  /** The request attribute that holds the {@link ResolvedClient}. */
  public static final String ATTRIBUTE = ResolvedClient.class.getName();

  private static final ClientIpResolver DIRECT = ClientIpResolver.direct();

  private ServletClients() {}

  /**
   * The request's client.
   *
   * @param request the request
   * @param resolver a resolver configured for this filter, or null to use the {@link
   *     ClientIpFilter} answer (or the socket peer when there is none)
   * @return the client, never null
   */
  public static ResolvedClient resolve(
      HttpServletRequest request, @Nullable ClientIpResolver resolver) {
    if (resolver == null) {
      Object cached = request.getAttribute(ATTRIBUTE);
      if (cached instanceof ResolvedClient c) {
        return c;
      }
      resolver = DIRECT;
    }
    return resolver.resolve(
        request.getRemoteAddr(), request.isSecure(), hostOf(request), headers(request));
  }

  /**
   * The request's headers as a {@link HeaderSource}.
   *
   * @param request the request
   * @return a view of its headers
   */
  public static HeaderSource headers(HttpServletRequest request) {
    return name -> {
      Enumeration<String> e = request.getHeaders(name);
      if (e == null || !e.hasMoreElements()) {
        return List.of();
      }
      return Collections.list(e);
    };
  }

  private static @Nullable String hostOf(HttpServletRequest request) {
    String host = request.getHeader("Host");
    return host != null ? host : request.getServerName();
  }
}
