package dev.bulwark.web.servlet;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * The base of Bulwark's HTTP filters: {@link #doFilter(ServletRequest, ServletResponse,
 * FilterChain)} hands HTTP exchanges to {@link #filter} and refuses anything else, so that a
 * control is never skipped for a request it cannot read (unlike {@code jakarta.servlet.http
 * .HttpFilter}, it is not {@code Serializable}: a filter holds live policies and stores).
 */
public abstract class HttpOnlyFilter implements Filter {

  /** For subclasses. */
  protected HttpOnlyFilter() {}

  /**
   * Passes an HTTP exchange to {@link #filter}.
   *
   * @throws ServletException for a request or response that is not HTTP: the control cannot apply,
   *     so the exchange does not go on without it
   */
  @Override
  public final void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
      throws IOException, ServletException {
    if (!(req instanceof HttpServletRequest request)
        || !(res instanceof HttpServletResponse response)) {
      throw new ServletException(
          getClass().getSimpleName()
              + " filters HTTP requests only; it was given "
              + req.getClass().getName());
    }
    filter(request, response, chain);
  }

  /**
   * Applies the control to one HTTP exchange.
   *
   * @param request the request
   * @param response the response
   * @param chain the rest of the chain
   * @throws IOException from the chain or the response
   * @throws ServletException from the chain, or when the filter was not initialised
   */
  protected abstract void filter(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws IOException, ServletException;
}
