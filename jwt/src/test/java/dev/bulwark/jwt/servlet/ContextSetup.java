package dev.bulwark.jwt.servlet;

import dev.bulwark.testing.ServletContainer;
import jakarta.servlet.Filter;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.function.Consumer;
import org.apache.catalina.Context;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;

/**
 * Runs app set-up when the container's context starts, before any filter's {@code init}: what a
 * web.xml app does in a {@code ServletContextListener}. The core test-jar's containers have no
 * method for it yet, so this reaches their context (Jetty: a listener; Tomcat: an initializer).
 */
final class ContextSetup {

  private ContextSetup() {}

  static void onStartup(ServletContainer container, Consumer<ServletContext> setup)
      throws ReflectiveOperationException {
    Field f = container.getClass().getDeclaredField("context");
    f.setAccessible(true);
    Object context = f.get(container);
    if (context instanceof ServletContextHandler jetty) {
      jetty.addEventListener(
          new ServletContextListener() {
            @Override
            public void contextInitialized(ServletContextEvent sce) {
              setup.accept(sce.getServletContext());
            }
          });
    } else if (context instanceof Context tomcat) {
      tomcat.addServletContainerInitializer((classes, sc) -> setup.accept(sc), null);
    } else {
      throw new IllegalStateException("unknown container context " + context.getClass());
    }
  }

  /**
   * The instance the container made of a filter declared by class (as web.xml declares it), once
   * the container started: so that a test can read what its {@code init} built.
   */
  static Filter filterInstance(ServletContainer container, String name)
      throws ReflectiveOperationException {
    Field f = container.getClass().getDeclaredField("context");
    f.setAccessible(true);
    Object context = f.get(container);
    if (context instanceof ServletContextHandler jetty) {
      return jetty.getServletHandler().getFilter(name).getFilter();
    }
    if (context instanceof Context tomcat) {
      // StandardContext's, not on the Context interface
      Object config =
          tomcat.getClass().getMethod("findFilterConfig", String.class).invoke(tomcat, name);
      Method getFilter = config.getClass().getDeclaredMethod("getFilter");
      getFilter.setAccessible(true);
      return (Filter) getFilter.invoke(config);
    }
    throw new IllegalStateException("unknown container context " + context.getClass());
  }
}
