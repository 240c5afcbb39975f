package dev.bulwark.jwt;

import static dev.bulwark.jwt.TestKeys.AUDIENCE;
import static dev.bulwark.jwt.TestKeys.ISSUER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jwt.SignedJWT;
import dev.bulwark.testing.MutableClock;
import dev.bulwark.web.ConfigurationException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AccessTokenIssuerTest {

  private final MutableClock clock = MutableClock.atFixedStart();
  private final KeyRing ring = KeyRing.of(KeySet.of(List.<JWK>of(TestKeys.RSA_A), null));

  private AccessTokenIssuer.Builder issuer() {
    return AccessTokenIssuer.builder(ring).issuer(ISSUER).audience(AUDIENCE).clock(clock);
  }

  @Test
  void issue_hasRfc9068HeaderAndRegisteredClaims() throws Exception {
    IssuedAccessToken t =
        issuer().build().issue("alice", List.of("USER"), "fam-1", Map.of("tenant", "t1"));
    SignedJWT jwt = SignedJWT.parse(t.token());
    assertThat(jwt.getHeader().getType().getType()).isEqualTo("at+jwt");
    assertThat(jwt.getHeader().getKeyID()).isEqualTo("key-a");
    assertThat(jwt.getHeader().getAlgorithm().getName()).isEqualTo("RS256");
    var c = jwt.getJWTClaimsSet();
    assertThat(c.getIssuer()).isEqualTo(ISSUER);
    assertThat(c.getAudience()).containsExactly(AUDIENCE);
    assertThat(c.getSubject()).isEqualTo("alice");
    assertThat(c.getIssueTime().toInstant()).isEqualTo(clock.instant());
    assertThat(c.getExpirationTime().toInstant())
        .isEqualTo(clock.instant().plus(Duration.ofMinutes(30)));
    assertThat(c.getJWTID()).isEqualTo(t.jwtId()).hasSizeGreaterThanOrEqualTo(22);
    assertThat(c.getStringListClaim("roles")).containsExactly("USER");
    assertThat(c.getStringClaim("sid")).isEqualTo("fam-1");
    assertThat(c.getStringClaim("tenant")).isEqualTo("t1");
  }

  @Test
  void issue_extraClaimOverwritingARegisteredOne_throws() {
    AccessTokenIssuer i = issuer().build();
    for (String claim : List.of("sub", "exp", "iss", "aud", "jti", "roles", "sid")) {
      assertThatThrownBy(() -> i.issue("alice", List.of(), null, Map.of(claim, "x")))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining(claim);
    }
  }

  @Test
  void issue_jtiIsUniquePerToken() {
    AccessTokenIssuer i = issuer().build();
    assertThat(i.issue("a", List.of()).jwtId()).isNotEqualTo(i.issue("a", List.of()).jwtId());
  }

  @Test
  void issue_withVerificationOnlyKeys_throws() {
    KeyRing verifyOnly = KeyRing.of(KeySet.of(List.<JWK>of(TestKeys.RSA_A.toPublicJWK()), null));
    AccessTokenIssuer i =
        AccessTokenIssuer.builder(verifyOnly).issuer(ISSUER).audience(AUDIENCE).build();
    assertThatThrownBy(() -> i.issue("a", List.of())).hasMessageContaining("no signing key");
  }

  @Test
  void build_withoutIssuer_throwsNamingTheSetting() {
    assertThatThrownBy(() -> AccessTokenIssuer.builder(ring).audience(AUDIENCE).build())
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("issuer is required");
  }

  @Test
  void build_lifetimeAboveADay_throws() {
    assertThatThrownBy(() -> issuer().lifetime(Duration.ofDays(2)).build())
        .hasMessageContaining("lifetime");
  }
}
