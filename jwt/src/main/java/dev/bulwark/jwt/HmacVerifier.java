package dev.bulwark.jwt;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;

/**
 * Checks an HS256/384/512 signature with the JDK's {@link Mac}, initialised once per key.
 *
 * <p>Nimbus's {@code MACVerifier} looks the {@code Mac} up in the provider list and initialises it
 * with the secret on every call, and decodes the signature again; for a token-sized input that
 * costs more than the HMAC itself. Here a {@code Mac} initialised at key-load time is cloned per
 * call (cloning copies the keyed state; the prototype is never updated, so concurrent clones are
 * safe). The primitive is still the JDK's, and the comparison is constant-time ({@link
 * MessageDigest#isEqual}). Nimbus's verifier is still built for each HMAC key, so its checks on the
 * secret (length at least the hash size) still run at load time.
 */
final class HmacVerifier {

  private final String jcaName;
  private final SecretKey secret;
  private final @Nullable Mac prototype; // null when the provider's Mac cannot be cloned

  private HmacVerifier(String jcaName, SecretKey secret, @Nullable Mac prototype) {
    this.jcaName = jcaName;
    this.secret = secret;
    this.prototype = prototype;
  }

  /**
   * A verifier for the key, or null when the algorithm is not HMAC or the JDK has no such Mac (the
   * caller then verifies with Nimbus).
   */
  static @Nullable HmacVerifier of(OctetSequenceKey key, JWSAlgorithm alg) {
    String jcaName =
        JWSAlgorithm.HS256.equals(alg)
            ? "HmacSHA256"
            : JWSAlgorithm.HS384.equals(alg)
                ? "HmacSHA384"
                : JWSAlgorithm.HS512.equals(alg) ? "HmacSHA512" : null;
    if (jcaName == null) {
      return null;
    }
    SecretKey secret = new SecretKeySpec(key.toByteArray(), jcaName);
    try {
      Mac mac = Mac.getInstance(jcaName);
      mac.init(secret);
      Mac prototype;
      try {
        Object probe = mac.clone(); // Mac is Cloneable only when its provider supports it
        Objects.requireNonNull(probe);
        prototype = mac;
      } catch (CloneNotSupportedException e) {
        prototype = null;
      }
      return new HmacVerifier(jcaName, secret, prototype);
    } catch (GeneralSecurityException e) {
      return null;
    }
  }

  /**
   * Whether {@code signature} is the HMAC of {@code input[0, length)}.
   *
   * @return true when it verifies; false also when the JCA fails
   */
  boolean verify(byte[] input, int length, byte[] signature) {
    Mac mac;
    try {
      mac = prototype != null ? (Mac) prototype.clone() : freshMac();
    } catch (CloneNotSupportedException | GeneralSecurityException e) {
      return false;
    }
    mac.update(input, 0, length);
    return MessageDigest.isEqual(mac.doFinal(), signature);
  }

  private Mac freshMac() throws GeneralSecurityException {
    Mac mac = Mac.getInstance(jcaName);
    mac.init(secret);
    return mac;
  }
}
