package dev.bulwark.headers.internal;

import dev.bulwark.web.ResolvedClient;
import dev.bulwark.web.servlet.ServletClients;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

/**
 * Cheap answers to "is this request secure?" and "what is its own origin?": the {@link
 * ResolvedClient} that {@code ClientIpFilter} stored when it ran (trusted proxies applied), else
 * what the container says — exactly what {@link ServletClients#resolve} would answer, without
 * parsing the peer address on every request.
 */
public final class RequestOrigin {

  private RequestOrigin() {}

  private static @Nullable ResolvedClient cached(HttpServletRequest request) {
    Object c = request.getAttribute(ServletClients.ATTRIBUTE);
    return c instanceof ResolvedClient rc ? rc : null;
  }

  /**
   * Whether the client used TLS.
   *
   * @param request the request
   * @return the resolved answer
   */
  public static boolean secure(HttpServletRequest request) {
    ResolvedClient c = cached(request);
    return c != null ? c.secure() : request.isSecure();
  }

  /**
   * The origin the client addressed (scheme and host).
   *
   * @param request the request
   * @return the normalised origin, or null when the host is unusable
   */
  public static @Nullable String ownOrigin(HttpServletRequest request) {
    ResolvedClient c = cached(request);
    if (c != null) {
      return Origins.ofRequest(c.scheme(), c.host());
    }
    String host = request.getHeader("Host");
    return Origins.ofRequest(
        request.isSecure() ? "https" : "http", host != null ? host : request.getServerName());
  }
}
