package dev.bulwark.web.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.http.HttpServletRequest;
import java.lang.reflect.Proxy;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

class ServletPathsTest {

  private static HttpServletRequest request(@Nullable String servletPath, @Nullable String info) {
    return (HttpServletRequest)
        Proxy.newProxyInstance(
            ServletPathsTest.class.getClassLoader(),
            new Class<?>[] {HttpServletRequest.class},
            (proxy, method, args) ->
                switch (method.getName()) {
                  case "getServletPath" -> servletPath;
                  case "getPathInfo" -> info;
                  // the raw URI must not be read: it is neither decoded nor normalised
                  case "getRequestURI" -> "/ctx/x/../admin";
                  default -> throw new UnsupportedOperationException(method.getName());
                });
  }

  @Test
  void pathOf_defaultServlet_isTheServletPath() {
    assertThat(ServletPaths.pathOf(request("/api/events", null))).isEqualTo("/api/events");
  }

  @Test
  void pathOf_prefixMappedServlet_joinsServletPathAndPathInfo() {
    assertThat(ServletPaths.pathOf(request("/api", "/admin/users"))).isEqualTo("/api/admin/users");
  }

  @Test
  void pathOf_rootMapping_isThePathInfo() {
    assertThat(ServletPaths.pathOf(request("", "/admin"))).isEqualTo("/admin");
  }

  @Test
  void pathOf_contextRoot_isSlash() {
    assertThat(ServletPaths.pathOf(request("", null))).isEqualTo("/");
    assertThat(ServletPaths.pathOf(request(null, null))).isEqualTo("/");
  }
}
