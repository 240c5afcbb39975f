package dev.bulwark.headers;

import dev.bulwark.event.SecurityEventType;

/** The {@link SecurityEventType}s that bulwark-headers emits. */
public final class HeaderEvents {

  /** A CORS request or preflight was refused (origin, method or header not allowed). */
  public static final SecurityEventType CORS_REJECTED = SecurityEventType.of("cors.rejected");

  /** A state-changing request was refused as cross-site (CSRF). */
  public static final SecurityEventType CSRF_REJECTED = SecurityEventType.of("csrf.rejected");

  /** A browser reported a Content Security Policy violation. */
  public static final SecurityEventType CSP_VIOLATION = SecurityEventType.of("csp.violation");

  /** A CSP report was refused (too large, wrong type, malformed). */
  public static final SecurityEventType CSP_REPORT_REJECTED =
      SecurityEventType.of("csp.report.rejected");

  private HeaderEvents() {}
}
