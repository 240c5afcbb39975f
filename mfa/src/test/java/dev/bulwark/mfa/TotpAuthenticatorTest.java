package dev.bulwark.mfa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.LuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import dev.bulwark.mfa.TotpAuthenticator.TotpResult;
import dev.bulwark.password.PasswordHasher;
import dev.bulwark.testing.MutableClock;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class TotpAuthenticatorTest {

  private static final byte[] K1 = new byte[32];
  private static final byte[] K2 =
      "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
  private static final PasswordHasher FAST = PasswordHasher.builder().bcrypt(10).build();

  private final MutableClock clock = new MutableClock(Instant.parse("2026-12-07T10:00:00Z"));
  private final TotpPolicy policy = TotpPolicy.builder("Acme Mail").clock(clock).build();
  private final InMemoryMfaStore store = new InMemoryMfaStore();
  private final TotpSecretEncryption encryption =
      TotpSecretEncryption.withKeys("k1", Map.of("k1", K1));
  private final TotpAuthenticator totp = TotpAuthenticator.create(policy, encryption, store, FAST);

  /** The code an authenticator app with this enrolment's secret shows {@code offset} steps away. */
  private String appCode(TotpEnrollment e, int offsetSteps) {
    long at = clock.instant().getEpochSecond() + offsetSteps * 30L;
    return TotpAuthenticator.generator(e.secretBase32().getBytes(StandardCharsets.US_ASCII), policy)
        .at(at);
  }

  private TotpEnrollment enrolled() {
    TotpEnrollment e = totp.startEnrollment("alice", "alice@example.com");
    assertThat(totp.confirmEnrollment("alice", appCode(e, 0))).isPresent();
    // two steps on: the step before now is later than the confirming one
    clock.advance(Duration.ofSeconds(60));
    return e;
  }

  @Test
  void enrolment_isPendingUntilAFirstValidCode_thenRecoveryCodesAreIssuedOnce() {
    TotpEnrollment e = totp.startEnrollment("alice", "alice@example.com");
    assertThat(e.secretBase32()).hasSize(32); // 160 bits in base32
    assertThat(e.toString()).doesNotContain(e.secretBase32());
    assertThat(URI.create(e.otpauthUri()).getScheme()).isEqualTo("otpauth");
    assertThat(e.otpauthUri()).contains("issuer=Acme", "secret=" + e.secretBase32());
    assertThat(totp.isEnrolled("alice")).isFalse();
    assertThat(totp.verify("alice", appCode(e, 0))).isEqualTo(TotpResult.NOT_ENROLLED);
    assertThat(totp.confirmEnrollment("alice", "000000")).isEmpty();
    List<String> codes = totp.confirmEnrollment("alice", appCode(e, 0)).orElseThrow();
    assertThat(codes).hasSize(10).allMatch(c -> c.matches("[a-z2-9]{4}(-[a-z2-9]{4}){3}"));
    assertThat(new HashSet<>(codes)).hasSize(10);
    assertThat(totp.isEnrolled("alice")).isTrue();
    assertThat(totp.verify("alice", appCode(e, 0)))
        .as("the confirming code cannot be used to sign in")
        .isEqualTo(TotpResult.REPLAYED);
  }

  @Test
  void verify_acceptsOneStepOfSkew_refusesTwo_andEachStepOnce() {
    TotpEnrollment e = enrolled();
    assertThat(totp.verify("alice", appCode(e, 2))).isEqualTo(TotpResult.REJECTED);
    assertThat(totp.verify("alice", appCode(e, -2))).isEqualTo(TotpResult.REJECTED);
    assertThat(totp.verify("alice", appCode(e, -1))).isEqualTo(TotpResult.ACCEPTED);
    assertThat(totp.verify("alice", appCode(e, -1))).isEqualTo(TotpResult.REPLAYED);
    String now = appCode(e, 0);
    assertThat(totp.verify("alice", now.substring(0, 3) + " " + now.substring(3)))
        .as("apps show the code in two groups")
        .isEqualTo(TotpResult.ACCEPTED);
    assertThat(totp.verify("alice", now)).isEqualTo(TotpResult.REPLAYED);
    String later = appCode(e, 1);
    assertThat(totp.verify("alice", later)).isEqualTo(TotpResult.ACCEPTED);
    clock.advance(Duration.ofSeconds(30));
    assertThat(totp.verify("alice", appCode(e, -1)))
        .as("an older step than the last used one is refused too")
        .isEqualTo(TotpResult.REPLAYED);
  }

  @Test
  void verify_malformedCodes_areRejected() {
    TotpEnrollment e = enrolled();
    for (String bad : List.of("", "12345", "1234567", "abcdef", "12345\u0661", "-12345")) {
      assertThat(totp.verify("alice", bad)).as(bad).isEqualTo(TotpResult.REJECTED);
    }
    assertThat(totp.verify("bob", appCode(e, 0))).isEqualTo(TotpResult.NOT_ENROLLED);
  }

  @Test
  void recoveryCodes_areSingleUse_andRegenerationInvalidatesTheOldSet() {
    TotpEnrollment e = totp.startEnrollment("alice", "alice@example.com");
    List<String> codes = totp.confirmEnrollment("alice", appCode(e, 0)).orElseThrow();
    assertThat(totp.useRecoveryCode("alice", codes.get(0).toUpperCase())).isTrue();
    assertThat(totp.useRecoveryCode("alice", codes.get(0))).isFalse();
    assertThat(totp.useRecoveryCode("bob", codes.get(1))).isFalse();
    assertThat(totp.useRecoveryCode("alice", "zzzz-zzzz-zzzz-zzzz")).isFalse();
    assertThat(totp.useRecoveryCode("alice", "not a code")).isFalse();
    assertThat(store.remainingRecoveryCodes("alice")).isEqualTo(9);
    List<String> fresh = totp.regenerateRecoveryCodes("alice");
    assertThat(totp.useRecoveryCode("alice", codes.get(1))).isFalse();
    assertThat(totp.useRecoveryCode("alice", fresh.get(1))).isTrue();
  }

  @Test
  void qrCode_decodesBackToTheOtpauthUri() throws Exception {
    TotpEnrollment e = totp.startEnrollment("alice", "alice@example.com");
    BufferedImage img = ImageIO.read(new ByteArrayInputStream(e.qrPng()));
    LuminanceSource source =
        new LuminanceSource(img.getWidth(), img.getHeight()) {
          @Override
          public byte[] getRow(int y, byte[] row) {
            byte[] r = row != null && row.length >= getWidth() ? row : new byte[getWidth()];
            for (int x = 0; x < getWidth(); x++) {
              r[x] = (byte) ((img.getRGB(x, y) & 0xFF) > 127 ? 255 : 0);
            }
            return r;
          }

          @Override
          public byte[] getMatrix() {
            byte[] m = new byte[getWidth() * getHeight()];
            for (int y = 0; y < getHeight(); y++) {
              System.arraycopy(getRow(y, null), 0, m, y * getWidth(), getWidth());
            }
            return m;
          }
        };
    String decoded =
        // PURE_BARCODE: the image is the generated code itself, read by its geometry; the camera
        // detector misreads about 1 in 300 perfect synthetic images (measured over 3,000
        // enrolments)
        new QRCodeReader()
            .decode(
                new BinaryBitmap(new HybridBinarizer(source)),
                java.util.Map.of(com.google.zxing.DecodeHintType.PURE_BARCODE, Boolean.TRUE))
            .getText();
    assertThat(decoded).isEqualTo(e.otpauthUri());
  }

  @Test
  void secrets_areSealed_boundToTheirUser_andKeysRotate() {
    TotpEnrollment e = enrolled();
    String sealed = store.totp("alice").orElseThrow().sealedSecret();
    assertThat(sealed).startsWith("t1.k1.").doesNotContain(e.secretBase32());
    assertThat(new String(encryption.open(sealed, "alice"), StandardCharsets.US_ASCII))
        .isEqualTo(e.secretBase32());
    assertThatThrownBy(() -> encryption.open(sealed, "bob"))
        .isInstanceOf(MfaException.class)
        .hasMessageNotContaining(e.secretBase32());
    String tampered =
        sealed.substring(0, sealed.length() - 2) + (sealed.endsWith("AA") ? "BB" : "AA");
    assertThatThrownBy(() -> encryption.open(tampered, "alice")).isInstanceOf(MfaException.class);
    TotpSecretEncryption rotated = TotpSecretEncryption.withKeys("k2", Map.of("k1", K1, "k2", K2));
    assertThat(rotated.open(sealed, "alice")).isEqualTo(encryption.open(sealed, "alice"));
    assertThat(rotated.needsReseal(sealed)).isTrue();
    assertThat(rotated.seal(new byte[] {1}, "alice")).startsWith("t1.k2.");
    assertThatThrownBy(
            () -> TotpSecretEncryption.withKeys("k2", Map.of("k2", K2)).open(sealed, "alice"))
        .isInstanceOf(MfaException.class)
        .hasMessageContaining("'k1', which is not configured");
    assertThat(rotated.toString()).doesNotContain("0123456789abcdef").contains("current=k2");
  }

  @Test
  void policy_andEncryption_refuseBadSettings() {
    assertThatThrownBy(() -> TotpPolicy.builder("a:b"))
        .isInstanceOf(dev.bulwark.web.ConfigurationException.class)
        .hasMessageContaining("without ':'");
    assertThatThrownBy(() -> TotpPolicy.builder("x").digits(7))
        .hasMessageContaining("digits must be 6 or 8");
    assertThatThrownBy(() -> TotpPolicy.builder("x").period(Duration.ofSeconds(10)))
        .hasMessageContaining("period must be 15 to 120");
    assertThatThrownBy(() -> TotpPolicy.builder("x").digits(6).digits(8))
        .hasMessageContaining("digits was already set (to 6)");
    assertThatThrownBy(() -> TotpSecretEncryption.withKeys("k1", Map.of("k1", new byte[16])))
        .hasMessageContaining("must be 32 bytes");
    assertThat(
            TotpPolicy.fromSettings(
                    dev.bulwark.web.Settings.of(
                        "bulwark.mfa.totp",
                        Map.of("issuer", "Acme", "digits", "8", "algorithm", "sha256")))
                .toString())
        .isEqualTo(
            "TotpPolicy[issuer=Acme, digits=8, period=PT30S, algorithm=SHA256, allowedSkewSteps=1,"
                + " replay=refused]");
    assertThatThrownBy(
            () ->
                TotpPolicy.fromSettings(
                    dev.bulwark.web.Settings.of(
                        "bulwark.mfa.totp", Map.of("issuer", "A", "digit", "8"))))
        .hasMessageContaining("Did you mean 'digits'?");
  }
}
