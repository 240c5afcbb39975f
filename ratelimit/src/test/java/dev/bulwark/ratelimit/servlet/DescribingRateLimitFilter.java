package dev.bulwark.ratelimit.servlet;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A {@link RateLimitFilter} as {@code web.xml} declares it (by class, with init-params, in a real
 * container), which records the description the filter gives once initialised, by filter name, so
 * that a test can compare it with the same settings in code.
 */
public final class DescribingRateLimitFilter implements Filter {

  static final Map<String, String> DESCRIPTIONS = new ConcurrentHashMap<>();

  private final RateLimitFilter filter = new RateLimitFilter();

  @Override
  public void init(FilterConfig config) throws ServletException {
    filter.init(config);
    DESCRIPTIONS.put(config.getFilterName(), filter.toString());
  }

  @Override
  public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
      throws IOException, ServletException {
    filter.doFilter(req, res, chain);
  }

  @Override
  public void destroy() {
    filter.destroy();
  }
}
