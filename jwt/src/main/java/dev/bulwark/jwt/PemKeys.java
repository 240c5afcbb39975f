package dev.bulwark.jwt;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import dev.bulwark.web.ConfigurationException;
import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** PEM to JWK with the JDK only (Nimbus's PEM reader needs BouncyCastle). */
final class PemKeys {

  private static final Pattern BLOCK =
      Pattern.compile("-----BEGIN ([A-Z ]+)-----([A-Za-z0-9+/=\\s]+)-----END \\1-----");

  private PemKeys() {}

  static JWK parse(String pem) {
    Matcher m = BLOCK.matcher(pem);
    if (!m.find()) {
      throw new ConfigurationException(
          "no PEM block found; expected -----BEGIN PRIVATE KEY-----, PUBLIC KEY or CERTIFICATE");
    }
    String type = m.group(1);
    byte[] der;
    try {
      der = Base64.getMimeDecoder().decode(m.group(2));
    } catch (IllegalArgumentException e) {
      throw new ConfigurationException("the PEM block '" + type + "' is not valid base64");
    }
    try {
      switch (type) {
        case "PRIVATE KEY" -> {
          if (!(KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der))
              instanceof RSAPrivateCrtKey priv)) {
            throw new ConfigurationException("the PKCS#8 key is not an RSA CRT key");
          }
          BigInteger n = priv.getModulus();
          BigInteger e = priv.getPublicExponent();
          RSAPublicKey pub =
              (RSAPublicKey)
                  KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(n, e));
          return new RSAKey.Builder(pub).privateKey(priv).build();
        }
        case "PUBLIC KEY" -> {
          return fromPublic(publicKey(der));
        }
        case "CERTIFICATE" -> {
          X509Certificate cert =
              (X509Certificate)
                  CertificateFactory.getInstance("X.509")
                      .generateCertificate(new ByteArrayInputStream(der));
          return JWK.parse(cert);
        }
        default ->
            throw new ConfigurationException(
                "PEM block '"
                    + type
                    + "' is not supported; use PRIVATE KEY (PKCS#8 RSA), PUBLIC KEY or CERTIFICATE,"
                    + " or convert the key to a JWK set");
      }
    } catch (GeneralSecurityException | JOSEException e) {
      throw new ConfigurationException(
          "the PEM block '"
              + type
              + "' does not hold a supported RSA or EC key: "
              + e.getClass().getSimpleName());
    }
  }

  private static PublicKey publicKey(byte[] der) throws GeneralSecurityException {
    try {
      return KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(der));
    } catch (GeneralSecurityException e) {
      return KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(der));
    }
  }

  private static JWK fromPublic(PublicKey key) {
    if (key instanceof RSAPublicKey rsa) {
      return new RSAKey.Builder(rsa).build();
    }
    ECPublicKey ec = (ECPublicKey) key;
    com.nimbusds.jose.jwk.Curve curve =
        com.nimbusds.jose.jwk.Curve.forECParameterSpec(ec.getParams());
    if (curve == null) {
      throw new ConfigurationException("the EC public key is on an unsupported curve");
    }
    return new com.nimbusds.jose.jwk.ECKey.Builder(curve, ec).build();
  }
}
