package dev.bulwark.web.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.testing.JettyContainer;
import dev.bulwark.testing.ServletContainer;
import dev.bulwark.testing.TomcatContainer;
import dev.bulwark.web.ClientIpResolver;
import dev.bulwark.web.ResolvedClient;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link ClientIpFilter} and the init-param binder inside real Jetty and Tomcat, over real HTTP.
 */
class ClientIpFilterContainerTest {

  interface Factory {
    ServletContainer create() throws Exception;
  }

  static Stream<Factory> containers() {
    return Stream.of(JettyContainer::new, TomcatContainer::new);
  }

  private final HttpClient http = HttpClient.newHttpClient();
  private ServletContainer container;

  @AfterEach
  void stop() throws Exception {
    if (container != null) {
      container.close();
    }
  }

  /** Echoes what the application sees. */
  static final class WhoServlet extends HttpServlet {
    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
      ResolvedClient c = (ResolvedClient) req.getAttribute(ServletClients.ATTRIBUTE);
      resp.setContentType("text/plain");
      resp.getWriter()
          .print(
              req.getRemoteAddr()
                  + "|"
                  + req.isSecure()
                  + "|"
                  + req.getScheme()
                  + "|"
                  + c.rateLimitKey());
    }
  }

  private String get(String xff, String proto) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(container.baseUri().resolve("/who"));
    if (xff != null) {
      b.header("X-Forwarded-For", xff);
    }
    if (proto != null) {
      b.header("X-Forwarded-Proto", proto);
    }
    HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(200);
    return r.body();
  }

  @ParameterizedTest
  @MethodSource("containers")
  void webXml_trustedLoopbackProxy_resolvesTheForwardedClient(Factory f) throws Exception {
    container =
        f.create()
            .filter(
                "ClientIpFilter",
                ClientIpFilter.class,
                Map.of("trustedProxies", "127.0.0.1, ::1"),
                "/*")
            .servlet("who", new WhoServlet(), "/who")
            .start();
    assertThat(get("6.6.6.6, 198.51.100.7", "https"))
        .isEqualTo("198.51.100.7|true|https|198.51.100.7");
    assertThat(get("2001:db8:1:2ff::9", null))
        .isEqualTo("2001:db8:1:2ff::9|false|http|2001:db8:1:200::/56");
    assertThat(get(null, null)).isEqualTo("127.0.0.1|false|http|127.0.0.1");
  }

  @ParameterizedTest
  @MethodSource("containers")
  void code_noTrustedProxy_ignoresSpoofedHeaders(Factory f) throws Exception {
    container =
        f.create()
            .filter("ClientIpFilter", new ClientIpFilter(ClientIpResolver.direct()), "/*")
            .servlet("who", new WhoServlet(), "/who")
            .start();
    assertThat(get("198.51.100.7", "https")).isEqualTo("127.0.0.1|false|http|127.0.0.1");
  }

  @ParameterizedTest
  @MethodSource("containers")
  void webXml_misspeltInitParam_stopsTheApplicationWithTheBindersMessage(Factory f)
      throws Exception {
    container =
        f.create()
            .filter(
                "ClientIpFilter", ClientIpFilter.class, Map.of("trustedProxy", "10.0.0.0/8"), "/*")
            .servlet("who", new WhoServlet(), "/who");
    String expected =
        "Filter 'ClientIpFilter': unknown init-param 'trustedProxy'. Did you mean 'trustedProxies'?";
    assertThatThrownBy(container::start).hasStackTraceContaining(expected);
    if (container.baseUri().getPort() <= 0) {
      return; // the container closed its connector: nothing is served at all
    }
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create(container.baseUri() + "/who")).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isNotEqualTo(200);
  }

  @ParameterizedTest
  @MethodSource("containers")
  void webXml_invalidValue_stopsTheApplication(Factory f) throws Exception {
    container =
        f.create()
            .filter(
                "ClientIpFilter",
                ClientIpFilter.class,
                Map.of("trustedProxies", "10.0.0.1/8"),
                "/*")
            .servlet("who", new WhoServlet(), "/who");
    assertThatThrownBy(container::start).isInstanceOf(Exception.class);
  }
}
