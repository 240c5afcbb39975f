package dev.bulwark.mfa;

import dev.bulwark.web.ConfigurationException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts TOTP secrets at rest with AES-256-GCM (the JDK's), under a key the application supplies,
 * so that a copy of the database alone does not let anyone compute a user's codes. A sealed secret
 * is {@code t1.<key id>.<iv>.<ciphertext and tag>} (base64url); the subject is authenticated data,
 * so a sealed secret copied to another user's record does not open.
 *
 * <p>Keys rotate: {@link #withKeys(String, Map)} names the key that seals new secrets; every listed
 * key opens what it sealed. Re-seal old records at their next use to retire a key.
 *
 * <p>Immutable and thread-safe; keys have no accessor and are not printed.
 */
public final class TotpSecretEncryption {

  private static final Pattern KEY_ID = Pattern.compile("[A-Za-z0-9_-]{1,32}");
  private static final int IV_BYTES = 12;
  private static final int TAG_BITS = 128;
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder D64 = Base64.getUrlDecoder();

  private final String current;
  private final Map<String, SecretKeySpec> keys;

  private TotpSecretEncryption(String current, Map<String, SecretKeySpec> keys) {
    this.current = current;
    this.keys = keys;
  }

  /**
   * Encryption with a set of keys.
   *
   * @param current the id of the key that seals new secrets
   * @param keys key id ({@code [A-Za-z0-9_-]{1,32}}) to 32 bytes of secret randomness
   * @return the encryption
   * @throws ConfigurationException when a key id is malformed, a key is not 32 bytes, or {@code
   *     current} is not among the keys; the message never contains a key
   */
  public static TotpSecretEncryption withKeys(String current, Map<String, byte[]> keys) {
    Objects.requireNonNull(current, "current");
    Objects.requireNonNull(keys, "keys");
    Map<String, SecretKeySpec> specs = new LinkedHashMap<>();
    keys.forEach(
        (id, key) -> {
          if (!KEY_ID.matcher(id).matches()) {
            throw new ConfigurationException(
                "TotpSecretEncryption: key id '" + id + "' must match [A-Za-z0-9_-]{1,32}");
          }
          if (key == null || key.length != 32) {
            throw new ConfigurationException(
                "TotpSecretEncryption: key '"
                    + id
                    + "' must be 32 bytes (AES-256) of secret randomness; make one with"
                    + " 'openssl rand -base64 32'");
          }
          specs.put(id, new SecretKeySpec(key.clone(), "AES"));
        });
    if (!specs.containsKey(current)) {
      throw new ConfigurationException(
          "TotpSecretEncryption: the current key '" + current + "' is not among " + specs.keySet());
    }
    return new TotpSecretEncryption(current, java.util.Collections.unmodifiableMap(specs));
  }

  /**
   * Seals a secret for a subject under the current key.
   *
   * @param secret the secret (wiped by the caller after use)
   * @param subject the user it belongs to, authenticated with it
   * @return the sealed form, safe to store
   */
  public String seal(byte[] secret, String subject) {
    byte[] iv = new byte[IV_BYTES];
    RANDOM.nextBytes(iv);
    try {
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(Cipher.ENCRYPT_MODE, keys.get(current), new GCMParameterSpec(TAG_BITS, iv));
      c.updateAAD(aad(current, subject));
      byte[] ct = c.doFinal(secret);
      return "t1." + current + "." + B64.encodeToString(iv) + "." + B64.encodeToString(ct);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES/GCM is required on every Java platform", e);
    }
  }

  /**
   * Opens a sealed secret.
   *
   * @param sealed what {@link #seal} returned
   * @param subject the user it must belong to
   * @return the secret
   * @throws MfaException when it is malformed, sealed under an unknown key, for another subject, or
   *     tampered with
   */
  public byte[] open(String sealed, String subject) {
    String[] p = sealed.split("\\.", -1);
    if (p.length != 4 || !"t1".equals(p[0])) {
      throw new MfaException("a stored TOTP secret is malformed");
    }
    SecretKeySpec key = keys.get(p[1]);
    if (key == null) {
      throw new MfaException(
          "a stored TOTP secret is sealed under key '" + p[1] + "', which is not configured");
    }
    try {
      byte[] iv = D64.decode(p[2]);
      byte[] ct = D64.decode(p[3]);
      if (iv.length != IV_BYTES) {
        throw new MfaException("a stored TOTP secret is malformed");
      }
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, iv));
      c.updateAAD(aad(p[1], subject));
      return c.doFinal(ct);
    } catch (IllegalArgumentException | javax.crypto.AEADBadTagException e) {
      throw new MfaException("a stored TOTP secret does not open for this user (tampered?)", e);
    } catch (GeneralSecurityException e) {
      throw new MfaException("a stored TOTP secret does not open", e);
    }
  }

  /**
   * Whether a sealed secret is under an older key and should be sealed again.
   *
   * @param sealed a sealed secret
   * @return true when its key is not the current one
   */
  public boolean needsReseal(String sealed) {
    return !sealed.startsWith("t1." + current + ".");
  }

  private static byte[] aad(String keyId, String subject) {
    return ("bulwark-totp-v1\0" + keyId + "\0" + subject).getBytes(StandardCharsets.UTF_8);
  }

  /** The key ids, never the keys. */
  @Override
  public String toString() {
    return "TotpSecretEncryption[AES-256-GCM, current=" + current + ", keys=" + keys.keySet() + "]";
  }
}
