package dev.bulwark.testing;

import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServlet;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleState;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.descriptor.web.FilterDef;
import org.apache.tomcat.util.descriptor.web.FilterMap;

/** Embedded Tomcat 10.1 on a free loopback port. */
public final class TomcatContainer implements ServletContainer {

  private final Tomcat tomcat = new Tomcat();
  private final Context context;
  private final File baseDir;

  /**
   * A container with an empty root context.
   *
   * @throws IOException when the temporary base directory cannot be created
   */
  public TomcatContainer() throws IOException {
    baseDir = Files.createTempDirectory("bulwark-tomcat").toFile();
    tomcat.setBaseDir(baseDir.getAbsolutePath());
    Connector connector = new Connector();
    connector.setPort(0);
    connector.setProperty("address", "127.0.0.1");
    tomcat.setConnector(connector);
    context = tomcat.addContext("", baseDir.getAbsolutePath());
  }

  @Override
  public ServletContainer filter(String name, Filter filter, String pattern) {
    FilterDef def = new FilterDef();
    def.setFilterName(name);
    def.setFilter(filter);
    def.setFilterClass(filter.getClass().getName());
    context.addFilterDef(def);
    map(name, pattern);
    return this;
  }

  @Override
  public ServletContainer filter(
      String name, Class<? extends Filter> type, Map<String, String> initParams, String pattern) {
    FilterDef def = new FilterDef();
    def.setFilterName(name);
    def.setFilterClass(type.getName());
    initParams.forEach(def::addInitParameter);
    context.addFilterDef(def);
    map(name, pattern);
    return this;
  }

  private void map(String name, String pattern) {
    FilterMap m = new FilterMap();
    m.setFilterName(name);
    m.addURLPattern(pattern);
    context.addFilterMap(m);
  }

  @Override
  public ServletContainer servlet(String name, HttpServlet servlet, String pattern) {
    Tomcat.addServlet(context, name, servlet);
    context.addServletMappingDecoded(pattern, name);
    return this;
  }

  @Override
  public ServletContainer start() throws Exception {
    // Tomcat logs a filter's init failure and marks the context FAILED instead of throwing: capture
    // the logged exception so that tests can read its message.
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
      IllegalStateException e =
          new IllegalStateException(
              "Tomcat context failed to start (state " + context.getState() + ")");
      logged.forEach(e::addSuppressed);
      throw e;
    }
    return this;
  }

  @Override
  public URI baseUri() {
    return URI.create("http://127.0.0.1:" + tomcat.getConnector().getLocalPort());
  }

  @Override
  public String name() {
    return "tomcat";
  }

  @Override
  public void close() throws Exception {
    tomcat.stop();
    tomcat.destroy();
  }
}
