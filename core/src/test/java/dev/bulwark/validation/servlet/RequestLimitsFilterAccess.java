package dev.bulwark.validation.servlet;

/** Test access to package-private parsing. */
public final class RequestLimitsFilterAccess {
  private RequestLimitsFilterAccess() {}

  /**
   * See {@link RequestLimitsFilter#isWellEncoded(String)}.
   *
   * @param s text
   * @return whether well encoded
   */
  public static boolean isWellEncoded(String s) {
    return RequestLimitsFilter.isWellEncoded(s);
  }
}
