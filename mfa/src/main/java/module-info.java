/**
 * Bulwark MFA: TOTP (RFC 6238) enrolment with QR codes, replay-safe verification, recovery codes,
 * and the stores that keep them.
 *
 * <p>The Redis (Lettuce) store is optional: it is read only when the application puts Lettuce in
 * the module graph. The JDBC store needs only {@code java.sql} and a driver.
 */
module dev.bulwark.mfa {
  requires transitive dev.bulwark.core;
  requires com.google.zxing;
  requires java.desktop;
  requires otp.java;
  requires java.sql;
  requires static lettuce.core;

  exports dev.bulwark.mfa;
  exports dev.bulwark.mfa.store;
}
