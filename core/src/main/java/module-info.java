/**
 * Bulwark core: password hashing, input validation, output encoding, the security event stream and
 * the servlet-free web primitives (client address, problem details, configuration) that every
 * Bulwark control shares.
 *
 * <p>The {@code internal} packages are exported only to Bulwark's own modules. The servlet adapters
 * need {@code jakarta.servlet} (supplied by the container); Micrometer and Bouncy Castle are
 * optional and are only read when the application puts them in the module graph.
 */
module dev.bulwark.core {
  requires transitive org.jspecify;
  requires transitive jakarta.validation;
  requires static jakarta.servlet;
  requires static micrometer.core;
  requires static org.bouncycastle.provider;
  requires com.fasterxml.jackson.databind;
  requires java.net.http;
  requires org.hibernate.validator;
  requires org.slf4j;
  requires owasp.encoder;
  requires owasp.java.html.sanitizer;
  requires spring.security.crypto;

  exports dev.bulwark.encoding;
  exports dev.bulwark.event;
  exports dev.bulwark.event.micrometer;
  exports dev.bulwark.password;
  exports dev.bulwark.validation;
  exports dev.bulwark.validation.servlet;
  exports dev.bulwark.web;
  exports dev.bulwark.web.servlet;
  // Hibernate Validator instantiates the constraint validators reflectively.
  exports dev.bulwark.validation.internal to
      org.hibernate.validator;
  exports dev.bulwark.web.internal to
      dev.bulwark.headers,
      dev.bulwark.jwt,
      dev.bulwark.ratelimit,
      dev.bulwark.mfa;
}
