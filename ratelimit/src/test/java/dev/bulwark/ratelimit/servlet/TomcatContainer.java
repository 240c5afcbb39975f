package dev.bulwark.ratelimit.servlet;

import jakarta.servlet.http.HttpServlet;
import java.io.File;
import java.net.URI;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleState;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.descriptor.web.FilterDef;
import org.apache.tomcat.util.descriptor.web.FilterMap;

/** Tomcat 10.1 embedded. */
final class TomcatContainer implements Container {

  private Tomcat tomcat;

  @Override
  public URI start(List<FilterSpec> filters, HttpServlet servlet) throws Exception {
    File base = Files.createTempDirectory("bulwark-tomcat").toFile();
    tomcat = new Tomcat();
    tomcat.setBaseDir(base.getAbsolutePath());
    tomcat.setHostname("127.0.0.1");
    tomcat.setPort(0);
    tomcat.getConnector().setProperty("address", "127.0.0.1");
    Context ctx = tomcat.addContext("", base.getAbsolutePath());
    for (FilterSpec f : filters) {
      FilterDef def = new FilterDef();
      def.setFilterName(f.name());
      def.setFilter(f.filter());
      def.setFilterClass(f.filter().getClass().getName());
      for (Map.Entry<String, String> p : f.initParams().entrySet()) {
        def.addInitParameter(p.getKey(), p.getValue());
      }
      ctx.addFilterDef(def);
      FilterMap map = new FilterMap();
      map.setFilterName(f.name());
      map.addURLPattern("/*");
      ctx.addFilterMap(map);
    }
    Tomcat.addServlet(ctx, "app", servlet);
    ctx.addServletMappingDecoded("/", "app");
    tomcat.start();
    if (ctx.getState() != LifecycleState.STARTED) {
      throw new IllegalStateException("Tomcat context failed to start: " + ctx.getState());
    }
    return URI.create("http://127.0.0.1:" + tomcat.getConnector().getLocalPort());
  }

  @Override
  public void close() throws Exception {
    if (tomcat != null) {
      tomcat.stop();
      tomcat.destroy();
    }
  }
}
