package dev.bulwark.web.servlet;

import jakarta.servlet.http.HttpServletRequest;

/**
 * The path of a request inside the application, in the sense of a servlet {@code url-pattern}: what
 * every control's path rules ({@link dev.bulwark.web.PathPattern}) are matched against.
 */
public final class ServletPaths {

  private ServletPaths() {}

  /**
   * The request's path inside the application: {@code servletPath + pathInfo}, as the container
   * decoded and normalised them ({@code /a/../admin} is {@code /admin}, {@code %2e} is {@code .}),
   * and {@code /} when both are empty (a request for the context root). The raw {@code
   * getRequestURI()} is deliberately not used: it is neither decoded nor normalised, so a rule on
   * {@code /admin/*} matched against it could be bypassed by {@code /x/../admin/}.
   *
   * @param request the request
   * @return the path, never empty
   */
  public static String pathOf(HttpServletRequest request) {
    String servletPath = request.getServletPath();
    String info = request.getPathInfo();
    // no concatenation in the common case (a path-mapped servlet has no path info): every filter
    // calls this on every request
    if (info == null) {
      return servletPath == null || servletPath.isEmpty() ? "/" : servletPath;
    }
    String path = servletPath == null ? info : servletPath.concat(info);
    return path.isEmpty() ? "/" : path;
  }
}
