package dev.bulwark.jwt;

import dev.bulwark.web.ConfigurationException;
import java.io.IOException;
import java.io.StringReader;
import java.math.BigInteger;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.ECPoint;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.jcajce.provider.asymmetric.util.EC5Util;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;

/**
 * The part of PEM reading that needs BouncyCastle (an optional dependency): only touched after
 * {@link PemKeys#bouncyCastlePresent()} said yes. It turns SEC1 and PKCS#1 blocks into the DER that
 * the JDK's key factories read, and computes the public point of an EC private key.
 */
final class BouncyCastlePem {

  private BouncyCastlePem() {}

  /**
   * The PKCS#8 DER of a private-key block ({@code EC PRIVATE KEY}, {@code RSA PRIVATE KEY}).
   *
   * @param block one PEM block
   * @return PKCS#8 DER
   */
  static byte[] pkcs8(String block) {
    Object o = read(block);
    if (o instanceof PEMKeyPair pair) {
      return encoded(pair.getPrivateKeyInfo());
    }
    if (o instanceof PrivateKeyInfo info) {
      return encoded(info);
    }
    throw new ConfigurationException("the PEM block does not hold a private key");
  }

  /**
   * The X.509 SubjectPublicKeyInfo DER of a public-key block ({@code RSA PUBLIC KEY}).
   *
   * @param block one PEM block
   * @return X.509 DER
   */
  static byte[] subjectPublicKeyInfo(String block) {
    if (read(block) instanceof SubjectPublicKeyInfo spki) {
      return encoded(spki);
    }
    throw new ConfigurationException("the PEM block does not hold a public key");
  }

  /**
   * The public point d·G of an EC private key, with BouncyCastle's curve arithmetic.
   *
   * @param key the private key
   * @return the public point
   */
  static ECPoint publicPoint(ECPrivateKey key) {
    org.bouncycastle.math.ec.ECPoint q =
        EC5Util.convertSpec(key.getParams()).getG().multiply(key.getS()).normalize();
    BigInteger x = q.getAffineXCoord().toBigInteger();
    BigInteger y = q.getAffineYCoord().toBigInteger();
    return new ECPoint(x, y);
  }

  private static Object read(String block) {
    try (PEMParser parser = new PEMParser(new StringReader(block))) {
      Object o = parser.readObject();
      if (o == null) {
        throw new ConfigurationException("the PEM block cannot be read");
      }
      return o;
    } catch (IOException e) {
      // BouncyCastle's message may quote the block: name only the type
      throw new ConfigurationException(
          "the PEM block is not valid DER for its type (" + e.getClass().getName() + ")");
    }
  }

  private static byte[] encoded(org.bouncycastle.asn1.ASN1Object object) {
    try {
      return object.getEncoded();
    } catch (IOException e) {
      throw new ConfigurationException("the PEM key cannot be re-encoded", e);
    }
  }
}
