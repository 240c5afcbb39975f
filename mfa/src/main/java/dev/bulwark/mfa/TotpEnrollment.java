package dev.bulwark.mfa;

import java.util.Objects;

/**
 * A started TOTP enrolment: what the user's authenticator app needs. Show the QR code (or the
 * secret, for manual entry) once, then confirm with the first code the app shows ({@link
 * TotpAuthenticator#confirmEnrollment}). {@link #toString()} hides the secret.
 *
 * @param otpauthUri the {@code otpauth://totp/...} URI the QR code encodes (holds the secret)
 * @param qrPng a PNG image of the QR code
 * @param secretBase32 the secret in base32, for manual entry
 */
public record TotpEnrollment(String otpauthUri, byte[] qrPng, String secretBase32) {

  /**
   * Checks the components.
   *
   * @param otpauthUri the URI
   * @param qrPng the PNG
   * @param secretBase32 the secret
   */
  public TotpEnrollment {
    Objects.requireNonNull(otpauthUri, "otpauthUri");
    Objects.requireNonNull(qrPng, "qrPng");
    Objects.requireNonNull(secretBase32, "secretBase32");
  }

  @Override
  public String toString() {
    return "TotpEnrollment[(secret and URI redacted), qrPng=" + qrPng.length + " bytes]";
  }
}
