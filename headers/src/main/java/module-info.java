/**
 * Bulwark headers: the security-header policy (CSP with nonces, HSTS, framing, referrer and
 * permissions policies), CORS and CSRF, with their servlet filters and the CSP report endpoint.
 */
module dev.bulwark.headers {
  requires transitive dev.bulwark.core;
  requires static jakarta.servlet;
  requires com.fasterxml.jackson.databind;
  requires org.slf4j;

  exports dev.bulwark.headers;
  exports dev.bulwark.headers.cors;
  exports dev.bulwark.headers.csrf;
  exports dev.bulwark.headers.servlet;
}
