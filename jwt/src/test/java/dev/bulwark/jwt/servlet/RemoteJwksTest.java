package dev.bulwark.jwt.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.jwk.JWK;
import dev.bulwark.jwt.AccessTokenIssuer;
import dev.bulwark.jwt.AccessTokenVerifier;
import dev.bulwark.jwt.InvalidTokenException;
import dev.bulwark.jwt.KeyRing;
import dev.bulwark.jwt.KeySet;
import dev.bulwark.jwt.RejectionReason;
import dev.bulwark.jwt.RemoteJwks;
import dev.bulwark.jwt.TestKeys;
import dev.bulwark.testing.JettyContainer;
import dev.bulwark.testing.ServletContainer;
import dev.bulwark.web.ConfigurationException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Tokens of another issuer, verified with keys fetched from its JWKS endpoint over real HTTP. */
class RemoteJwksTest {

  private final KeyRing issuerKeys = KeyRing.of(KeySet.of(List.<JWK>of(TestKeys.RSA_A), null));
  private final AccessTokenIssuer issuer =
      AccessTokenIssuer.builder(issuerKeys)
          .issuer(TestKeys.ISSUER)
          .audience(TestKeys.AUDIENCE)
          .build();
  private ServletContainer server;
  private URI jwks;

  @BeforeEach
  void startIssuer() throws Exception {
    server =
        new JettyContainer().servlet("jwks", new JwksServlet(issuerKeys), "/jwks.json").start();
    jwks = server.baseUri().resolve("/jwks.json");
  }

  @AfterEach
  void stopIssuer() throws Exception {
    server.close();
  }

  private AccessTokenVerifier verifier(URI uri) {
    RemoteJwks remote =
        RemoteJwks.builder(uri)
            .minimumRefetchInterval(Duration.ofMillis(100))
            .httpTimeout(Duration.ofSeconds(2))
            .build();
    return AccessTokenVerifier.builder(remote)
        .issuer(TestKeys.ISSUER)
        .audience(TestKeys.AUDIENCE)
        .build();
  }

  @Test
  void verify_tokenSignedByTheRemoteIssuer_isAccepted() throws Exception {
    AccessTokenVerifier v = verifier(jwks);
    assertThat(v.verify(issuer.issue("alice", List.of("USER")).token()).keyId()).isEqualTo("key-a");
  }

  @Test
  void verify_afterTheIssuerRotatesInANewKey_refetchesAndAccepts() throws Exception {
    AccessTokenVerifier v = verifier(jwks);
    v.verify(issuer.issue("alice", List.of()).token());
    issuerKeys.replace(KeySet.of(List.<JWK>of(TestKeys.RSA_B, TestKeys.RSA_A.toPublicJWK()), null));
    assertThat(v.verify(issuer.issue("bob", List.of()).token()).keyId()).isEqualTo("key-b");
  }

  @Test
  void verify_whenTheEndpointGoesDown_keepsUsingCachedKeys() throws Exception {
    AccessTokenVerifier v = verifier(jwks);
    String token = issuer.issue("alice", List.of()).token();
    v.verify(token);
    server.close();
    assertThat(v.verify(token).subject()).isEqualTo("alice");
  }

  @Test
  void verify_endpointUnreachableAndNothingCached_failsClosed() throws Exception {
    URI nowhere = jwks;
    server.close();
    AccessTokenVerifier v = verifier(nowhere);
    assertThatThrownBy(() -> v.verify(issuer.issue("alice", List.of()).token()))
        .isInstanceOf(InvalidTokenException.class)
        .extracting(e -> ((InvalidTokenException) e).reason())
        .isEqualTo(RejectionReason.KEYS_UNAVAILABLE);
  }

  @Test
  void verify_tokenOfAKeyTheIssuerNeverPublished_isUnknownKey() throws Exception {
    KeyRing other = KeyRing.of(KeySet.of(List.<JWK>of(TestKeys.EC), null));
    String foreign =
        AccessTokenIssuer.builder(other)
            .issuer(TestKeys.ISSUER)
            .audience(TestKeys.AUDIENCE)
            .build()
            .issue("mallory", List.of())
            .token();
    AccessTokenVerifier v = verifier(jwks);
    assertThatThrownBy(() -> v.verify(foreign))
        .isInstanceOf(InvalidTokenException.class)
        .extracting(e -> ((InvalidTokenException) e).reason())
        .isIn(RejectionReason.ALGORITHM_NOT_ALLOWED, RejectionReason.UNKNOWN_KEY);
  }

  @Test
  void build_plainHttpToARemoteHost_throws() {
    assertThatThrownBy(() -> RemoteJwks.builder(URI.create("http://idp.example.com/jwks")).build())
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("https");
  }
}
