package dev.bulwark.jwt;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.Base64URL;
import dev.bulwark.web.ConfigurationException;
import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.EdECPrivateKey;
import java.security.interfaces.EdECPublicKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.NamedParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * PEM to JWK. The JDK reads PKCS#8 ({@code BEGIN PRIVATE KEY}: RSA and Ed25519), X.509 {@code BEGIN
 * PUBLIC KEY} (RSA, EC, Ed25519) and certificates. What needs ASN.1 work beyond the JDK — EC
 * private keys (whose PKCS#8 form gives the JDK no public point), SEC1 {@code BEGIN EC PRIVATE KEY}
 * and PKCS#1 {@code BEGIN RSA PRIVATE KEY} / {@code RSA PUBLIC KEY} — is read through BouncyCastle
 * ({@code org.bouncycastle:bcpkix-jdk18on}, optional) when it is on the class path, and refused
 * with the conversion command otherwise. Nothing here decodes base64 or ASN.1 by hand.
 */
final class PemKeys {

  private static final Pattern BLOCK =
      Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----([A-Za-z0-9+/=\\s]*)-----END \\1-----");

  private static final String TO_PKCS8 =
      "openssl pkcs8 -topk8 -nocrypt -in key.pem -out key-pkcs8.pem";

  private static final String BOUNCY_CASTLE =
      "org.bouncycastle:bcpkix-jdk18on (an optional dependency of bulwark-jwt)";

  private PemKeys() {}

  static boolean bouncyCastlePresent() {
    try {
      Class.forName("org.bouncycastle.openssl.PEMParser", false, PemKeys.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }

  /**
   * Every key in a PEM text, in order.
   *
   * @param pem the PEM text
   * @param bouncyCastle whether BouncyCastle may be used (false in tests of the JDK-only path)
   * @return the keys; at least one
   */
  static List<JWK> parseAll(String pem, boolean bouncyCastle) {
    Matcher m = BLOCK.matcher(pem);
    List<JWK> keys = new ArrayList<>();
    int blocks = 0;
    while (m.find()) {
      blocks++;
      String type = m.group(1);
      if (type.equals("EC PARAMETERS")) {
        // openssl ecparam -genkey writes the curve before the key; the key names it again
        continue;
      }
      String name = "PEM block #" + blocks + " (" + type + ")";
      byte[] der;
      try {
        der = Base64.getMimeDecoder().decode(m.group(2));
      } catch (IllegalArgumentException e) {
        throw new ConfigurationException(name + ": the body is not valid base64");
      }
      keys.add(parse(name, type, der, m.group(), bouncyCastle));
    }
    if (keys.isEmpty()) {
      throw new ConfigurationException(
          "no PEM key found; expected -----BEGIN PRIVATE KEY-----, PUBLIC KEY or CERTIFICATE");
    }
    return keys;
  }

  private static JWK parse(String name, String type, byte[] der, String block, boolean bc) {
    try {
      switch (type) {
        case "PRIVATE KEY" -> {
          return fromPkcs8(name, der, bc);
        }
        case "PUBLIC KEY" -> {
          return fromPublic(name, publicKey(der));
        }
        case "CERTIFICATE" -> {
          X509Certificate cert =
              (X509Certificate)
                  CertificateFactory.getInstance("X.509")
                      .generateCertificate(new ByteArrayInputStream(der));
          return JWK.parse(cert);
        }
        case "EC PRIVATE KEY", "RSA PRIVATE KEY", "RSA PUBLIC KEY" -> {
          if (!bc) {
            throw new ConfigurationException(
                name
                    + ": "
                    + (type.startsWith("EC")
                        ? "SEC1 EC private keys need " + BOUNCY_CASTLE + " on the class path"
                        : "PKCS#1 RSA keys need "
                            + BOUNCY_CASTLE
                            + " on the class path, or convert the key with '"
                            + (type.equals("RSA PUBLIC KEY")
                                ? "openssl rsa -RSAPublicKey_in -in pub.pem -pubout -out"
                                    + " pub-x509.pem"
                                : TO_PKCS8)
                            + "'"));
          }
          return type.equals("RSA PUBLIC KEY")
              ? fromPublic(name, publicKey(BouncyCastlePem.subjectPublicKeyInfo(block)))
              : fromPkcs8(name, BouncyCastlePem.pkcs8(block), bc);
        }
        case "ENCRYPTED PRIVATE KEY" ->
            throw new ConfigurationException(
                name
                    + ": encrypted keys are not read; keep the key in a secret store and decrypt it"
                    + " once with 'openssl pkcs8 -in key.pem -out key-plain.pem'");
        default ->
            throw new ConfigurationException(
                name
                    + ": not a key; use PRIVATE KEY (PKCS#8), PUBLIC KEY, CERTIFICATE, or a JWK"
                    + " set");
      }
    } catch (GeneralSecurityException | JOSEException | RuntimeException e) {
      if (e instanceof ConfigurationException ce) {
        throw ce;
      }
      // the cause may quote key material: name only its type
      throw new ConfigurationException(
          name
              + ": does not hold a supported RSA, EC or Ed25519 key ("
              + e.getClass().getName()
              + ")");
    }
  }

  private static JWK fromPkcs8(String name, byte[] der, boolean bc)
      throws GeneralSecurityException, JOSEException {
    PrivateKey key = privateKey(der);
    if (key instanceof RSAPrivateCrtKey rsa) {
      RSAPublicKey pub =
          (RSAPublicKey)
              KeyFactory.getInstance("RSA")
                  .generatePublic(new RSAPublicKeySpec(rsa.getModulus(), rsa.getPublicExponent()));
      return new RSAKey.Builder(pub).privateKey(rsa).build();
    }
    if (key instanceof EdECPrivateKey ed) {
      return ed25519(name, ed);
    }
    if (key instanceof ECPrivateKey ec) {
      if (!bc) {
        throw new ConfigurationException(
            name
                + ": the JDK cannot derive the public key of an EC private key; add "
                + BOUNCY_CASTLE
                + ", or load the key from a JWK set");
      }
      ECPublicKey pub =
          (ECPublicKey)
              KeyFactory.getInstance("EC")
                  .generatePublic(
                      new ECPublicKeySpec(BouncyCastlePem.publicPoint(ec), ec.getParams()));
      return new ECKey.Builder(curveOf(name, pub), pub).privateKey(ec).build();
    }
    throw new ConfigurationException(name + ": the PKCS#8 key is neither RSA, EC nor Ed25519");
  }

  private static PrivateKey privateKey(byte[] der) throws GeneralSecurityException {
    GeneralSecurityException last = null;
    for (String alg : new String[] {"RSA", "EC", "Ed25519"}) {
      try {
        return KeyFactory.getInstance(alg).generatePrivate(new PKCS8EncodedKeySpec(der));
      } catch (GeneralSecurityException e) {
        last = e;
      }
    }
    throw last;
  }

  private static PublicKey publicKey(byte[] der) throws GeneralSecurityException {
    GeneralSecurityException last = null;
    for (String alg : new String[] {"RSA", "EC", "Ed25519"}) {
      try {
        return KeyFactory.getInstance(alg).generatePublic(new X509EncodedKeySpec(der));
      } catch (GeneralSecurityException e) {
        last = e;
      }
    }
    throw last;
  }

  private static JWK fromPublic(String name, PublicKey key) {
    if (key instanceof RSAPublicKey rsa) {
      return new RSAKey.Builder(rsa).build();
    }
    if (key instanceof ECPublicKey ec) {
      return new ECKey.Builder(curveOf(name, ec), ec).build();
    }
    if (key instanceof EdECPublicKey ed) {
      requireEd25519(name, ed.getParams());
      return new OctetKeyPair.Builder(Curve.Ed25519, Base64URL.encode(rawEd25519(ed))).build();
    }
    throw new ConfigurationException(name + ": the public key is neither RSA, EC nor Ed25519");
  }

  private static Curve curveOf(String name, ECPublicKey key) {
    Curve curve = Curve.forECParameterSpec(key.getParams());
    if (curve == null) {
      throw new ConfigurationException(name + ": the EC key is on an unsupported curve");
    }
    return curve;
  }

  private static void requireEd25519(String name, NamedParameterSpec params) {
    if (!NamedParameterSpec.ED25519.getName().equalsIgnoreCase(params.getName())) {
      throw new ConfigurationException(
          name + ": EdDSA curve '" + params.getName() + "' is not supported; use Ed25519");
    }
  }

  private static JWK ed25519(String name, EdECPrivateKey key) {
    requireEd25519(name, key.getParams());
    byte[] seed =
        key.getBytes()
            .orElseThrow(
                () -> new ConfigurationException(name + ": the Ed25519 key has no private bytes"));
    if (!KeySet.tinkPresent()) {
      throw new ConfigurationException(
          name
              + ": Ed25519 keys need com.google.crypto.tink:tink on the class path (an optional"
              + " dependency of bulwark-jwt)");
    }
    byte[] pub = Ed25519PublicKeys.fromSeed(seed);
    return new OctetKeyPair.Builder(Curve.Ed25519, Base64URL.encode(pub))
        .d(Base64URL.encode(seed))
        .build();
  }

  /** RFC 8032 §5.1.2: y little-endian, with the parity of x in the top bit of the last byte. */
  private static byte[] rawEd25519(EdECPublicKey key) {
    BigInteger y = key.getPoint().getY();
    byte[] bigEndian = y.toByteArray();
    byte[] raw = new byte[32];
    for (int i = 0; i < raw.length && i < bigEndian.length; i++) {
      raw[i] = bigEndian[bigEndian.length - 1 - i];
    }
    if (key.getPoint().isXOdd()) {
      raw[31] |= (byte) 0x80;
    }
    return raw;
  }

  /** Tink derives the public key of an Ed25519 seed (kept apart so Tink stays optional). */
  private static final class Ed25519PublicKeys {
    static byte[] fromSeed(byte[] seed) {
      try {
        return com.google.crypto.tink.subtle.Ed25519Sign.KeyPair.newKeyPairFromSeed(seed)
            .getPublicKey();
      } catch (GeneralSecurityException e) {
        throw new ConfigurationException("the Ed25519 seed is not 32 bytes");
      }
    }
  }
}
