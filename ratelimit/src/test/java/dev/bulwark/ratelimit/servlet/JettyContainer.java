package dev.bulwark.ratelimit.servlet;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import java.net.URI;
import java.util.EnumSet;
import java.util.List;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/** Jetty 12 (ee10). */
final class JettyContainer implements Container {

  private Server server;

  @Override
  public URI start(List<FilterSpec> filters, HttpServlet servlet) throws Exception {
    server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    ServletContextHandler ctx = new ServletContextHandler();
    ctx.setContextPath("/");
    for (FilterSpec f : filters) {
      FilterHolder h = new FilterHolder(f.filter());
      h.setName(f.name());
      h.setInitParameters(f.initParams());
      ctx.addFilter(h, "/*", EnumSet.of(DispatcherType.REQUEST));
    }
    ctx.addServlet(new ServletHolder(servlet), "/*");
    server.setHandler(ctx);
    server.start();
    return URI.create("http://127.0.0.1:" + connector.getLocalPort());
  }

  @Override
  public void close() throws Exception {
    if (server != null) {
      server.stop();
    }
  }
}
