package dev.bulwark.ratelimit;

import dev.bulwark.web.HeaderSource;
import dev.bulwark.web.ResolvedClient;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What a rule may look at in a request, without servlet types: adapters for other HTTP stacks build
 * one per request.
 *
 * @param method the HTTP method, upper case ({@code GET})
 * @param path the request path inside the application, already normalised by the container (for
 *     servlets: servlet path plus path info, without the context path or path parameters)
 * @param client the client as core's {@link dev.bulwark.web.ClientIpResolver} resolved it; never
 *     the raw forwarding header
 * @param principal the authenticated user's name, or null
 * @param headers the request headers; values are attacker-controlled
 */
public record RateLimitRequest(
    String method,
    String path,
    ResolvedClient client,
    @Nullable String principal,
    HeaderSource headers) {

  /**
   * Checks that the required fields are present.
   *
   * @param method the HTTP method
   * @param path the path
   * @param client the resolved client
   * @param principal the principal, or null
   * @param headers the headers
   */
  public RateLimitRequest {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(client, "client");
    Objects.requireNonNull(headers, "headers");
  }
}
