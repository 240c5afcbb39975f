package dev.bulwark.web.servlet;

import dev.bulwark.web.ConfigurationException;
import dev.bulwark.web.InitParamBinder;
import dev.bulwark.web.Settings;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The servlet side of the configuration kernel for Bulwark's filters: a filter hands its
 * init-params to its engine's {@code fromSettings} ({@link #fromSettings}) and never parses them
 * itself; a refusal stops the application's start-up with the engine's message.
 */
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
   * Builds a filter's engine from its init-params through the engine's own {@code fromSettings}:
   * {@code policy = FilterParams.fromSettings(config, CorsPolicy::fromSettings);}.
   *
   * @param config the filter's configuration
   * @param fromSettings the engine's parser, such as {@code CorsPolicy::fromSettings}
   * @param <T> the engine
   * @return what the parser built
   * @throws ServletException with the parser's message (which names the filter, the init-param and
   *     the fix) when it refuses a setting, so that the container does not start the application
   */
  public static <T> T fromSettings(FilterConfig config, Function<Settings, T> fromSettings)
      throws ServletException {
    try {
      return fromSettings.apply(settings(config));
    } catch (ConfigurationException e) {
      throw new ServletException(e.getMessage(), e);
    }
  }

  /**
   * The engine a filter's {@code doFilter} needs, or a failure naming the filter when the container
   * called {@code doFilter} before a successful {@code init} (a filter made with the no-argument
   * constructor and never initialised): never a pass-through.
   *
   * @param engine the engine, null until {@code init} set it
   * @param filterName the filter's class name, for the message
   * @param <T> the engine
   * @return the engine
   * @throws ServletException when the engine is null
   */
  public static <T> T initialised(@Nullable T engine, String filterName) throws ServletException {
    if (engine == null) {
      throw new ServletException(
          filterName
              + " was not initialised: the container must call init(FilterConfig) first, or"
              + " construct the filter with its policy");
    }
    return engine;
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
