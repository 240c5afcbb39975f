package dev.bulwark.headers;

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
   * The constant for a header value, such as {@code x}.
   *
   * @param value the header value, any case
   * @return the constant
   * @throws IllegalArgumentException listing the accepted values
   */
  public static CrossOriginOpenerPolicy fromHeaderValue(String value) {
    for (CrossOriginOpenerPolicy c : values()) {
      if (c.value.equalsIgnoreCase(value.trim())) {
        return c;
      }
    }
    StringBuilder accepted = new StringBuilder();
    for (CrossOriginOpenerPolicy c : values()) {
      accepted.append(accepted.length() == 0 ? "" : ", ").append(c.value);
    }
    throw new IllegalArgumentException(
        "Cross-Origin-Opener-Policy must be one of "
            + accepted
            + dev.bulwark.web.Suggestions.didYouMean(
                value, java.util.Arrays.stream(values()).map(c -> c.value).toList()));
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
