package dev.bulwark.headers;

import org.jspecify.annotations.Nullable;

/**
 * One response header that a {@link SecurityHeadersPolicy} writes. Implementations are immutable,
 * validate their settings when built, and compute their value once; {@link #value(HeaderContext)}
 * then only chooses between precomputed strings (or splices in a nonce), so it is cheap and
 * thread-safe.
 */
public interface SecurityHeader {

  /**
   * The header's name, such as {@code Referrer-Policy}.
   *
   * @return the name
   */
  String headerName();

  /**
   * The value for one response.
   *
   * @param context facts about the request
   * @return the value, or null to send nothing on this response (HSTS on plain HTTP)
   */
  @Nullable String value(HeaderContext context);

  /**
   * A header with a fixed value, checked to be a legal single-line field value.
   *
   * @param name the header name (an RFC 9110 token)
   * @param value the value (visible ASCII and spaces)
   * @return the header
   * @throws dev.bulwark.web.ConfigurationException when the name or the value could split or
   *     smuggle headers
   */
  static SecurityHeader fixed(String name, String value) {
    return new FixedHeader(name, value);
  }
}
