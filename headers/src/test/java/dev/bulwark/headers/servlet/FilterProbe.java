package dev.bulwark.headers.servlet;

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
 * A filter a container instantiates by class (as from {@code web.xml}) that hands its {@link
 * FilterConfig}, init-params included, to a real Bulwark filter and keeps that filter where the
 * test can read its policy. Public with public no-arg constructors: the container creates it.
 */
public abstract class FilterProbe implements Filter {

  private static final Map<String, Filter> INITIALISED = new ConcurrentHashMap<>();

  private final Filter delegate;

  FilterProbe(Filter delegate) {
    this.delegate = delegate;
  }

  /**
   * The filter the container initialised under a name.
   *
   * @param filterName the name it was registered with
   * @param type the filter's type
   * @param <F> the filter's type
   * @return the filter
   */
  static <F extends Filter> F initialised(String filterName, Class<F> type) {
    Filter f = INITIALISED.get(filterName);
    if (f == null) {
      throw new AssertionError("no filter named " + filterName + " was initialised");
    }
    return type.cast(f);
  }

  @Override
  public void init(FilterConfig config) throws ServletException {
    INITIALISED.remove(config.getFilterName());
    delegate.init(config);
    INITIALISED.put(config.getFilterName(), delegate);
  }

  @Override
  public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
      throws IOException, ServletException {
    delegate.doFilter(req, res, chain);
  }

  /** A {@link SecurityHeadersFilter} from init-params. */
  public static final class Headers extends FilterProbe {
    /** Created by the container. */
    public Headers() {
      super(new SecurityHeadersFilter());
    }
  }

  /** A {@link CorsFilter} from init-params. */
  public static final class Cors extends FilterProbe {
    /** Created by the container. */
    public Cors() {
      super(new CorsFilter());
    }
  }

  /** A {@link CsrfFilter} from init-params. */
  public static final class Csrf extends FilterProbe {
    /** Created by the container. */
    public Csrf() {
      super(new CsrfFilter());
    }
  }
}
