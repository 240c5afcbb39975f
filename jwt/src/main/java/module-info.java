/**
 * Bulwark JWT: access-token issuing and verification (Nimbus JOSE+JWT), refresh-token rotation with
 * reuse detection, the denylist, the token endpoints and the bearer-token filter.
 *
 * <p>The Redis (Lettuce), JDBC, Bouncy Castle (PEM) and brute-force ({@code dev.bulwark.ratelimit})
 * and TOTP second-factor ({@code dev.bulwark.mfa}) back-ends are optional: they are read only when
 * the application puts them in the module graph.
 */
module dev.bulwark.jwt {
  requires transitive dev.bulwark.core;
  requires transitive com.nimbusds.jose.jwt;
  requires transitive java.sql;
  requires static jakarta.servlet;
  requires static lettuce.core;
  requires static dev.bulwark.ratelimit;
  requires static dev.bulwark.mfa;
  requires static org.bouncycastle.pkix;
  requires static org.bouncycastle.provider;
  requires com.github.benmanes.caffeine;
  requires com.fasterxml.jackson.databind;
  requires org.slf4j;

  exports dev.bulwark.jwt;
  exports dev.bulwark.jwt.mfa;
  exports dev.bulwark.jwt.ratelimit;
  exports dev.bulwark.jwt.servlet;
  exports dev.bulwark.jwt.store;
}
