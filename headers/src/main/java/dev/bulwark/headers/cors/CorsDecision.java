package dev.bulwark.headers.cors;

import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What {@link CorsPolicy#evaluate} decided for one request.
 *
 * @param kind what to do
 * @param headers the CORS response headers to add (empty unless allowed)
 * @param reason why it was rejected, for events and logs (never sent to the client), or null
 */
public record CorsDecision(Kind kind, Map<String, String> headers, @Nullable String reason) {

  /** The kinds of decision. */
  public enum Kind {
    /** No {@code Origin}, or the request's own origin: not a CORS request, pass it on. */
    NOT_CORS,
    /** An allowed actual request: add the headers and pass it on. */
    ALLOWED,
    /** An allowed preflight: answer it now with 204 and the headers; do not pass it on. */
    PREFLIGHT_ALLOWED,
    /** Refused: answer 403 without any CORS header. */
    REJECTED
  }

  /**
   * Freezes the headers.
   *
   * @param kind what to do
   * @param headers the headers
   * @param reason the reason, or null
   */
  public CorsDecision {
    Objects.requireNonNull(kind, "kind");
    headers = Map.copyOf(headers);
  }

  static final CorsDecision NOT_CORS = new CorsDecision(Kind.NOT_CORS, Map.of(), null);

  static CorsDecision rejected(String reason) {
    return new CorsDecision(Kind.REJECTED, Map.of(), reason);
  }
}
