package dev.bulwark.headers.testing;

import jakarta.servlet.Filter;
import jakarta.servlet.Servlet;
import java.net.URI;
import java.util.Map;

/** An embedded servlet container started on a free port, configured in code. */
public interface TestServer extends AutoCloseable {

  /** Adds a filter mapped to {@code /*}, in order. */
  TestServer filter(String name, Filter filter, Map<String, String> initParams);

  /** Adds a servlet. */
  TestServer servlet(String name, Servlet servlet, String pattern);

  /** Starts the server. */
  TestServer start() throws Exception;

  /** The bound port. */
  int port();

  /** {@code http://127.0.0.1:port} + path. */
  default URI uri(String path) {
    return URI.create("http://127.0.0.1:" + port() + path);
  }

  @Override
  void close() throws Exception;
}
