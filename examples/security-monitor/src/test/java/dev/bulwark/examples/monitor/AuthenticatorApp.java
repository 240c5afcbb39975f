package dev.bulwark.examples.monitor;

import com.bastiaanjansen.otp.HMACAlgorithm;
import com.bastiaanjansen.otp.TOTPGenerator;
import com.google.zxing.BinaryBitmap;
import com.google.zxing.LuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * What a phone's authenticator app does in the tests: reads the enrolment QR code (ZXing), keeps
 * the secret from its {@code otpauth://} URI and shows codes (otp-java, RFC 6238).
 */
final class AuthenticatorApp {

  private final TOTPGenerator generator;
  private final long period;

  private AuthenticatorApp(String otpauthUri) {
    Map<String, String> q = new LinkedHashMap<>();
    for (String pair : URI.create(otpauthUri).getQuery().split("&")) {
      int eq = pair.indexOf('=');
      q.put(pair.substring(0, eq), pair.substring(eq + 1));
    }
    int digits = Integer.parseInt(q.getOrDefault("digits", "6"));
    period = Long.parseLong(q.getOrDefault("period", "30"));
    HMACAlgorithm algorithm = HMACAlgorithm.valueOf(q.getOrDefault("algorithm", "SHA1"));
    generator =
        new TOTPGenerator.Builder(q.get("secret").getBytes(StandardCharsets.US_ASCII))
            .withHOTPGenerator(
                b -> {
                  b.withPasswordLength(digits);
                  b.withAlgorithm(algorithm);
                })
            .withPeriod(Duration.ofSeconds(period))
            .build();
  }

  /** Scans a QR code PNG. */
  static AuthenticatorApp scan(byte[] png) throws Exception {
    return new AuthenticatorApp(decodeQr(png));
  }

  /** Adds an account from its URI (typed in instead of scanned). */
  static AuthenticatorApp fromUri(String otpauthUri) {
    return new AuthenticatorApp(otpauthUri);
  }

  /** The code of the time-step {@code offsetSteps} from now (1: the next one). */
  String code(int offsetSteps) {
    return generator.at(Instant.now().getEpochSecond() + offsetSteps * period);
  }

  /** The text of a QR code PNG. */
  static String decodeQr(byte[] png) throws Exception {
    BufferedImage img = ImageIO.read(new ByteArrayInputStream(png));
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
    // PURE_BARCODE: the PNG is the generated code itself, read by its geometry; ZXing's camera
    // detector misreads about 1 in 300 such perfect images
    return new QRCodeReader()
        .decode(
            new BinaryBitmap(new HybridBinarizer(source)),
            java.util.Map.of(com.google.zxing.DecodeHintType.PURE_BARCODE, Boolean.TRUE))
        .getText();
  }
}
