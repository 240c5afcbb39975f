package dev.bulwark.jwt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyOperation;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import dev.bulwark.web.ConfigurationException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeySetTest {

  private static String set(JWK... keys) {
    StringBuilder sb = new StringBuilder("{\"keys\":[");
    for (int i = 0; i < keys.length; i++) {
      sb.append(i == 0 ? "" : ",").append(keys[i].toJSONString());
    }
    return sb.append("]}").toString();
  }

  private static byte[] random(int n) {
    byte[] b = new byte[n];
    new SecureRandom().nextBytes(b);
    return b;
  }

  @Test
  void load_rsa1024_throws() throws Exception {
    RSAKey weak = new RSAKeyGenerator(1024, true).keyID("weak").generate();
    assertThatThrownBy(() -> KeySet.fromJwkSetJson(set(weak)))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("1024 bits")
        .hasMessageContaining("at least 2048");
  }

  @Test
  void load_shortHmacSecret_throws() {
    assertThatThrownBy(() -> KeySet.fromHmacSecret(random(31), JWSAlgorithm.HS256))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("at least 32 bytes");
    assertThatThrownBy(() -> KeySet.fromHmacSecret(random(32), JWSAlgorithm.HS512))
        .hasMessageContaining("at least 64 bytes");
  }

  @Test
  void load_duplicateKid_throws() {
    assertThatThrownBy(() -> KeySet.fromJwkSetJson(set(TestKeys.RSA_A, TestKeys.RSA_ATTACKER)))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("kid is used twice");
  }

  @Test
  void load_secretMixedWithPublicKeys_throws() {
    OctetSequenceKey secret = new OctetSequenceKey.Builder(random(32)).keyID("s").build();
    assertThatThrownBy(() -> KeySet.of(List.of(TestKeys.RSA_A, secret), null))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("mixes HMAC secrets with public keys");
  }

  @Test
  void load_encryptionKey_throws() throws Exception {
    RSAKey enc = new RSAKeyGenerator(2048).keyID("enc").keyUse(KeyUse.ENCRYPTION).generate();
    assertThatThrownBy(() -> KeySet.of(List.of(enc), null))
        .hasMessageContaining("\"use\" is 'enc'");
  }

  @Test
  void load_algThatDoesNotFitTheKey_throws() {
    RSAKey rsaWithEs = new RSAKey.Builder(TestKeys.RSA_A).algorithm(JWSAlgorithm.ES256).build();
    assertThatThrownBy(() -> KeySet.of(List.of(rsaWithEs), null))
        .hasMessageContaining("does not fit an RSA key");
  }

  @Test
  void load_missingKid_isTheRfc7638Thumbprint() throws Exception {
    RSAKey noKid = new RSAKey.Builder(TestKeys.RSA_A).keyID(null).build();
    KeySet ks = KeySet.of(List.of(noKid), null);
    assertThat(ks.signingKeyId()).contains(noKid.computeThumbprint().toString());
  }

  @Test
  void load_verifyOnlyKeyOps_neverSigns() {
    RSAKey verifyOnly =
        new RSAKey.Builder(TestKeys.RSA_A).keyOperations(Set.of(KeyOperation.VERIFY)).build();
    KeySet ks = KeySet.of(List.of(verifyOnly), null);
    assertThat(ks.signingKeyId()).isEmpty();
    assertThat(ks.verificationKeyIds()).containsExactly("key-a");
  }

  @Test
  void load_defaultAlgorithms_areRs256AndByCurve() {
    RSAKey noAlg = new RSAKey.Builder(TestKeys.RSA_A).algorithm(null).build();
    assertThat(KeySet.of(List.of(noAlg), null).algorithmNames()).containsExactly("RS256");
    assertThat(KeySet.of(List.of(TestKeys.EC), null).algorithmNames()).containsExactly("ES256");
  }

  @Test
  void load_activeKeyId_selectsTheSigningKeyAndDemotesOthers() {
    KeySet ks = KeySet.of(List.of(TestKeys.RSA_A, TestKeys.RSA_B), "key-b");
    assertThat(ks.signingKeyId()).contains("key-b");
    assertThat(ks.verificationKeyIds()).containsExactly("key-a", "key-b");
    assertThatThrownBy(() -> KeySet.of(List.of(TestKeys.RSA_A.toPublicJWK()), "key-a"))
        .hasMessageContaining("activeKeyId");
  }

  @Test
  void publicJwkSet_containsNoPrivateMaterial() {
    String json = KeySet.of(List.of(TestKeys.RSA_A, TestKeys.RSA_B), null).publicJwkSetJson();
    assertThat(json).contains("\"kid\":\"key-a\"", "\"kid\":\"key-b\"", "\"n\":");
    for (String privateMember : List.of("\"d\"", "\"p\"", "\"q\"", "\"dp\"", "\"dq\"", "\"qi\"")) {
      assertThat(json).doesNotContain(privateMember + ":");
    }
  }

  @Test
  void publicJwkSet_ofAnHmacSet_isEmpty() {
    KeySet ks = KeySet.fromHmacSecret(random(32), JWSAlgorithm.HS256);
    assertThat(ks.isSecret()).isTrue();
    assertThat(ks.publicJwkSetJson()).isEqualTo("{\"keys\":[]}");
  }

  @Test
  void load_garbage_throwsWithoutEchoingIt() {
    assertThatThrownBy(
            () -> KeySet.fromJwkSetJson("{\"keys\":[{\"kty\":\"oct\",\"k\":\"c2VjcmV0\""))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageNotContaining("c2VjcmV0");
  }

  @Test
  void load_fromFile_andPem(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("jwks.json");
    Files.writeString(f, set(TestKeys.RSA_A));
    assertThat(KeySet.fromJwkSetFile(f).signingKeyId()).contains("key-a");
    String pem =
        "-----BEGIN PRIVATE KEY-----\n"
            + java.util.Base64.getMimeEncoder()
                .encodeToString(TestKeys.RSA_B.toPrivateKey().getEncoded())
            + "\n-----END PRIVATE KEY-----\n";
    assertThat(KeySet.fromPem(pem).signingKeyId()).isPresent();
    String pub =
        "-----BEGIN PUBLIC KEY-----\n"
            + java.util.Base64.getMimeEncoder()
                .encodeToString(TestKeys.EC.toPublicKey().getEncoded())
            + "\n-----END PUBLIC KEY-----\n";
    KeySet ecPublic = KeySet.fromPem(pub);
    assertThat(ecPublic.signingKeyId()).isEmpty();
    assertThat(ecPublic.algorithmNames()).containsExactly("ES256");
    assertThatThrownBy(() -> KeySet.fromJwkSetFile(dir.resolve("missing.json")))
        .isInstanceOf(ConfigurationException.class);
  }

  @Test
  void generateForDevelopment_signsAndVerifies() throws Exception {
    KeyRing ring = KeyRing.of(KeySet.generateForDevelopment());
    AccessTokenIssuer issuer = AccessTokenIssuer.builder(ring).issuer("i").audience("a").build();
    AccessTokenVerifier verifier =
        AccessTokenVerifier.builder(ring).issuer("i").audience("a").build();
    assertThat(verifier.verify(issuer.issue("dev", List.of()).token()).algorithm())
        .isEqualTo("RS256");
    assertThat(ring.current().toString()).doesNotContain("\"d\"");
  }

  @Test
  void hmacSet_issuesAndVerifiesHs256() throws Exception {
    KeyRing ring = KeyRing.of(KeySet.fromHmacSecret(random(32), JWSAlgorithm.HS256));
    AccessTokenIssuer issuer = AccessTokenIssuer.builder(ring).issuer("i").audience("a").build();
    AccessTokenVerifier verifier =
        AccessTokenVerifier.builder(ring).issuer("i").audience("a").build();
    assertThat(verifier.verify(issuer.issue("s", List.of()).token()).algorithm())
        .isEqualTo("HS256");
  }

  @Test
  void ed25519Key_issuesAndVerifiesEdDsaWithTink() throws Exception {
    com.nimbusds.jose.jwk.OctetKeyPair ed =
        new com.nimbusds.jose.jwk.gen.OctetKeyPairGenerator(com.nimbusds.jose.jwk.Curve.Ed25519)
            .keyID("ed")
            .generate();
    KeyRing ring = KeyRing.of(KeySet.of(List.of(ed), null));
    assertThat(ring.current().algorithmNames()).containsExactly("EdDSA");
    assertThat(ring.current().publicJwkSetJson())
        .contains("\"crv\":\"Ed25519\"")
        .doesNotContain("\"d\":");
    AccessTokenIssuer issuer = AccessTokenIssuer.builder(ring).issuer("i").audience("a").build();
    AccessTokenVerifier verifier =
        AccessTokenVerifier.builder(ring).issuer("i").audience("a").build();
    assertThat(verifier.verify(issuer.issue("s", List.of()).token()).algorithm())
        .isEqualTo("EdDSA");
  }

  @Test
  void x25519Key_throws() throws Exception {
    com.nimbusds.jose.jwk.OctetKeyPair x =
        new com.nimbusds.jose.jwk.gen.OctetKeyPairGenerator(com.nimbusds.jose.jwk.Curve.X25519)
            .generate();
    assertThatThrownBy(() -> KeySet.of(List.of(x), null)).hasMessageContaining("use Ed25519");
  }
}
