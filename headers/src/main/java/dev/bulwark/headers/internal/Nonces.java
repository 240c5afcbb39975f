package dev.bulwark.headers.internal;

import java.security.SecureRandom;
import java.util.Base64;

/** Fresh random values for CSP nonces and CSRF tokens. */
public final class Nonces {

  private static final SecureRandom RANDOM = new SecureRandom();

  private Nonces() {}

  /**
   * Random bytes from the shared {@link SecureRandom} (thread-safe).
   *
   * @param n how many
   * @return the bytes
   */
  public static byte[] bytes(int n) {
    byte[] b = new byte[n];
    RANDOM.nextBytes(b);
    return b;
  }

  /**
   * A CSP nonce: 128 random bits in standard base64 (the CSP nonce grammar).
   *
   * @return the nonce
   */
  public static String cspNonce() {
    return Base64.getEncoder().encodeToString(bytes(16));
  }
}
