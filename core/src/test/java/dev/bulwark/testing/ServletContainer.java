package dev.bulwark.testing;

import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServlet;
import java.net.URI;
import java.util.Map;

/**
 * A real embedded servlet container for tests, on a free loopback port. Jetty 12 and Tomcat 10.1
 * implement it, so one abstract test runs in both (shipped in bulwark-core's test-jar).
 */
public interface ServletContainer extends AutoCloseable {

  /**
   * Adds a filter given as an instance (code configuration).
   *
   * @param name the filter name
   * @param filter the instance
   * @param pattern the URL pattern
   * @return this container
   */
  ServletContainer filter(String name, Filter filter, String pattern);

  /**
   * Adds a filter by class with init-params, as {@code web.xml} would.
   *
   * @param name the filter name
   * @param type the filter class (needs a public no-arg constructor)
   * @param initParams the init-params
   * @param pattern the URL pattern
   * @return this container
   */
  ServletContainer filter(
      String name, Class<? extends Filter> type, Map<String, String> initParams, String pattern);

  /**
   * Adds a servlet.
   *
   * @param name the servlet name
   * @param servlet the instance
   * @param pattern the URL pattern
   * @return this container
   */
  ServletContainer servlet(String name, HttpServlet servlet, String pattern);

  /**
   * Starts the container; throws when the application failed to start (a filter's init threw).
   *
   * @return this container
   * @throws Exception whose message chain contains the cause
   */
  ServletContainer start() throws Exception;

  /**
   * The base URI, such as {@code http://127.0.0.1:41234}.
   *
   * @return the base URI
   */
  URI baseUri();

  /**
   * The container's name for test display.
   *
   * @return {@code jetty} or {@code tomcat}
   */
  String name();

  @Override
  void close() throws Exception;
}
