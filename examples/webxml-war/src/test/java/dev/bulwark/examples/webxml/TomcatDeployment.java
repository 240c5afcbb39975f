package dev.bulwark.examples.webxml;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleState;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.scan.StandardJarScanner;

/**
 * Embedded Tomcat 10.1 on 127.0.0.1, port 0, deploying a webapp directory or {@code .war} with
 * {@link Tomcat#addWebapp(String, String)}: Tomcat parses its {@code WEB-INF/web.xml} itself.
 */
final class TomcatDeployment implements Deployment {

  private final Tomcat tomcat;

  private TomcatDeployment(Tomcat tomcat) {
    this.tomcat = tomcat;
  }

  static Deployment deploy(Path webapp) throws Exception {
    Tomcat tomcat = new Tomcat();
    Path base = Files.createTempDirectory("webxml-tomcat");
    tomcat.setBaseDir(base.toString());
    // where Tomcat expands a .war
    Files.createDirectories(base.resolve("webapps"));
    Connector connector = new Connector();
    connector.setPort(0);
    connector.setProperty("address", "127.0.0.1");
    tomcat.setConnector(connector);
    // the webapp's web.xml only: no container-wide default servlet or JSP servlet
    tomcat.setAddDefaultWebXmlToWebapp(false);
    Context context = tomcat.addWebapp("", webapp.toAbsolutePath().toString());
    // the test class path is the webapp's parent class loader: do not scan it for fragments
    ((StandardJarScanner) context.getJarScanner()).setScanClassPath(false);

    // Tomcat logs a filter's init failure and marks the context FAILED instead of throwing: capture
    // what it logs so that the failure carries the filter's own message.
    List<Throwable> logged = new CopyOnWriteArrayList<>();
    Handler capture =
        new Handler() {
          @Override
          public void publish(LogRecord r) {
            if (r.getThrown() != null) {
              logged.add(r.getThrown());
            }
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    Logger root = Logger.getLogger("");
    root.addHandler(capture);
    try {
      tomcat.start();
    } finally {
      root.removeHandler(capture);
    }
    if (context.getState() != LifecycleState.STARTED) {
      Deployment.FailedToStart e =
          new Deployment.FailedToStart(
              "Tomcat did not start " + webapp + " (context state " + context.getState() + ")");
      logged.forEach(e::addSuppressed);
      tomcat.stop();
      tomcat.destroy();
      throw e;
    }
    return new TomcatDeployment(tomcat);
  }

  @Override
  public URI baseUri() {
    return URI.create("http://127.0.0.1:" + tomcat.getConnector().getLocalPort());
  }

  @Override
  public void close() throws Exception {
    tomcat.stop();
    tomcat.destroy();
  }
}
