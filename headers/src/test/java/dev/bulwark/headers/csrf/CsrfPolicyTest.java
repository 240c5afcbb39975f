package dev.bulwark.headers.csrf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.headers.csrf.CsrfPolicy.Verdict;
import org.junit.jupiter.api.Test;

class CsrfPolicyTest {

  private static final String OWN = "https://shop.example.com";
  private final CsrfPolicy defaults = CsrfPolicy.defaults();

  private Verdict post(CsrfPolicy p, String site, String origin) {
    return p.evaluate("POST", "/transfer", site, origin, OWN, false, true);
  }

  @Test
  void safeMethods_areAlwaysAllowed() {
    for (String m : new String[] {"GET", "HEAD", "OPTIONS", "TRACE"}) {
      assertThat(defaults.evaluate(m, "/", "cross-site", "https://evil", OWN, false, true))
          .isEqualTo(Verdict.ALLOWED);
    }
  }

  @Test
  void fetchMetadata_isCheckedFirst() {
    assertThat(post(defaults, "same-origin", null)).isEqualTo(Verdict.ALLOWED);
    assertThat(post(defaults, "none", null)).isEqualTo(Verdict.ALLOWED);
    assertThat(post(defaults, "cross-site", OWN)).isEqualTo(Verdict.REJECTED_FETCH_METADATA);
    assertThat(post(defaults, "same-site", null)).isEqualTo(Verdict.REJECTED_FETCH_METADATA);
    assertThat(post(CsrfPolicy.builder().allowSameSite(true).build(), "same-site", null))
        .isEqualTo(Verdict.ALLOWED);
  }

  @Test
  void origin_isComparedToTheRequestsOwnOrigin_whenFetchMetadataIsAbsent() {
    assertThat(post(defaults, null, "https://SHOP.example.com:443")).isEqualTo(Verdict.ALLOWED);
    assertThat(post(defaults, null, "https://evil.example")).isEqualTo(Verdict.REJECTED_ORIGIN);
    assertThat(post(defaults, null, "null")).isEqualTo(Verdict.REJECTED_ORIGIN);
    assertThat(post(defaults, null, "http://shop.example.com")).isEqualTo(Verdict.REJECTED_ORIGIN);
  }

  @Test
  void trustedOrigin_isAllowedEvenCrossSite() {
    CsrfPolicy p = CsrfPolicy.builder().trustedOrigins("https://login.example.com").build();
    assertThat(post(p, "cross-site", "https://login.example.com")).isEqualTo(Verdict.ALLOWED);
  }

  @Test
  void neitherHeader_followsTheDocumentedChoice() {
    assertThat(post(defaults, null, null)).isEqualTo(Verdict.ALLOWED);
    CsrfPolicy strict =
        CsrfPolicy.builder().missingHeaders(CsrfPolicy.MissingHeaders.REJECT).build();
    assertThat(post(strict, null, null)).isEqualTo(Verdict.REJECTED_NO_HEADERS);
  }

  @Test
  void authorizationHeaderWithoutCookies_isNotBrowserAmbient_andNotBlocked() {
    assertThat(defaults.evaluate("POST", "/", "cross-site", "https://evil", OWN, true, false))
        .isEqualTo(Verdict.ALLOWED);
    assertThat(defaults.evaluate("POST", "/", "cross-site", "https://evil", OWN, true, true))
        .isEqualTo(Verdict.REJECTED_FETCH_METADATA);
  }

  @Test
  void bypassPaths_areExempt() {
    CsrfPolicy p = CsrfPolicy.builder().bypassPaths("/webhooks/**").build();
    assertThat(p.evaluate("POST", "/webhooks/x", "cross-site", null, OWN, false, true))
        .isEqualTo(Verdict.ALLOWED);
    assertThat(p.evaluate("POST", "/webhooksx", "cross-site", null, OWN, false, true))
        .isEqualTo(Verdict.REJECTED_FETCH_METADATA);
  }

  @Test
  void tokens_verifyOnlyForTheirSession_andMaskedCopiesDifferButMatch() {
    CsrfTokens t = CsrfTokens.withRandomKey();
    String token = t.issue("session-1");
    assertThat(t.verify(token, "session-1")).isTrue();
    assertThat(t.verify(token, "session-2")).isFalse();
    assertThat(CsrfTokens.withRandomKey().verify(token, "session-1")).isFalse();
    String m1 = t.mask(token);
    String m2 = t.mask(token);
    assertThat(m1).isNotEqualTo(m2).doesNotContain(token);
    assertThat(t.matches(m1, token)).isTrue();
    assertThat(t.matches(m2, token)).isTrue();
    assertThat(t.matches(token, token)).isFalse();
    assertThat(t.matches("!!!", token)).isFalse();
    assertThat(t.verify(token.substring(1), "session-1")).isFalse();
    assertThat(t.toString()).doesNotContain(token);
  }

  @Test
  void tokens_shortKey_throws() {
    assertThatThrownBy(() -> CsrfTokens.withKey(new byte[16])).hasMessageContaining("32 bytes");
  }
}
