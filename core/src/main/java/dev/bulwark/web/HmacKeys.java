package dev.bulwark.web;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Rotatable HMAC-SHA256 keys for the values Bulwark signs and later reads back from a client (CSRF
 * tokens, device cookies): the first key signs, every key verifies. To rotate without logging
 * anyone out, deploy {@code new, old} everywhere, wait for the longest lifetime of what the old key
 * signed, then drop {@code old}.
 *
 * <pre>{@code
 * HmacKeys keys = HmacKeys.fromBase64(System.getenv("BULWARK_DEVICE_KEYS")); // "new,old"
 * byte[] mac = keys.sign(data);
 * boolean ok = keys.verify(data, mac);        // constant-time, against every key
 * }</pre>
 *
 * <p>Every key is at least 32 bytes of secret randomness (256 bits, the HMAC-SHA256 output size).
 * Every instance of an application must hold the same keys, or a value signed by one is refused by
 * the others. The keys have no accessor and are never printed: {@link #toString()} shows only how
 * many there are. The MAC is computed by the JDK ({@code javax.crypto.Mac}).
 *
 * <p>Immutable and thread-safe.
 */
public final class HmacKeys {

  /** The shortest key accepted, in bytes. */
  public static final int MIN_KEY_BYTES = 32;

  /** The most keys one ring holds: verification tries each, so the list stays short. */
  public static final int MAX_KEYS = 8;

  private static final SecureRandom RANDOM = new SecureRandom();

  private final List<SecretKeySpec> keys;
  private final boolean random;

  private HmacKeys(List<SecretKeySpec> keys, boolean random) {
    this.keys = List.copyOf(keys);
    this.random = random;
  }

  /**
   * Keys given as bytes: {@code current} signs, {@code current} and {@code previous} verify.
   *
   * @param current the signing key, at least 32 bytes
   * @param previous keys that still verify, at least 32 bytes each
   * @return the keys
   * @throws ConfigurationException when a key is shorter than 32 bytes, a key is repeated, or there
   *     are more than {@value #MAX_KEYS}
   */
  public static HmacKeys of(byte[] current, byte[]... previous) {
    Objects.requireNonNull(current, "current");
    Objects.requireNonNull(previous, "previous");
    List<byte[]> all = new ArrayList<>();
    all.add(current);
    all.addAll(Arrays.asList(previous));
    return new HmacKeys(specs(all), false);
  }

  /**
   * Keys from one setting: base64 or base64url strings (padded or not) separated by commas, the
   * first one signing. This is the form an environment variable or a Kubernetes Secret holds; make
   * one with {@code openssl rand -base64 32}.
   *
   * @param commaSeparated such as {@code "q3v…=,Xk9…="}
   * @return the keys
   * @throws ConfigurationException when the value is empty, a key is not base64, shorter than 32
   *     bytes or repeated, or there are more than {@value #MAX_KEYS}; the message never contains
   *     the value
   */
  public static HmacKeys fromBase64(String commaSeparated) {
    Objects.requireNonNull(commaSeparated, "commaSeparated");
    List<byte[]> all = new ArrayList<>();
    int position = 0;
    for (String part : commaSeparated.split(",", -1)) {
      position++;
      String k = part.strip();
      if (k.isEmpty()) {
        throw new ConfigurationException(
            "HMAC key "
                + position
                + " is empty: give one or more base64 keys of at least 32 bytes separated by"
                + " commas (make one with 'openssl rand -base64 32')");
      }
      try {
        all.add(
            k.indexOf('-') >= 0 || k.indexOf('_') >= 0
                ? Base64.getUrlDecoder().decode(k)
                : Base64.getDecoder().decode(k));
      } catch (IllegalArgumentException e) {
        throw new ConfigurationException(
            "HMAC key "
                + position
                + " is not base64 (value hidden): give base64 keys of at least 32 bytes separated"
                + " by commas (make one with 'openssl rand -base64 32')");
      }
    }
    return new HmacKeys(specs(all), false);
  }

  /**
   * One fresh random key, valid only in this process: what signed it is refused after a restart and
   * by every other instance. For development and single-instance applications.
   *
   * @return the keys
   */
  public static HmacKeys random() {
    byte[] k = new byte[MIN_KEY_BYTES];
    RANDOM.nextBytes(k);
    return new HmacKeys(specs(List.of(k)), true);
  }

  private static List<SecretKeySpec> specs(List<byte[]> raw) {
    if (raw.size() > MAX_KEYS) {
      throw new ConfigurationException(
          "at most " + MAX_KEYS + " HMAC keys, got " + raw.size() + ": drop retired keys");
    }
    List<SecretKeySpec> out = new ArrayList<>();
    for (int i = 0; i < raw.size(); i++) {
      byte[] k = Objects.requireNonNull(raw.get(i), "key");
      if (k.length < MIN_KEY_BYTES) {
        throw new ConfigurationException(
            "HMAC key "
                + (i + 1)
                + " has "
                + k.length
                + " bytes: use at least "
                + MIN_KEY_BYTES
                + " bytes of secret randomness (make one with 'openssl rand -base64 32')");
      }
      for (int j = 0; j < i; j++) {
        if (MessageDigest.isEqual(k, raw.get(j))) {
          throw new ConfigurationException(
              "HMAC keys " + (j + 1) + " and " + (i + 1) + " are the same key: list each once");
        }
      }
      out.add(new SecretKeySpec(k, "HmacSHA256"));
    }
    return out;
  }

  /**
   * The HMAC-SHA256 of {@code parts} (each prefixed by its length, so no two lists of parts give
   * the same input) under the signing key.
   *
   * @param parts the data
   * @return the 32-byte MAC
   */
  public byte[] sign(byte[]... parts) {
    return mac(keys.get(0), parts);
  }

  /**
   * Whether {@code mac} is the HMAC-SHA256 of {@code parts} under any of the keys. Each comparison
   * is in constant time, and every key is tried, so the time does not tell which key matched.
   *
   * @param mac the MAC to check
   * @param parts the data, as given to {@link #sign}
   * @return true when it verifies
   */
  public boolean verify(byte[] mac, byte[]... parts) {
    Objects.requireNonNull(mac, "mac");
    boolean ok = false;
    for (SecretKeySpec k : keys) {
      ok |= MessageDigest.isEqual(mac, mac(k, parts));
    }
    return ok;
  }

  private static byte[] mac(SecretKeySpec key, byte[]... parts) {
    try {
      Mac m = Mac.getInstance("HmacSHA256");
      m.init(key);
      for (byte[] p : parts) {
        int n = p.length;
        m.update(new byte[] {(byte) (n >>> 24), (byte) (n >>> 16), (byte) (n >>> 8), (byte) n});
        m.update(p);
      }
      return m.doFinal();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is required on every Java platform", e);
    }
  }

  /**
   * Whether these keys are process-local ({@link #random()}).
   *
   * @return true for a random key
   */
  public boolean isProcessLocal() {
    return random;
  }

  /** Describes the keys without revealing them. */
  @Override
  public String toString() {
    return "HmacKeys[HmacSHA256, "
        + keys.size()
        + (keys.size() == 1 ? " key" : " keys")
        + (random ? ", random (this process only)" : "")
        + ", hidden]";
  }
}
