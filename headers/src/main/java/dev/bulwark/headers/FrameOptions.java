package dev.bulwark.headers;

import dev.bulwark.headers.internal.HeaderTokens;
import dev.bulwark.web.ConfigurationException;

/**
 * The legacy {@code X-Frame-Options} header, for browsers without CSP {@code frame-ancestors}.
 * Default {@link #DENY}, matching the default {@code frame-ancestors 'none'}: no site (this one
 * included) may frame the page, which defeats clickjacking.
 */
public enum FrameOptions implements SecurityHeader {
  /** {@code DENY}: no framing at all (the default). */
  DENY("DENY"),

  /** {@code SAMEORIGIN}: framing by pages of the same origin only. */
  SAMEORIGIN("SAMEORIGIN");

  private final String value;

  FrameOptions(String value) {
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
   * The constant for a header value, such as {@code SAMEORIGIN}.
   *
   * @param value the header value, any case
   * @return the constant
   * @throws ConfigurationException listing the accepted values
   */
  public static FrameOptions fromHeaderValue(String value) {
    return HeaderTokens.fromHeaderValue(
        "X-Frame-Options", values(), FrameOptions::headerValue, value);
  }

  @Override
  public String headerName() {
    return "X-Frame-Options";
  }

  @Override
  public String value(HeaderContext context) {
    return value;
  }
}
