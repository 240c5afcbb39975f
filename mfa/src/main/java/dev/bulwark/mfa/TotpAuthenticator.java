package dev.bulwark.mfa;

import com.bastiaanjansen.otp.SecretGenerator;
import com.bastiaanjansen.otp.TOTPGenerator;
import dev.bulwark.password.PasswordHasher;
import dev.bulwark.password.PasswordVerification;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * TOTP as a second factor: enrol, confirm, verify, recover.
 *
 * <pre>{@code
 * TotpAuthenticator totp = TotpAuthenticator.create(TotpPolicy.builder("Acme Mail").build(),
 *     TotpSecretEncryption.withKeys("k1", Map.of("k1", key32Bytes)), store, PasswordHasher.defaults());
 * TotpEnrollment e = totp.startEnrollment("alice", "alice@example.com");   // show e.qrPng() once
 * Optional<List<String>> recovery = totp.confirmEnrollment("alice", "492039"); // show them once
 * TotpResult r = totp.verify("alice", codeFromTheUser);                    // ACCEPTED, REPLAYED, ...
 * boolean ok = totp.useRecoveryCode("alice", "q3vd-7h2k-x9ma-pe4t");       // single use
 * }</pre>
 *
 * <ul>
 *   <li><b>Codes</b> come from otp-java (RFC 6238), never from a hand-written HOTP; each candidate
 *       step's code is compared in constant time.
 *   <li><b>Secrets</b> are 160 random bits (RFC 4226's recommendation) from {@link SecureRandom},
 *       stored only sealed by {@link TotpSecretEncryption}, never logged.
 *   <li><b>Enrolment</b> is pending until a first valid code confirms it; until then the user has
 *       no second factor (or keeps the old one).
 *   <li><b>Replay</b>: a code's time-step must be later than the last one accepted for the user
 *       ({@link MfaStore#markStepUsed}, atomic), so a phished or shoulder-surfed code is refused
 *       the second time, and so is any older code.
 *   <li><b>Recovery codes</b>: 10 per confirmation, each {@code xxxx-xxxx-xxxx-xxxx} (a public
 *       4-character id and 60 random bits), stored as {@link PasswordHasher} hashes and consumed
 *       atomically; a fresh set ({@link #regenerateRecoveryCodes}) invalidates the old one. An
 *       unknown code costs one full hash like a known one.
 * </ul>
 *
 * <p>Guessing: a 6-digit code falls to about 10^6 guesses; count wrong codes in the brute-force
 * guard per account, as wrong passwords are. Thread-safe.
 */
public final class TotpAuthenticator {

  /** How many recovery codes a confirmation or a regeneration issues. */
  public static final int RECOVERY_CODES = 10;

  private static final int SECRET_BITS = 160;
  private static final String CODE_ALPHABET = "abcdefghijkmnpqrstuvwxyz23456789"; // 32, no l/o/0/1
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Pattern RECOVERY_CODE = Pattern.compile("[a-z2-9]{4}(-[a-z2-9]{4}){3}");

  private final TotpPolicy policy;
  private final TotpSecretEncryption encryption;
  private final MfaStore store;
  private final PasswordHasher hasher;

  private TotpAuthenticator(
      TotpPolicy policy, TotpSecretEncryption encryption, MfaStore store, PasswordHasher hasher) {
    this.policy = policy;
    this.encryption = encryption;
    this.store = store;
    this.hasher = hasher;
  }

  /**
   * An authenticator.
   *
   * @param policy digits, period, algorithm, skew
   * @param encryption seals the secrets at rest
   * @param store where the factors live
   * @param hasher hashes the recovery codes
   * @return the authenticator
   */
  public static TotpAuthenticator create(
      TotpPolicy policy, TotpSecretEncryption encryption, MfaStore store, PasswordHasher hasher) {
    return new TotpAuthenticator(
        Objects.requireNonNull(policy, "policy"),
        Objects.requireNonNull(encryption, "encryption"),
        Objects.requireNonNull(store, "store"),
        Objects.requireNonNull(hasher, "hasher"));
  }

  /** The outcome of {@link #verify}. */
  public enum TotpResult {
    /** The code is right and its time-step was not used before. */
    ACCEPTED,
    /** The code is wrong, malformed or outside the allowed skew. */
    REJECTED,
    /** The code was right but its time-step (or a later one) was already used: a replay. */
    REPLAYED,
    /** The user has no confirmed TOTP factor. */
    NOT_ENROLLED
  }

  /**
   * Starts (or restarts) an enrolment with a fresh secret; the user's current factor, if any, stays
   * in force until the new one is confirmed.
   *
   * @param subject the user's stable id (what the store keys on)
   * @param accountName what the app shows under the issuer, such as an email address
   * @return the URI, its QR code and the secret for manual entry
   * @throws MfaException when the store fails
   */
  public TotpEnrollment startEnrollment(String subject, String accountName) {
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(accountName, "accountName");
    byte[] base32 = SecretGenerator.generate(SECRET_BITS);
    try {
      store.savePending(subject, encryption.seal(base32, subject));
      String uri = generator(base32).getURI(policy.issuer, accountName).toString();
      return new TotpEnrollment(
          uri, QrCodes.png(uri, 256), new String(base32, StandardCharsets.US_ASCII));
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("accountName cannot be part of an otpauth URI", e);
    } finally {
      Arrays.fill(base32, (byte) 0);
    }
  }

  /**
   * Confirms the pending enrolment with the first code the app shows.
   *
   * @param subject the user
   * @param code the code
   * @return the recovery codes to show once, or empty when there is no pending enrolment or the
   *     code is wrong
   * @throws MfaException when the store fails or the pending secret does not open
   */
  public Optional<List<String>> confirmEnrollment(String subject, String code) {
    Optional<String> pending = store.pending(subject);
    if (pending.isEmpty()) {
      return Optional.empty();
    }
    long step = matchingStep(encryption.open(pending.get(), subject), code);
    if (step == Long.MIN_VALUE) {
      return Optional.empty();
    }
    Map<String, String> hashes = new LinkedHashMap<>();
    List<String> codes = newRecoveryCodes(hashes);
    return store.confirm(subject, pending.get(), step, hashes)
        ? Optional.of(codes)
        : Optional.empty();
  }

  /**
   * Checks a code for a user with a confirmed factor.
   *
   * @param subject the user
   * @param code what the user typed (spaces allowed, as apps group digits)
   * @return the outcome
   * @throws MfaException when the store fails or the secret does not open
   */
  public TotpResult verify(String subject, String code) {
    Optional<MfaStore.Totp> totp = store.totp(subject);
    if (totp.isEmpty()) {
      return TotpResult.NOT_ENROLLED;
    }
    long step = matchingStep(encryption.open(totp.get().sealedSecret(), subject), code);
    if (step == Long.MIN_VALUE) {
      return TotpResult.REJECTED;
    }
    return store.markStepUsed(subject, step) ? TotpResult.ACCEPTED : TotpResult.REPLAYED;
  }

  /**
   * Uses a recovery code: accepted once.
   *
   * @param subject the user
   * @param code the code as shown ({@code xxxx-xxxx-xxxx-xxxx}), any case, spaces ignored
   * @return true when it was unused and is now consumed
   * @throws MfaException when the store fails
   */
  public boolean useRecoveryCode(String subject, String code) {
    String normalised = code.replace(" ", "").toLowerCase(Locale.ROOT);
    boolean wellFormed = RECOVERY_CODE.matcher(normalised).matches();
    Optional<String> hash =
        wellFormed ? store.recoveryCodeHash(subject, normalised.substring(0, 4)) : Optional.empty();
    // an unknown id or a malformed code costs one full hash too
    PasswordVerification v = hasher.verify(normalised, hash.orElse(null));
    return v.matched()
        && hash.isPresent()
        && store.consumeRecoveryCode(subject, normalised.substring(0, 4), hash.get());
  }

  /**
   * Replaces the user's recovery codes; the old ones stop working.
   *
   * @param subject the user
   * @return the new codes, to show once
   * @throws MfaException when the store fails
   */
  public List<String> regenerateRecoveryCodes(String subject) {
    Map<String, String> hashes = new LinkedHashMap<>();
    List<String> codes = newRecoveryCodes(hashes);
    store.replaceRecoveryCodes(subject, hashes);
    return codes;
  }

  /**
   * Whether the user has a confirmed TOTP factor.
   *
   * @param subject the user
   * @return true when enrolled
   */
  public boolean isEnrolled(String subject) {
    return store.totp(subject).isPresent();
  }

  /**
   * Removes the user's second factor.
   *
   * @param subject the user
   */
  public void disable(String subject) {
    store.delete(subject);
  }

  /** The time-step whose code matches, or {@code Long.MIN_VALUE}; wipes the secret. */
  private long matchingStep(byte[] base32, String code) {
    try {
      String typed = code.replace(" ", "");
      if (typed.length() != policy.digits || !typed.chars().allMatch(c -> c >= '0' && c <= '9')) {
        return Long.MIN_VALUE;
      }
      TOTPGenerator g = generator(base32);
      long period = policy.period.getSeconds();
      long now = policy.clock.instant().getEpochSecond() / period;
      byte[] candidate = typed.getBytes(StandardCharsets.US_ASCII);
      long found = Long.MIN_VALUE;
      // every candidate step is computed and compared, so the time does not tell which matched
      for (long s = now - policy.allowedSkewSteps; s <= now + policy.allowedSkewSteps; s++) {
        byte[] expected = g.at(s * period).getBytes(StandardCharsets.US_ASCII);
        if (MessageDigest.isEqual(expected, candidate) && found == Long.MIN_VALUE) {
          found = s;
        }
      }
      return found;
    } finally {
      Arrays.fill(base32, (byte) 0);
    }
  }

  private TOTPGenerator generator(byte[] base32) {
    return generator(base32, policy);
  }

  /** otp-java configured by the policy; package-private for the RFC 6238 vector test. */
  static TOTPGenerator generator(byte[] base32, TotpPolicy policy) {
    return new TOTPGenerator.Builder(base32)
        .withHOTPGenerator(
            b -> {
              b.withPasswordLength(policy.digits);
              b.withAlgorithm(policy.algorithm.library);
            })
        .withPeriod(policy.period)
        .build();
  }

  private List<String> newRecoveryCodes(Map<String, String> hashes) {
    List<String> codes = new ArrayList<>();
    while (codes.size() < RECOVERY_CODES) {
      StringBuilder sb = new StringBuilder();
      for (int g = 0; g < 4; g++) {
        if (g > 0) {
          sb.append('-');
        }
        for (int i = 0; i < 4; i++) {
          sb.append(CODE_ALPHABET.charAt(RANDOM.nextInt(CODE_ALPHABET.length())));
        }
      }
      String c = sb.toString();
      String id = c.substring(0, 4);
      if (!hashes.containsKey(id)) {
        hashes.put(id, hasher.hash(c));
        codes.add(c);
      }
    }
    return List.copyOf(codes);
  }

  /** The policy, the encryption keys' ids and the store. */
  @Override
  public String toString() {
    return "TotpAuthenticator[" + policy + ", " + encryption + ", store=" + store + "]";
  }
}
