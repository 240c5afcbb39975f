package dev.bulwark.headers.csrf;

/**
 * The token a page must send back, exposed to templates as the request attribute {@link
 * #ATTRIBUTE}: {@code <input type="hidden" name="${csrf.parameterName}" value="${csrf.value}">}, or
 * the header {@link #headerName()} for scripts.
 *
 * @param parameterName the form field name
 * @param headerName the request header name
 * @param value the masked token (fresh on every response)
 */
public record CsrfToken(String parameterName, String headerName, String value) {

  /** The request attribute holding the {@link CsrfToken}. */
  public static final String ATTRIBUTE = "csrf";

  /** The default form field. */
  public static final String DEFAULT_PARAMETER = "_csrf";

  /** The default header. */
  public static final String DEFAULT_HEADER = "X-CSRF-Token";
}
