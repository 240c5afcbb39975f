package dev.bulwark.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class HmacKeysTest {

  private static final byte[] A = fill(1);
  private static final byte[] B = fill(2);

  private static byte[] fill(int v) {
    byte[] k = new byte[32];
    java.util.Arrays.fill(k, (byte) v);
    return k;
  }

  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void sign_verify_roundTrip_andEveryPartMatters() {
    HmacKeys keys = HmacKeys.of(A);
    byte[] mac = keys.sign(b("alice"), b("device"));
    assertThat(mac).hasSize(32);
    assertThat(keys.verify(mac, b("alice"), b("device"))).isTrue();
    assertThat(keys.verify(mac, b("alicedevice"))).as("parts are length-prefixed").isFalse();
    assertThat(keys.verify(mac, b("alic"), b("edevice"))).isFalse();
    assertThat(keys.verify(mac, b("bob"), b("device"))).isFalse();
    mac[0] ^= 1;
    assertThat(keys.verify(mac, b("alice"), b("device"))).isFalse();
  }

  @Test
  void rotation_newSigns_oldStillVerifies_droppedOldNoLonger() {
    byte[] signedByOld = HmacKeys.of(A).sign(b("x"));
    HmacKeys rotated = HmacKeys.of(B, A);
    assertThat(rotated.verify(signedByOld, b("x"))).isTrue();
    assertThat(rotated.sign(b("x"))).isNotEqualTo(signedByOld);
    assertThat(HmacKeys.of(B).verify(signedByOld, b("x"))).isFalse();
  }

  @Test
  void fromBase64_acceptsStandardAndUrlAlphabets_firstSigns() {
    String a = Base64.getEncoder().encodeToString(A);
    String bUrl = Base64.getUrlEncoder().withoutPadding().encodeToString(B);
    HmacKeys keys = HmacKeys.fromBase64(bUrl + " , " + a);
    assertThat(keys.sign(b("x"))).isEqualTo(HmacKeys.of(B).sign(b("x")));
    assertThat(keys.verify(HmacKeys.of(A).sign(b("x")), b("x"))).isTrue();
  }

  @Test
  void badKeys_throwConfigurationException_withoutTheValue() {
    assertThatThrownBy(() -> HmacKeys.of(new byte[31]))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("at least 32 bytes");
    assertThatThrownBy(() -> HmacKeys.of(A, A.clone()))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("same key");
    assertThatThrownBy(() -> HmacKeys.fromBase64("not*base64-secret"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("not base64")
        .hasMessageNotContaining("secret");
    assertThatThrownBy(() -> HmacKeys.fromBase64(Base64.getEncoder().encodeToString(A) + ","))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("key 2 is empty");
  }

  @Test
  void toString_neverShowsTheKeys() {
    assertThat(HmacKeys.of(A, B).toString())
        .isEqualTo("HmacKeys[HmacSHA256, 2 keys, hidden]")
        .doesNotContain(Base64.getEncoder().encodeToString(A));
    assertThat(HmacKeys.random().toString()).contains("random (this process only)");
    assertThat(HmacKeys.random().isProcessLocal()).isTrue();
  }
}
