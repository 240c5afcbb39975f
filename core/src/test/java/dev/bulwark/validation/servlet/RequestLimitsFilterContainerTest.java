package dev.bulwark.validation.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulwark.testing.JettyContainer;
import dev.bulwark.testing.ServletContainer;
import dev.bulwark.testing.TomcatContainer;
import dev.bulwark.validation.Email;
import dev.bulwark.validation.InvalidRequestException;
import dev.bulwark.validation.JsonBodyReader;
import dev.bulwark.validation.Username;
import dev.bulwark.web.servlet.ProblemResponses;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.constraints.NotNull;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** {@link RequestLimitsFilter} and {@link JsonRequests} inside real Jetty and Tomcat. */
class RequestLimitsFilterContainerTest {

  interface Factory {
    ServletContainer create() throws Exception;
  }

  static Stream<Factory> containers() {
    return Stream.of(JettyContainer::new, TomcatContainer::new);
  }

  record NewUser(@NotNull @Username String username, @NotNull @Email String email) {}

  /** Binds a JSON body, or counts the bytes of any other body. */
  static final class Api extends HttpServlet {
    private final JsonBodyReader reader = JsonBodyReader.standard();

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
      if (req.getRequestURI().endsWith("/users")) {
        try {
          NewUser u = JsonRequests.read(req, reader, NewUser.class);
          resp.setStatus(201);
          resp.getWriter().write(u.username());
        } catch (InvalidRequestException e) {
          ProblemResponses.send(resp, e.problem());
        }
        return;
      }
      long n = 0;
      try (InputStream in = req.getInputStream()) {
        byte[] buf = new byte[4096];
        int r;
        while ((r = in.read(buf)) > 0) {
          n += r;
        }
      }
      resp.getWriter().write(Long.toString(n));
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
      resp.getWriter().write("ok");
    }
  }

  private static final ObjectMapper JSON = new ObjectMapper();
  private ServletContainer container;

  @AfterEach
  void stop() throws Exception {
    if (container != null) {
      container.close();
    }
  }

  private void start(Factory f, Map<String, String> params) throws Exception {
    container =
        f.create()
            .filter("RequestLimitsFilter", RequestLimitsFilter.class, params, "/*")
            .servlet("api", new Api(), "/api/*")
            .start();
  }

  private HttpResponse<String> post(String path, String type, HttpRequest.BodyPublisher body)
      throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(container.baseUri().resolve(path)).POST(body);
    if (type != null) {
      b.header("Content-Type", type);
    }
    // A connection of its own: a container may close the connection after refusing a body it did
    // not read (413, 415, 400), and a pooled connection would race with that close ("header parser
    // received no bytes" on the next request).
    return HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .build()
        .send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @ParameterizedTest
  @MethodSource("containers")
  void oversizeContentLength_is413Problem(Factory f) throws Exception {
    start(f, Map.of("maxBodyBytes", "1000"));
    HttpResponse<String> r =
        post(
            "/api/upload",
            "application/json",
            HttpRequest.BodyPublishers.ofString("x".repeat(1001)));
    assertThat(r.statusCode()).isEqualTo(413);
    assertThat(r.headers().firstValue("Content-Type"))
        .hasValueSatisfying(v -> assertThat(v).startsWith("application/problem+json"));
    assertThat(
            post(
                    "/api/upload",
                    "application/json",
                    HttpRequest.BodyPublishers.ofString("x".repeat(1000)))
                .body())
        .isEqualTo("1000");
  }

  @ParameterizedTest
  @MethodSource("containers")
  void oversizeChunkedBody_isCutOffWith413(Factory f) throws Exception {
    start(f, Map.of("maxBodyBytes", "1000"));
    byte[] big = new byte[50_000];
    HttpResponse<String> r =
        post(
            "/api/upload",
            "application/json",
            HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(big)));
    assertThat(r.statusCode()).isEqualTo(413);
  }

  @ParameterizedTest
  @MethodSource("containers")
  void bodyWithUnlistedOrMissingType_is415(Factory f) throws Exception {
    start(f, Map.of("allowedContentTypes", "application/json"));
    assertThat(
            post("/api/upload", "text/xml", HttpRequest.BodyPublishers.ofString("<x/>"))
                .statusCode())
        .isEqualTo(415);
    assertThat(post("/api/upload", null, HttpRequest.BodyPublishers.ofString("{}")).statusCode())
        .isEqualTo(415);
    assertThat(
            post(
                    "/api/upload",
                    "Application/JSON; charset=utf-8",
                    HttpRequest.BodyPublishers.ofString("{}"))
                .statusCode())
        .isEqualTo(200);
  }

  /** java.net.http refuses to send a malformed URL, so these requests are written by hand. */
  private int rawGetStatus(String target) throws IOException {
    URI base = container.baseUri();
    try (java.net.Socket socket = new java.net.Socket(base.getHost(), base.getPort())) {
      socket.setSoTimeout(10_000);
      String request =
          "GET "
              + target
              + " HTTP/1.1\r\nHost: "
              + base.getHost()
              + "\r\nConnection: close\r\n\r\n";
      socket.getOutputStream().write(request.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      String status =
          new java.io.BufferedReader(
                  new java.io.InputStreamReader(
                      socket.getInputStream(), java.nio.charset.StandardCharsets.US_ASCII))
              .readLine();
      return Integer.parseInt(status.split(" ")[1]);
    }
  }

  @ParameterizedTest
  @MethodSource("containers")
  void malformedPercentEncoding_is400(Factory f) throws Exception {
    start(f, Map.of());
    for (String q : new String[] {"q=%zz", "q=%", "q=%c3%28", "q=%ff"}) {
      assertThat(rawGetStatus("/api/x?" + q)).as(q).isEqualTo(400);
    }
    assertThat(rawGetStatus("/api/x?q=caf%C3%A9")).isEqualTo(200);
  }

  @ParameterizedTest
  @MethodSource("containers")
  void jsonBinding_violationsAreAProblemListingPointers(Factory f) throws Exception {
    start(f, Map.of());
    HttpResponse<String> r =
        post(
            "/api/users",
            "application/json",
            HttpRequest.BodyPublishers.ofString("{\"username\":\"x\",\"email\":\"no\"}"));
    assertThat(r.statusCode()).isEqualTo(400);
    JsonNode p = JSON.readTree(r.body());
    assertThat(p.get("errors").findValuesAsText("pointer")).containsExactly("/email", "/username");
    HttpResponse<String> created =
        post(
            "/api/users",
            "application/json",
            HttpRequest.BodyPublishers.ofString(
                "{\"username\":\"alice\",\"email\":\"a@example.com\"}"));
    assertThat(created.statusCode()).isEqualTo(201);
  }

  @ParameterizedTest
  @MethodSource("containers")
  void invalidInitParam_stopsTheApplication(Factory f) throws Exception {
    container =
        f.create()
            .filter(
                "RequestLimitsFilter", RequestLimitsFilter.class, Map.of("maxBodySize", "10"), "/*")
            .servlet("api", new Api(), "/api/*");
    assertThatThrownBy(container::start)
        .hasStackTraceContaining("unknown init-param 'maxBodySize'. Did you mean 'maxBodyBytes'?");
  }
}
