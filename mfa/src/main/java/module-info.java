/**
 * Bulwark MFA: TOTP (RFC 6238) enrolment with QR codes, replay-safe verification, recovery codes,
 * and the stores that keep them.
 */
module dev.bulwark.mfa {
  requires transitive dev.bulwark.core;
  requires com.google.zxing;
  requires java.desktop;
  requires otp.java;

  exports dev.bulwark.mfa;
}
