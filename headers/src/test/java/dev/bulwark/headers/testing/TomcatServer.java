package dev.bulwark.headers.testing;

import jakarta.servlet.Filter;
import jakarta.servlet.Servlet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleState;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.descriptor.web.FilterDef;
import org.apache.tomcat.util.descriptor.web.FilterMap;

/** Tomcat 10.1 embedded on 127.0.0.1, port 0. */
public final class TomcatServer implements TestServer {

  private final Tomcat tomcat = new Tomcat();
  private final Context context;

  public TomcatServer() throws Exception {
    Path base = Files.createTempDirectory("bulwark-tomcat");
    tomcat.setBaseDir(base.toString());
    tomcat.setHostname("127.0.0.1");
    tomcat.setPort(0);
    tomcat.getConnector().setProperty("address", "127.0.0.1");
    context = tomcat.addContext("", base.toString());
  }

  @Override
  public TestServer filter(String name, Filter filter, Map<String, String> initParams) {
    FilterDef def = new FilterDef();
    def.setFilterName(name);
    def.setFilter(filter);
    def.setFilterClass(filter.getClass().getName());
    initParams.forEach(def::addInitParameter);
    context.addFilterDef(def);
    FilterMap map = new FilterMap();
    map.setFilterName(name);
    map.addURLPattern("/*");
    context.addFilterMap(map);
    return this;
  }

  @Override
  public TestServer servlet(String name, Servlet servlet, String pattern) {
    Tomcat.addServlet(context, name, servlet);
    context.addServletMappingDecoded(pattern, name);
    return this;
  }

  @Override
  public TestServer start() throws Exception {
    tomcat.start();
    if (context.getState() != LifecycleState.STARTED) {
      throw new IllegalStateException("Tomcat context did not start: " + context.getState());
    }
    return this;
  }

  @Override
  public int port() {
    return tomcat.getConnector().getLocalPort();
  }

  @Override
  public void close() throws Exception {
    tomcat.stop();
    tomcat.destroy();
  }
}
