package dev.bulwark.headers;

import dev.bulwark.headers.internal.HeaderTokens;
import dev.bulwark.web.ConfigurationException;

/**
 * The {@code Cross-Origin-Embedder-Policy} header: refuse cross-origin subresources that do not opt
 * in with CORS or CORP. Off by default because it breaks third-party embeds; together with COOP
 * {@code same-origin} it makes the page cross-origin isolated (needed for {@code
 * SharedArrayBuffer}).
 */
public enum CrossOriginEmbedderPolicy implements SecurityHeader {
  /** {@code require-corp}: every cross-origin subresource needs CORS or CORP. */
  REQUIRE_CORP("require-corp"),

  /** {@code credentialless}: cross-origin no-cors requests go without credentials instead. */
  CREDENTIALLESS("credentialless");

  private final String value;

  CrossOriginEmbedderPolicy(String value) {
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
   * The constant for a header value, such as {@code require-corp}.
   *
   * @param value the header value, any case
   * @return the constant
   * @throws ConfigurationException listing the accepted values
   */
  public static CrossOriginEmbedderPolicy fromHeaderValue(String value) {
    return HeaderTokens.fromHeaderValue(
        "Cross-Origin-Embedder-Policy", values(), CrossOriginEmbedderPolicy::headerValue, value);
  }

  @Override
  public String headerName() {
    return "Cross-Origin-Embedder-Policy";
  }

  @Override
  public String value(HeaderContext context) {
    return value;
  }
}
