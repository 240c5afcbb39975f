package dev.bulwark.headers;

import dev.bulwark.headers.internal.HeaderTokens;
import dev.bulwark.web.ConfigurationException;

/**
 * The {@code Cross-Origin-Opener-Policy} header: whether a cross-origin window that opens (or is
 * opened by) this page keeps a reference to it. Default {@link #SAME_ORIGIN}: isolates the browsing
 * context group, which blocks cross-window attacks (XS-Leaks, tabnabbing).
 */
public enum CrossOriginOpenerPolicy implements SecurityHeader {
  /** {@code same-origin}: isolate from every cross-origin document (the default). */
  SAME_ORIGIN("same-origin"),

  /**
   * {@code same-origin-allow-popups}: keep references to popups this page opens (OAuth, payment
   * popups).
   */
  SAME_ORIGIN_ALLOW_POPUPS("same-origin-allow-popups"),

  /** {@code noopener-allow-popups}: always sever the opener, even same-origin. */
  NOOP_OPENER_ALLOW_POPUPS("noopener-allow-popups"),

  /** {@code unsafe-none}: no isolation; the browser default. */
  UNSAFE_NONE("unsafe-none");

  private final String value;

  CrossOriginOpenerPolicy(String value) {
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
   * The constant for a header value, such as {@code same-origin}.
   *
   * @param value the header value, any case
   * @return the constant
   * @throws ConfigurationException listing the accepted values
   */
  public static CrossOriginOpenerPolicy fromHeaderValue(String value) {
    return HeaderTokens.fromHeaderValue(
        "Cross-Origin-Opener-Policy", values(), CrossOriginOpenerPolicy::headerValue, value);
  }

  @Override
  public String headerName() {
    return "Cross-Origin-Opener-Policy";
  }

  @Override
  public String value(HeaderContext context) {
    return value;
  }
}
