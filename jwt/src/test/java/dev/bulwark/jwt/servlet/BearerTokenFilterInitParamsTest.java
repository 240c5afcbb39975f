package dev.bulwark.jwt.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.nimbusds.jose.jwk.JWK;
import dev.bulwark.jwt.AccessTokenIssuer;
import dev.bulwark.jwt.AccessTokenVerifier;
import dev.bulwark.jwt.KeyRing;
import dev.bulwark.jwt.KeySet;
import dev.bulwark.jwt.TestKeys;
import dev.bulwark.testing.FilterConfigs;
import dev.bulwark.testing.JettyContainer;
import dev.bulwark.testing.ServletContainer;
import dev.bulwark.testing.TomcatContainer;
import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** A bad web.xml configuration stops the application from starting, in both containers. */
class BearerTokenFilterInitParamsTest {

  static Stream<String> containers() {
    return Stream.of("jetty", "tomcat");
  }

  private static ServletContainer container(String name) throws Exception {
    return name.equals("jetty") ? new JettyContainer() : new TomcatContainer();
  }

  private static Map<String, String> valid() throws Exception {
    Path jwks = Files.createTempFile("jwks", ".json");
    Files.writeString(jwks, "{\"keys\":[" + TestKeys.RSA_A.toPublicJWK().toJSONString() + "]}");
    Map<String, String> p = new LinkedHashMap<>();
    p.put("keysFile", jwks.toString());
    p.put("issuer", TestKeys.ISSUER);
    p.put("audience", TestKeys.AUDIENCE);
    return p;
  }

  private static String startupFailure(String containerName, Map<String, String> params)
      throws Exception {
    return startupFailure(containerName, params, ctx -> {});
  }

  private static String startupFailure(
      String containerName, Map<String, String> params, Consumer<ServletContext> setup)
      throws Exception {
    try (ServletContainer c = container(containerName)) {
      ContextSetup.onStartup(c, setup);
      c.filter("bearer", BearerTokenFilter.class, params, "/*");
      Throwable t = catchThrowable(c::start);
      assertThat(t).as("the container must refuse to start").isNotNull();
      StringBuilder all = new StringBuilder();
      for (Throwable x = t; x != null; x = x.getCause()) {
        all.append(x.getMessage()).append('\n');
        for (Throwable s : x.getSuppressed()) {
          for (Throwable y = s; y != null; y = y.getCause()) {
            all.append(y.getMessage()).append('\n');
          }
        }
      }
      return all.toString();
    }
  }

  @ParameterizedTest
  @MethodSource("containers")
  void init_misspelledParam_stopsStartupWithASuggestion(String container) throws Exception {
    Map<String, String> p = valid();
    p.put("audiance", p.remove("audience"));
    assertThat(startupFailure(container, p)).contains("unknown init-param 'audiance'", "audience");
  }

  @ParameterizedTest
  @MethodSource("containers")
  void init_skewAboveCap_stopsStartup(String container) throws Exception {
    Map<String, String> p = valid();
    p.put("clockSkew", "10m");
    assertThat(startupFailure(container, p)).contains("clockSkew");
  }

  @ParameterizedTest
  @MethodSource("containers")
  void init_missingKeysFile_stopsStartup(String container) throws Exception {
    Map<String, String> p = valid();
    p.remove("keysFile");
    assertThat(startupFailure(container, p)).contains("keysFile");
  }

  @ParameterizedTest
  @MethodSource("containers")
  void init_denylistAttributeNotSet_stopsStartupNamingIt(String container) throws Exception {
    Map<String, String> p = valid();
    p.put("denylistAttribute", "app.denylist");
    assertThat(startupFailure(container, p))
        .contains(
            "denylistAttribute", "'app.denylist', which is not set", "ServletContextListener");
  }

  @ParameterizedTest
  @MethodSource("containers")
  void init_denylistAttributeOfTheWrongType_stopsStartupNamingTheType(String container)
      throws Exception {
    Map<String, String> p = valid();
    p.put("denylistAttribute", "app.denylist");
    assertThat(startupFailure(container, p, ctx -> ctx.setAttribute("app.denylist", "oops")))
        .contains("'app.denylist' holds a java.lang.String", "AccessTokenDenylist");
  }

  @ParameterizedTest
  @MethodSource("containers")
  void init_reloadIntervalOutOfRange_stopsStartupNamingIt(String container) throws Exception {
    Map<String, String> p = valid();
    p.put("keysReloadInterval", "100ms");
    assertThat(startupFailure(container, p)).contains("keysReloadInterval", "between 1s and 1h");
  }

  @ParameterizedTest
  @MethodSource("containers")
  void keysReloadInterval_aKeyAddedToTheFileIsAcceptedWithoutARestart(String container)
      throws Exception {
    Map<String, String> p = valid();
    p.put("keysReloadInterval", "1s");
    Path jwks = Path.of(p.get("keysFile"));
    KeyRing signer = KeyRing.of(KeySet.of(List.<JWK>of(TestKeys.RSA_B), null));
    String token =
        AccessTokenIssuer.builder(signer)
            .issuer(TestKeys.ISSUER)
            .audience(TestKeys.AUDIENCE)
            .build()
            .issue("alice", List.of())
            .token();
    try (ServletContainer c = container(container)) {
      c.filter("bearer", BearerTokenFilter.class, p, "/*");
      c.servlet(
          "ok",
          new HttpServlet() {
            private static final long serialVersionUID = 1L;

            @Override
            protected void doGet(HttpServletRequest req, HttpServletResponse resp) {
              resp.setStatus(200);
            }
          },
          "/*");
      c.start();
      HttpClient http = HttpClient.newHttpClient();
      HttpRequest get =
          HttpRequest.newBuilder(c.baseUri().resolve("/x"))
              .header("Authorization", "Bearer " + token)
              .build();
      assertThat(http.send(get, HttpResponse.BodyHandlers.discarding()).statusCode())
          .as("key-b is not in the file yet")
          .isEqualTo(401);

      Files.writeString(
          jwks,
          "{\"keys\":["
              + TestKeys.RSA_A.toPublicJWK().toJSONString()
              + ","
              + TestKeys.RSA_B.toPublicJWK().toJSONString()
              + "]}");
      // the filter checks the file on its own thread: poll with a generous bound
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      int status = 0;
      while (System.nanoTime() < deadline) {
        status = http.send(get, HttpResponse.BodyHandlers.discarding()).statusCode();
        if (status == 200) {
          break;
        }
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(200));
      }
      assertThat(status).as("accepted once the file names key-b").isEqualTo(200);
    }
  }

  @Test
  void filterBuiltInCode_givenInitParamsToo_stopsStartup() throws Exception {
    // a role rule in an init-param that the code-built filter would ignore is refused, not dropped
    BearerTokenFilter built =
        new BearerTokenFilter(
            BearerTokenPolicy.builder(
                    AccessTokenVerifier.builder(
                            KeyRing.of(KeySet.of(List.<JWK>of(TestKeys.RSA_A.toPublicJWK()), null)))
                        .issuer(TestKeys.ISSUER)
                        .audience(TestKeys.AUDIENCE)
                        .build())
                .build());
    jakarta.servlet.FilterConfig config =
        FilterConfigs.of("bearer", Map.of("roleRules", "/api/admin/*=ADMIN"));
    assertThat(catchThrowable(() -> built.init(config)))
        .isInstanceOf(jakarta.servlet.ServletException.class)
        .hasMessageContaining("roleRules")
        .hasMessageContaining("use one or the other");
  }
}
