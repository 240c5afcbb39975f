package dev.bulwark.jwt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.event.SecurityEventPublisher;
import dev.bulwark.jwt.servlet.BearerTokenPolicy;
import dev.bulwark.jwt.store.InMemoryAccessTokenDenylist;
import dev.bulwark.jwt.store.InMemoryRefreshTokenStore;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The builders' one rule: a once-only setting given twice is an error that names it. */
class BuilderSettingsTest {

  private static final KeyRing RING = KeyRing.of(KeySet.of(List.of(TestKeys.RSA_A), null));

  @Test
  void verifier_settingGivenTwice_throwsNamingIt() {
    assertThatThrownBy(() -> AccessTokenVerifier.builder(RING).issuer("a").issuer("b"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("AccessTokenVerifier.Builder")
        .hasMessageContaining("issuer was already set");
    assertThatThrownBy(
            () ->
                AccessTokenVerifier.builder(RING)
                    .clockSkew(Duration.ZERO)
                    .clockSkew(Duration.ofMinutes(5)))
        .hasMessageContaining("clockSkew was already set");
    assertThatThrownBy(() -> AccessTokenVerifier.builder(RING).allowTypeJwt().allowTypeJwt())
        .hasMessageContaining("allowTypeJwt was already set");
    assertThatThrownBy(
            () -> AccessTokenVerifier.builder(RING).cacheVerifiedTokens(1).cacheVerifiedTokens(2))
        .hasMessageContaining("cacheVerifiedTokens was already set");
  }

  @Test
  void verifier_audienceAdds() throws Exception {
    AccessTokenVerifier v =
        AccessTokenVerifier.builder(RING).issuer("i").audience("x").audience("a").build();
    String token =
        AccessTokenIssuer.builder(RING)
            .issuer("i")
            .audience("a")
            .build()
            .issue("s", List.of())
            .token();
    assertThat(v.verify(token).subject()).isEqualTo("s");
  }

  @Test
  void issuer_settingGivenTwice_throwsNamingIt() {
    assertThatThrownBy(() -> AccessTokenIssuer.builder(RING).audience("a").audience("b"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("AccessTokenIssuer.Builder: audience was already set");
    assertThatThrownBy(
            () ->
                AccessTokenIssuer.builder(RING)
                    .lifetime(Duration.ofMinutes(5))
                    .lifetime(Duration.ofMinutes(30)))
        .hasMessageContaining("lifetime was already set");
  }

  @Test
  void tokenService_settingGivenTwice_throwsNamingIt() {
    AccessTokenIssuer issuer = AccessTokenIssuer.builder(RING).issuer("i").audience("a").build();
    InMemoryAccessTokenDenylist denylist =
        InMemoryAccessTokenDenylist.create(10, Clock.systemUTC());
    assertThatThrownBy(
            () ->
                TokenService.builder(
                        issuer, InMemoryRefreshTokenStore.create(10, Clock.systemUTC()))
                    .denylist(denylist)
                    .denylist(denylist))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("TokenService.Builder: denylist was already set");
  }

  @Test
  void remoteJwks_settingGivenTwice_throwsNamingIt() {
    assertThatThrownBy(
            () ->
                RemoteJwks.builder(URI.create("https://auth.example.com/jwks"))
                    .httpTimeout(Duration.ofSeconds(1))
                    .httpTimeout(Duration.ofSeconds(2)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("RemoteJwks.Builder: httpTimeout was already set");
  }

  @Test
  void bearerPolicy_settingGivenTwice_throwsNamingIt() {
    AccessTokenVerifier v = AccessTokenVerifier.builder(RING).issuer("i").audience("a").build();
    assertThatThrownBy(() -> BearerTokenPolicy.builder(v).realm("a").realm("b"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("BearerTokenPolicy.Builder: realm was already set");
    assertThatThrownBy(
            () ->
                BearerTokenPolicy.builder(v)
                    .events(SecurityEventPublisher.logging())
                    .events(SecurityEventPublisher.logging()))
        .hasMessageContaining("events was already set");
  }
}
