package dev.bulwark.headers;

import dev.bulwark.headers.internal.HeaderTokens;
import dev.bulwark.web.ConfigurationException;

/**
 * The {@code Referrer-Policy} header: how much of this page's URL the browser reveals when
 * following links and loading resources. Default {@link #NO_REFERRER}: nothing leaks (tokens in
 * query strings, internal paths). {@link #STRICT_ORIGIN_WHEN_CROSS_ORIGIN} is the usual relaxation
 * when analytics need the origin.
 */
public enum ReferrerPolicy implements SecurityHeader {
  /** {@code no-referrer}: never send a referrer (the default). */
  NO_REFERRER("no-referrer"),

  /** {@code same-origin}: full URL to the same origin, nothing cross-origin. */
  SAME_ORIGIN("same-origin"),

  /** {@code strict-origin}: only the origin, and nothing on an HTTPS to HTTP downgrade. */
  STRICT_ORIGIN("strict-origin"),

  /**
   * {@code strict-origin-when-cross-origin}: full URL same-origin, origin cross-origin, nothing on
   * downgrade.
   */
  STRICT_ORIGIN_WHEN_CROSS_ORIGIN("strict-origin-when-cross-origin"),

  /** {@code no-referrer-when-downgrade}: full URL except on downgrade; leaks paths cross-origin. */
  NO_REFERRER_WHEN_DOWNGRADE("no-referrer-when-downgrade"),

  /** {@code origin}: only the origin, even on downgrade. */
  ORIGIN("origin"),

  /**
   * {@code origin-when-cross-origin}: full URL same-origin, origin otherwise, even on downgrade.
   */
  ORIGIN_WHEN_CROSS_ORIGIN("origin-when-cross-origin"),

  /** {@code unsafe-url}: the full URL everywhere, even over plain HTTP; avoid. */
  UNSAFE_URL("unsafe-url");

  private final String value;

  ReferrerPolicy(String value) {
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
   * The constant for a header value, such as {@code strict-origin-when-cross-origin}.
   *
   * @param value the header value, any case
   * @return the constant
   * @throws ConfigurationException listing the accepted values
   */
  public static ReferrerPolicy fromHeaderValue(String value) {
    return HeaderTokens.fromHeaderValue(
        "Referrer-Policy", values(), ReferrerPolicy::headerValue, value);
  }

  @Override
  public String headerName() {
    return "Referrer-Policy";
  }

  @Override
  public String value(HeaderContext context) {
    return value;
  }
}
