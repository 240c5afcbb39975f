package dev.bulwark.jwt;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Keys generated once per test JVM (RSA generation is slow) and raw token forging helpers. */
public final class TestKeys {

  public static final RSAKey RSA_A = rsa("key-a");
  public static final RSAKey RSA_B = rsa("key-b");
  public static final RSAKey RSA_ATTACKER = rsa("key-a");
  public static final ECKey EC = ec("ec-1");

  public static final String ISSUER = "https://auth.example.com";
  public static final String AUDIENCE = "https://api.example.com";

  private TestKeys() {}

  private static RSAKey rsa(String kid) {
    try {
      return new RSAKeyGenerator(2048).keyID(kid).algorithm(JWSAlgorithm.RS256).generate();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  private static ECKey ec(String kid) {
    try {
      return new ECKeyGenerator(Curve.P_256).keyID(kid).algorithm(JWSAlgorithm.ES256).generate();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  public static String b64(String json) {
    return b64(json.getBytes(StandardCharsets.UTF_8));
  }

  public static String b64(byte[] bytes) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** Signs an arbitrary header and payload, bypassing every library check on the header. */
  public static String forge(
      String headerJson, String payloadJson, JWSSigner signer, JWSAlgorithm alg) {
    String input = b64(headerJson) + "." + b64(payloadJson);
    try {
      byte[] sig =
          signer.sign(new JWSHeader(alg), input.getBytes(StandardCharsets.US_ASCII)).decode();
      return input + "." + b64(sig);
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }
}
