package dev.bulwark.examples.monitor;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/** How the demo's tests talk to a running instance: one request, JSON body optional. */
final class DemoHttp {

  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  private DemoHttp() {}

  /**
   * Sends one request.
   *
   * @param on the instance
   * @param method the method
   * @param path the path and query
   * @param body a JSON body (sent with {@code Content-Type: application/json}), or null for none
   * @param headers name, value, name, value…
   * @return the response
   */
  static HttpResponse<String> send(
      SecurityMonitor on, String method, String path, String body, String... headers)
      throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(on.baseUri().resolve(path))
            .timeout(Duration.ofSeconds(30))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) {
      b.header("Content-Type", "application/json");
    }
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    // A request with a body gets a connection of its own: the demo may refuse a body it did not
    // read (429, 403, 413), Jetty may then close that connection, and a pooled connection would
    // race
    // with the close ("header parser received no bytes" on the next request).
    HttpClient client =
        body == null
            ? HTTP
            : HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10))
                .build();
    return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  /**
   * Sends the same bodiless request until it answers the wanted status, for at most {@code max}: a
   * real server is stopping or starting, there is no clock to move, so it polls every 250 ms.
   *
   * @return the last response (check its status: it is the wanted one only if that came in time)
   */
  static HttpResponse<String> until(
      SecurityMonitor on, int status, Duration max, String method, String path, String... headers)
      throws Exception {
    long deadline = System.nanoTime() + max.toNanos();
    HttpResponse<String> r = send(on, method, path, null, headers);
    while (r.statusCode() != status && System.nanoTime() < deadline) {
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(250));
      r = send(on, method, path, null, headers);
    }
    return r;
  }
}
