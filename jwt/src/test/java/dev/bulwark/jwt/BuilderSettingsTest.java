package dev.bulwark.jwt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.event.SecurityEventPublisher;
import dev.bulwark.jwt.servlet.BearerTokenPolicy;
import dev.bulwark.jwt.store.InMemoryAccessTokenDenylist;
import dev.bulwark.jwt.store.InMemoryRefreshTokenStore;
import dev.bulwark.web.ConfigurationException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The builders' one discipline: a once-only setting given twice is an error that names it and its
 * earlier value; each setter checks its own argument at once; every failure is a {@link
 * ConfigurationException}; each built object describes its settings.
 */
class BuilderSettingsTest {

  private static final KeyRing RING = KeyRing.of(KeySet.of(List.of(TestKeys.RSA_A), null));

  @Test
  void verifier_settingGivenTwice_throwsNamingIt() {
    assertThatThrownBy(() -> AccessTokenVerifier.builder(RING).issuer("a").issuer("b"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("AccessTokenVerifier.Builder")
        .hasMessageContaining("issuer was already set (to a)");
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
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("AccessTokenIssuer.Builder: audience was already set (to [a])");
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
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("TokenService.Builder: denylist was already set");
  }

  @Test
  void remoteJwks_settingGivenTwice_throwsNamingIt() {
    assertThatThrownBy(
            () ->
                RemoteJwks.builder(URI.create("https://auth.example.com/jwks"))
                    .httpTimeout(Duration.ofSeconds(1))
                    .httpTimeout(Duration.ofSeconds(2)))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("RemoteJwks.Builder: httpTimeout was already set");
  }

  @Test
  void bearerPolicy_settingGivenTwice_throwsNamingIt() {
    AccessTokenVerifier v = AccessTokenVerifier.builder(RING).issuer("i").audience("a").build();
    assertThatThrownBy(() -> BearerTokenPolicy.builder(v).realm("a").realm("b"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("BearerTokenPolicy.Builder: realm was already set (to a)");
    assertThatThrownBy(
            () ->
                BearerTokenPolicy.builder(v)
                    .events(SecurityEventPublisher.logging())
                    .events(SecurityEventPublisher.logging()))
        .hasMessageContaining("events was already set");
  }

  @Test
  void setters_badValue_throwAtOnceNamingTheSetting() {
    assertThatThrownBy(() -> AccessTokenVerifier.builder(RING).clockSkew(Duration.ofMinutes(10)))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("clockSkew must be 0 to 5 minutes (was PT10M)");
    assertThatThrownBy(() -> AccessTokenVerifier.builder(RING).maxTokenLength(10))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("maxTokenLength");
    assertThatThrownBy(() -> AccessTokenVerifier.builder(RING).rolesClaim("a..b"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("rolesClaim 'a..b'");
    assertThatThrownBy(() -> AccessTokenVerifier.builder(RING).cacheVerifiedTokens(0))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("cacheVerifiedTokens");
    assertThatThrownBy(() -> AccessTokenIssuer.builder(RING).lifetime(Duration.ofDays(2)))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("lifetime");
    assertThatThrownBy(() -> AccessTokenIssuer.builder(RING).rolesClaim("sub"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("rolesClaim 'sub'");
    assertThatThrownBy(
            () ->
                RemoteJwks.builder(URI.create("https://auth.example.com/jwks"))
                    .httpTimeout(Duration.ofMinutes(1)))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("httpTimeout must be 100 ms to 30 s (was PT1M)");
    AccessTokenVerifier v = AccessTokenVerifier.builder(RING).issuer("i").audience("a").build();
    assertThatThrownBy(() -> BearerTokenPolicy.builder(v).realm("a\"b"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("realm");
    assertThatThrownBy(() -> InMemoryAccessTokenDenylist.create(0, Clock.systemUTC()))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("maxEntries");
  }

  @Test
  void tokenService_idleTimeoutBeyondAbsoluteLifetime_failsInBuildNamingBoth() {
    AccessTokenIssuer issuer = AccessTokenIssuer.builder(RING).issuer("i").audience("a").build();
    assertThatThrownBy(
            () ->
                TokenService.builder(
                        issuer, InMemoryRefreshTokenStore.create(10, Clock.systemUTC()))
                    .denylist(InMemoryAccessTokenDenylist.create(10, Clock.systemUTC()))
                    .absoluteLifetime(Duration.ofHours(1))
                    .idleTimeout(Duration.ofHours(2))
                    .build())
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("idleTimeout (PT2H) must be at most absoluteLifetime (PT1H)");
  }

  @Test
  void verifier_toString_listsEverySettingAndNamesRelaxations() {
    String s =
        AccessTokenVerifier.builder(RING)
            .issuer("https://auth.example.com")
            .audience("b", "a")
            .clockSkew(Duration.ofSeconds(30))
            .allowTypeJwt()
            .denylist(InMemoryAccessTokenDenylist.create(10, Clock.systemUTC()))
            .build()
            .toString();
    assertThat(s)
        .contains(
            "issuer=https://auth.example.com",
            "audience=[a, b]",
            "clockSkew=PT30S",
            "maxTokenLength=8192",
            "rolesClaim=roles",
            "denylist=InMemoryAccessTokenDenylist[maxEntries=10]",
            "cacheVerifiedTokens=off",
            "relaxations=[allowTypeJwt]",
            "KeySet[signing=" + TestKeys.RSA_A.getKeyID());
    assertThat(s)
        .doesNotContain(TestKeys.RSA_A.getModulus().toString())
        .doesNotContain(TestKeys.RSA_A.getPrivateExponent().toString());
  }

  @Test
  void strictVerifier_toString_saysNoRelaxationAndNoDenylist() {
    assertThat(AccessTokenVerifier.builder(RING).issuer("i").audience("a").build().toString())
        .contains("relaxations=none", "denylist=none");
  }

  @Test
  void issuerAndServiceAndRemoteJwks_toString_listTheirSettings() {
    AccessTokenIssuer issuer =
        AccessTokenIssuer.builder(RING)
            .issuer("i")
            .audience("a")
            .lifetime(Duration.ofMinutes(5))
            .build();
    assertThat(issuer.toString()).contains("issuer=i", "audience=[a]", "lifetime=PT5M");
    assertThat(
            TokenService.builder(issuer, InMemoryRefreshTokenStore.create(10, Clock.systemUTC()))
                .denylist(InMemoryAccessTokenDenylist.create(10, Clock.systemUTC()))
                .allowReuseOfPreviousTokenWithin(Duration.ofSeconds(5))
                .build()
                .toString())
        .contains(
            "store=InMemoryRefreshTokenStore[maxFamilies=10]",
            "credentialVerifier=none",
            "absoluteLifetime=PT168H",
            "relaxations=[allowReuseOfPreviousTokenWithin=PT5S]");
    assertThat(RemoteJwks.builder(URI.create("https://auth.example.com/jwks")).build().toString())
        .contains("uri=https://auth.example.com/jwks", "cacheTimeToLive=PT5M", "httpTimeout=PT2S");
  }
}
