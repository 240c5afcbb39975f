package dev.bulwark.ratelimit.servlet;

import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServlet;
import java.net.URI;
import java.util.Map;

/** An embedded servlet container on a free port, started by a test. */
interface Container extends AutoCloseable {

  /** A filter instance, or a filter class configured by init-params. */
  record FilterSpec(String name, Filter filter, Map<String, String> initParams) {}

  /**
   * Starts a container with the filters (in order, on /*) and one servlet on /*.
   *
   * @return the base URI, such as http://127.0.0.1:PORT
   */
  URI start(java.util.List<FilterSpec> filters, HttpServlet servlet) throws Exception;

  @Override
  void close() throws Exception;
}
