package dev.bulwark.web.servlet;

import dev.bulwark.web.ConfigurationException;
import dev.bulwark.web.InitParamBinder;
import dev.bulwark.web.Settings;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** Feeds a filter's init-params to an {@link InitParamBinder}. */
public final class FilterParams {

  private FilterParams() {}

  /**
   * The init-params of a filter.
   *
   * @param config the filter's configuration
   * @return name to value, in the container's order
   */
  public static Map<String, String> of(FilterConfig config) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String name : Collections.list(config.getInitParameterNames())) {
      out.put(name, config.getInitParameter(name));
    }
    return out;
  }

  /**
   * A filter's init-params as {@link Settings}, for a policy's {@code fromSettings}: messages name
   * the filter and call each key an init-param.
   *
   * @param config the filter's configuration
   * @return the settings
   */
  public static Settings settings(FilterConfig config) {
    return Settings.ofFilter(config.getFilterName(), of(config));
  }

  /**
   * Binds a filter's init-params, turning a refusal into a {@link ServletException} so that the
   * container does not start the application.
   *
   * @param config the filter's configuration
   * @param binder the binder with every known parameter declared
   * @throws ServletException with the binder's message when a parameter is unknown or invalid
   */
  public static void bind(FilterConfig config, InitParamBinder binder) throws ServletException {
    try {
      binder.bind(of(config));
    } catch (ConfigurationException e) {
      throw new ServletException(e.getMessage(), e);
    }
  }

  /**
   * For a filter built in code: refuses init-params, which it would otherwise ignore. A setting in
   * {@code web.xml} or a {@code FilterRegistrationBean} that silently does nothing (a role rule, an
   * allowed origin) is worse than a start-up failure.
   *
   * @param config the filter's configuration
   * @param configuredWith what the filter was constructed with, such as {@code "a policy"}
   * @throws ServletException naming the filter when it was given any init-param
   */
  public static void refuseWhenConfiguredInCode(FilterConfig config, String configuredWith)
      throws ServletException {
    if (config.getInitParameterNames().hasMoreElements()) {
      throw new ServletException(
          "Filter '"
              + config.getFilterName()
              + "' was constructed with "
              + configuredWith
              + " and also given init-params "
              + of(config).keySet()
              + ": use one or the other");
    }
  }
}
