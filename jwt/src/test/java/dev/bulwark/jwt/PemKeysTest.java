package dev.bulwark.jwt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.web.ConfigurationException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * PEM keys: made by the JDK in the test (written with the MIME base64 encoder) and by openssl
 * (fixtures under {@code src/test/resources/dev/bulwark/jwt/pem}, each naming its command). A
 * private key is proven right by verifying its token with a set read from the matching public key.
 */
class PemKeysTest {

  private static String pem(String type, byte[] der) {
    return "-----BEGIN "
        + type
        + "-----\n"
        + Base64.getMimeEncoder().encodeToString(der)
        + "\n-----END "
        + type
        + "-----\n";
  }

  private static String resource(String name) throws IOException {
    try (InputStream in = PemKeysTest.class.getResourceAsStream("pem/" + name)) {
      assertThat(in).as(name).isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
    }
  }

  private static KeyPair generate(String alg, java.security.spec.AlgorithmParameterSpec spec)
      throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance(alg);
    if (spec != null) {
      g.initialize(spec);
    }
    return g.generateKeyPair();
  }

  /** Issues with the private set and verifies with the public set: the two must be one key. */
  private static String signsForPublic(KeySet privateSet, KeySet publicSet) throws Exception {
    String token =
        AccessTokenIssuer.builder(KeyRing.of(privateSet))
            .issuer("i")
            .audience("a")
            .build()
            .issue("s", List.of())
            .token();
    return AccessTokenVerifier.builder(KeyRing.of(publicSet))
        .issuer("i")
        .audience("a")
        .build()
        .verify(token)
        .algorithm();
  }

  @Test
  void fromPem_jdkEcPkcs8_derivesThePublicKeyAndSignsEs256() throws Exception {
    KeyPair kp = generate("EC", new ECGenParameterSpec("secp256r1"));
    KeySet privateSet = KeySet.fromPem(pem("PRIVATE KEY", kp.getPrivate().getEncoded()));
    KeySet publicSet = KeySet.fromPem(pem("PUBLIC KEY", kp.getPublic().getEncoded()));
    assertThat(privateSet.signingKeyId()).isPresent();
    assertThat(privateSet.verificationKeyIds()).isEqualTo(publicSet.verificationKeyIds());
    assertThat(signsForPublic(privateSet, publicSet)).isEqualTo("ES256");
  }

  @Test
  void fromPem_jdkEcP384Pkcs8_signsEs384() throws Exception {
    KeyPair kp = generate("EC", new ECGenParameterSpec("secp384r1"));
    assertThat(
            signsForPublic(
                KeySet.fromPem(pem("PRIVATE KEY", kp.getPrivate().getEncoded())),
                KeySet.fromPem(pem("PUBLIC KEY", kp.getPublic().getEncoded()))))
        .isEqualTo("ES384");
  }

  @Test
  void fromPem_jdkEd25519Pkcs8_derivesThePublicKeyAndSignsEdDsa() throws Exception {
    KeyPair kp = generate("Ed25519", null);
    KeySet privateSet = KeySet.fromPem(pem("PRIVATE KEY", kp.getPrivate().getEncoded()));
    KeySet publicSet = KeySet.fromPem(pem("PUBLIC KEY", kp.getPublic().getEncoded()));
    assertThat(privateSet.verificationKeyIds()).isEqualTo(publicSet.verificationKeyIds());
    assertThat(signsForPublic(privateSet, publicSet)).isEqualTo("EdDSA");
  }

  @Test
  void fromPem_jdkRsaPkcs8_signsRs256() throws Exception {
    KeyPair kp = generate("RSA", new java.security.spec.RSAKeyGenParameterSpec(2048, null));
    assertThat(
            signsForPublic(
                KeySet.fromPem(pem("PRIVATE KEY", kp.getPrivate().getEncoded())),
                KeySet.fromPem(pem("PUBLIC KEY", kp.getPublic().getEncoded()))))
        .isEqualTo("RS256");
  }

  @Test
  void fromPem_opensslSec1WithEcParameters_matchesItsOpensslPublicKey() throws Exception {
    KeySet privateSet = KeySet.fromPem(resource("ec-p256-sec1.pem"));
    KeySet publicSet = KeySet.fromPem(resource("ec-p256-public.pem"));
    assertThat(privateSet.verificationKeyIds()).hasSize(1);
    assertThat(signsForPublic(privateSet, publicSet)).isEqualTo("ES256");
  }

  @Test
  void fromPem_opensslEd25519_matchesItsOpensslPublicKey() throws Exception {
    assertThat(
            signsForPublic(
                KeySet.fromPem(resource("ed25519-pkcs8.pem")),
                KeySet.fromPem(resource("ed25519-public.pem"))))
        .isEqualTo("EdDSA");
  }

  @Test
  void fromPem_opensslPkcs1Rsa_isReadThroughBouncyCastle() throws Exception {
    KeySet set = KeySet.fromPem(resource("rsa-2048-pkcs1.pem"));
    assertThat(set.signingKeyId()).isPresent();
    assertThat(set.algorithmNames()).containsExactly("RS256");
  }

  @Test
  void fromPem_withoutBouncyCastle_pkcs1Rsa_namesTheOpensslConversion() throws Exception {
    String pkcs1 = resource("rsa-2048-pkcs1.pem");
    assertThatThrownBy(() -> KeySet.fromPemWithoutBouncyCastle(pkcs1))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("RSA PRIVATE KEY")
        .hasMessageContaining("openssl pkcs8 -topk8 -nocrypt")
        .hasMessageContaining("bcpkix-jdk18on");
  }

  @Test
  void fromPem_withoutBouncyCastle_ecKeys_nameTheDependency() throws Exception {
    String sec1 = resource("ec-p256-sec1.pem");
    assertThatThrownBy(() -> KeySet.fromPemWithoutBouncyCastle(sec1))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("EC PRIVATE KEY")
        .hasMessageContaining("bcpkix-jdk18on");
    KeyPair kp = generate("EC", new ECGenParameterSpec("secp256r1"));
    String pkcs8 = pem("PRIVATE KEY", kp.getPrivate().getEncoded());
    assertThatThrownBy(() -> KeySet.fromPemWithoutBouncyCastle(pkcs8))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("cannot derive the public key")
        .hasMessageContaining("bcpkix-jdk18on");
  }

  @Test
  void fromPem_withoutBouncyCastle_jdkFormatsStillLoad() throws Exception {
    KeyPair ed = generate("Ed25519", null);
    assertThat(
            KeySet.fromPemWithoutBouncyCastle(pem("PRIVATE KEY", ed.getPrivate().getEncoded()))
                .algorithmNames())
        .containsExactly("EdDSA");
    assertThat(KeySet.fromPemWithoutBouncyCastle(resource("ec-p256-public.pem")).algorithmNames())
        .containsExactly("ES256");
  }

  @Test
  void fromPem_privateKeyThenPreviousPublicKey_signsWithTheFirstAndVerifiesBoth() throws Exception {
    KeyPair current = generate("EC", new ECGenParameterSpec("secp256r1"));
    KeyPair previous = generate("EC", new ECGenParameterSpec("secp256r1"));
    KeySet set =
        KeySet.fromPem(
            pem("PRIVATE KEY", current.getPrivate().getEncoded())
                + pem("PUBLIC KEY", previous.getPublic().getEncoded()));
    assertThat(set.verificationKeyIds()).hasSize(2);
    assertThat(set.signingKeyId()).contains(set.verificationKeyIds().iterator().next());
  }

  @Test
  void fromPem_refusesEncryptedAndUnknownBlocksAndEmptyText() {
    assertThatThrownBy(() -> KeySet.fromPem(pem("ENCRYPTED PRIVATE KEY", new byte[] {1, 2, 3})))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("encrypted");
    assertThatThrownBy(() -> KeySet.fromPem(pem("X509 CRL", new byte[] {1, 2, 3})))
        .hasMessageContaining("not a key");
    assertThatThrownBy(() -> KeySet.fromPem("no pem here"))
        .hasMessageContaining("no PEM key found");
  }

  @Test
  void fromPem_garbageDer_isRefusedWithoutEchoingIt() {
    byte[] garbage = "not-a-key-0123456789".getBytes(StandardCharsets.US_ASCII);
    String text = pem("PRIVATE KEY", garbage);
    assertThatThrownBy(() -> KeySet.fromPem(text))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("PEM block #1 (PRIVATE KEY)")
        .hasMessageNotContaining(Base64.getEncoder().encodeToString(garbage));
  }

  @Test
  void fromPemFile_readsAndNamesTheFileOnError(@TempDir Path dir) throws Exception {
    Path good = dir.resolve("ec.pem");
    Files.writeString(good, resource("ec-p256-sec1.pem"), StandardCharsets.US_ASCII);
    assertThat(KeySet.fromPemFile(good).algorithmNames()).containsExactly("ES256");
    Path bad = dir.resolve("bad.pem");
    Files.writeString(bad, "nothing", StandardCharsets.US_ASCII);
    assertThatThrownBy(() -> KeySet.fromPemFile(bad)).hasMessageContaining("bad.pem");
    assertThatThrownBy(() -> KeySet.fromPemFile(dir.resolve("missing.pem")))
        .hasMessageContaining("cannot be read");
  }
}
