package dev.bulwark.headers.testing;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.Servlet;
import java.util.EnumSet;
import java.util.Map;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/** Jetty 12 (ee10) on 127.0.0.1, port 0. */
public final class JettyServer implements TestServer {

  private final Server server = new Server();
  private final ServerConnector connector;
  private final ServletContextHandler context =
      new ServletContextHandler(ServletContextHandler.SESSIONS);

  public JettyServer() {
    HttpConfiguration http = new HttpConfiguration();
    http.setSendServerVersion(false);
    connector = new ServerConnector(server, new HttpConnectionFactory(http));
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    context.setContextPath("/");
    server.setHandler(context);
  }

  @Override
  public TestServer filter(String name, Filter filter, Map<String, String> initParams) {
    FilterHolder h = new FilterHolder(filter);
    h.setName(name);
    h.setInitParameters(initParams);
    context.addFilter(h, "/*", EnumSet.of(DispatcherType.REQUEST));
    return this;
  }

  @Override
  public TestServer servlet(String name, Servlet servlet, String pattern) {
    ServletHolder h = new ServletHolder(servlet);
    h.setName(name);
    context.addServlet(h, pattern);
    return this;
  }

  @Override
  public TestServer start() throws Exception {
    server.start();
    return this;
  }

  @Override
  public int port() {
    return connector.getLocalPort();
  }

  @Override
  public void close() throws Exception {
    server.stop();
  }
}
