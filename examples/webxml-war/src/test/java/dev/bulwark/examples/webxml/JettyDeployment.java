package dev.bulwark.examples.webxml;

import java.net.URI;
import java.nio.file.Path;
import org.eclipse.jetty.ee10.webapp.WebAppContext;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * Embedded Jetty 12 on 127.0.0.1, port 0, deploying a webapp directory or {@code .war} as an ee10
 * {@link WebAppContext}: Jetty parses its {@code WEB-INF/web.xml} itself.
 */
final class JettyDeployment implements Deployment {

  private final Server server;
  private final ServerConnector connector;

  private JettyDeployment(Server server, ServerConnector connector) {
    this.server = server;
    this.connector = connector;
  }

  static Deployment deploy(Path webapp) throws Exception {
    Server server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    WebAppContext context = new WebAppContext();
    context.setContextPath("/");
    context.setWar(webapp.toAbsolutePath().toString());
    // by default Jetty logs a failing filter and serves 503s; a broken configuration must not start
    context.setThrowUnavailableOnStartupException(true);
    server.setHandler(context);
    try {
      server.start();
    } catch (Exception e) {
      server.stop();
      throw new Deployment.FailedToStart("Jetty did not start " + webapp, e);
    }
    if (!context.isAvailable()) {
      server.stop();
      throw new Deployment.FailedToStart("Jetty did not make " + webapp + " available");
    }
    return new JettyDeployment(server, connector);
  }

  @Override
  public URI baseUri() {
    return URI.create("http://127.0.0.1:" + connector.getLocalPort());
  }

  @Override
  public void close() throws Exception {
    server.stop();
  }
}
