package dev.bulwark.headers;

import dev.bulwark.headers.internal.HeaderTokens;
import dev.bulwark.web.ConfigurationException;

/**
 * The {@code Cross-Origin-Resource-Policy} header: which sites may load this response as a
 * subresource ({@code <img>}, {@code <script>}, no-cors fetch). Default {@link #SAME_ORIGIN};
 * public assets meant for embedding need {@link #CROSS_ORIGIN} (use a per-path override).
 */
public enum CrossOriginResourcePolicy implements SecurityHeader {
  /** {@code same-origin}: only this origin may embed the response (the default). */
  SAME_ORIGIN("same-origin"),

  /** {@code same-site}: any origin of this registrable domain. */
  SAME_SITE("same-site"),

  /** {@code cross-origin}: anyone; for public CDN-style assets. */
  CROSS_ORIGIN("cross-origin");

  private final String value;

  CrossOriginResourcePolicy(String value) {
    this.value = value;
  }

  /**
   * The header value.
   *
   * @return the value as sent
   */
  public String headerValue() {
    return value;
  }

  /**
   * The constant for a header value, such as {@code same-site}.
   *
   * @param value the header value, any case
   * @return the constant
   * @throws ConfigurationException listing the accepted values
   */
  public static CrossOriginResourcePolicy fromHeaderValue(String value) {
    return HeaderTokens.fromHeaderValue(
        "Cross-Origin-Resource-Policy", values(), CrossOriginResourcePolicy::headerValue, value);
  }

  @Override
  public String headerName() {
    return "Cross-Origin-Resource-Policy";
  }

  @Override
  public String value(HeaderContext context) {
    return value;
  }
}
