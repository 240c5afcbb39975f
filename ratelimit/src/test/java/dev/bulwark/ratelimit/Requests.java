package dev.bulwark.ratelimit;

import dev.bulwark.web.ClientIpResolver;
import dev.bulwark.web.HeaderSource;
import dev.bulwark.web.ResolvedClient;
import java.util.List;
import java.util.Map;

/** Builds engine requests for tests. */
final class Requests {

  private static final ClientIpResolver DIRECT = ClientIpResolver.direct();

  private Requests() {}

  static RateLimitRequest from(String ip, String method, String path) {
    return from(ip, method, path, null, Map.of());
  }

  static RateLimitRequest from(
      String ip, String method, String path, String principal, Map<String, String> headers) {
    HeaderSource h =
        name -> {
          for (Map.Entry<String, String> e : headers.entrySet()) {
            if (e.getKey().equalsIgnoreCase(name)) {
              return List.of(e.getValue());
            }
          }
          return List.of();
        };
    ResolvedClient client = DIRECT.resolve(ip, false, "localhost", h);
    return new RateLimitRequest(method, path, client, principal, h);
  }
}
