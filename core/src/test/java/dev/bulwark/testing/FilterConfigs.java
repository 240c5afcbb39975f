package dev.bulwark.testing;

import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletContext;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A {@link FilterConfig} with init-params, for calling a filter's {@code init} without a server.
 */
public final class FilterConfigs {

  private FilterConfigs() {}

  /**
   * A configuration as {@code web.xml} would give it.
   *
   * @param filterName the filter name
   * @param initParams the init-params, in order
   * @return the configuration; its servlet context is not available
   */
  public static FilterConfig of(String filterName, Map<String, String> initParams) {
    Map<String, String> copy = new LinkedHashMap<>(initParams);
    return new FilterConfig() {
      @Override
      public String getFilterName() {
        return filterName;
      }

      @Override
      public ServletContext getServletContext() {
        throw new UnsupportedOperationException("no servlet context in this test");
      }

      @Override
      public String getInitParameter(String name) {
        return copy.get(name);
      }

      @Override
      public Enumeration<String> getInitParameterNames() {
        return Collections.enumeration(copy.keySet());
      }
    };
  }
}
