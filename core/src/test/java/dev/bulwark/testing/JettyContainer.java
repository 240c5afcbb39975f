package dev.bulwark.testing;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServlet;
import java.net.URI;
import java.util.EnumSet;
import java.util.Map;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/** Embedded Jetty 12 (ee10) on a free loopback port, with HTTP sessions. */
public final class JettyContainer implements ServletContainer {

  private final Server server = new Server();
  private final ServerConnector connector = new ServerConnector(server);
  // sessions on, as in Tomcat: tests of session cookies and session-bound tokens need them
  private final ServletContextHandler context =
      new ServletContextHandler(ServletContextHandler.SESSIONS);

  /** A container with an empty root context. */
  public JettyContainer() {
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    context.setContextPath("/");
    server.setHandler(context);
  }

  @Override
  public ServletContainer filter(String name, Filter filter, String pattern) {
    FilterHolder h = new FilterHolder(filter);
    h.setName(name);
    context.addFilter(h, pattern, EnumSet.of(DispatcherType.REQUEST));
    return this;
  }

  @Override
  public ServletContainer filter(
      String name, Class<? extends Filter> type, Map<String, String> initParams, String pattern) {
    FilterHolder h = new FilterHolder(type);
    h.setName(name);
    h.setInitParameters(initParams);
    context.addFilter(h, pattern, EnumSet.of(DispatcherType.REQUEST));
    return this;
  }

  @Override
  public ServletContainer servlet(String name, HttpServlet servlet, String pattern) {
    ServletHolder h = new ServletHolder(name, servlet);
    context.addServlet(h, pattern);
    return this;
  }

  @Override
  public ServletContainer start() throws Exception {
    server.start();
    if (!context.isAvailable() || !context.isStarted()) {
      throw new IllegalStateException("Jetty context failed to start");
    }
    return this;
  }

  @Override
  public URI baseUri() {
    return URI.create("http://127.0.0.1:" + connector.getLocalPort());
  }

  @Override
  public String name() {
    return "jetty";
  }

  @Override
  public void close() throws Exception {
    server.stop();
  }
}
