package dev.bulwark.examples.monitor;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * The two servers of the load test in {@code benchmarks/load/run-load-test.sh}: the demo with its
 * full filter chain (trusting 127.0.0.1 as a proxy, so the load generator can speak for many
 * clients), and a bare Jetty configured the same way whose {@code /api/me} writes the same JSON
 * with no Bulwark filter in front. Writes the ports and a valid access token to the file named by
 * the first argument, then runs until killed. A second argument {@code full} or {@code bare} starts
 * only that server (a fresh JVM per target, as {@code benchmarks/load/chain-throughput.sh} runs
 * them); the default starts both.
 */
public final class LoadTargets {

  private LoadTargets() {}

  /**
   * Starts the servers.
   *
   * @param args the properties file to write, then optionally {@code full} or {@code bare}
   * @throws Exception when a server does not start
   */
  public static void main(String[] args) throws Exception {
    String which = args.length > 1 ? args[1] : "both";
    if (!which.equals("both") && !which.equals("full") && !which.equals("bare")) {
      throw new IllegalArgumentException("second argument: full, bare or both, not " + which);
    }
    Properties p = new Properties();
    Server bare = null;
    if (!which.equals("full")) {
      bare = bareServer();
      p.setProperty(
          "bare.port",
          Integer.toString(((ServerConnector) bare.getConnectors()[0]).getLocalPort()));
    }
    if (!which.equals("bare")) {
      startFull(p);
    }
    Path target = Path.of(args[0]);
    Path tmp = Files.createTempFile(target.toAbsolutePath().getParent(), "load", ".tmp");
    try (OutputStream out = Files.newOutputStream(tmp)) {
      p.store(out, "written by LoadTargets");
    }
    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
    if (bare != null) {
      bare.join();
    } else {
      Thread.currentThread().join();
    }
  }

  private static void startFull(Properties p) throws Exception {
    String password = "load test password for user";
    SecurityMonitor full =
        SecurityMonitor.start(
            MonitorConfig.from(
                Map.of(
                    "PORT", "0",
                    "BULWARK_DEMO_ADMIN_PASSWORD", "load test password for admin",
                    "BULWARK_DEMO_USER_PASSWORD", password,
                    "BULWARK_TRUSTED_PROXIES", "127.0.0.1/32")),
            false);

    HttpResponse<String> login =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(full.baseUri().resolve("/api/auth/login"))
                    .header("Content-Type", "application/json")
                    .POST(
                        HttpRequest.BodyPublishers.ofString(
                            new ObjectMapper()
                                .writeValueAsString(
                                    Map.of("username", "user", "password", password))))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    if (login.statusCode() != 200) {
      throw new IllegalStateException("login failed: " + login.body());
    }
    p.setProperty("full.port", Integer.toString(full.baseUri().getPort()));
    p.setProperty("token", new ObjectMapper().readTree(login.body()).get("access_token").asText());
  }

  private static Server bareServer() throws Exception {
    ServletContextHandler context = new ServletContextHandler();
    context.setContextPath("/");
    context.addServlet(new ServletHolder(new BareMe()), "/api/me");
    Server server = new Server();
    HttpConfiguration http = new HttpConfiguration();
    http.setSendServerVersion(false);
    http.setSendXPoweredBy(false);
    ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
    connector.setPort(0);
    server.addConnector(connector);
    server.setHandler(context);
    server.start();
    return server;
  }

  /** The demo's {@code /api/me} answer for a fixed user, with nothing checked. */
  static final class BareMe extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("sub", "user");
      body.put("roles", new TreeSet<>(List.of("USER")));
      Json.write(resp, 200, body);
    }
  }
}
