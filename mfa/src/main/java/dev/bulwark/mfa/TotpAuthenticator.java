package dev.bulwark.mfa;

import com.bastiaanjansen.otp.SecretGenerator;
import com.bastiaanjansen.otp.TOTPGenerator;
import dev.bulwark.event.Outcome;
import dev.bulwark.event.SecurityEvent;
import dev.bulwark.event.SecurityEventPublisher;
import dev.bulwark.event.SecurityEventType;
import dev.bulwark.password.PasswordHasher;
import dev.bulwark.password.PasswordVerification;
import dev.bulwark.web.ConfigurationException;
import dev.bulwark.web.internal.SetOnce;
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
import org.jspecify.annotations.Nullable;

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
 * <p><b>Events</b> ({@link MfaEvents}): {@code mfa.enrolled}, {@code mfa.verified}, {@code
 * mfa.failed}, {@code mfa.code_replayed}, {@code mfa.recovery_used} and {@code mfa.disabled}, with
 * the subject and, through the overloads that take one, the client; never a code, a recovery code
 * or a secret. They go to {@link SecurityEventPublisher#logging()} unless {@link
 * Builder#events(SecurityEventPublisher)} names another publisher.
 *
 * <p><b>Failures fail closed</b>: when the store fails or a stored secret does not open, the call
 * throws {@link MfaException} (after an {@code mfa.failed} event with outcome ERROR); no code is
 * accepted, and the caller must refuse the sign-in (or answer 503), never skip the second factor.
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
  private final SecurityEventPublisher events;

  private TotpAuthenticator(Builder b) {
    this.policy = b.policy;
    this.encryption = b.encryption;
    this.store = b.store;
    this.hasher = b.hasher;
    this.events = b.events;
  }

  /**
   * An authenticator whose events go to {@link SecurityEventPublisher#logging()}; the same as
   * {@code builder(policy, encryption, store, hasher).build()}.
   *
   * @param policy digits, period, algorithm, skew
   * @param encryption seals the secrets at rest
   * @param store where the factors live
   * @param hasher hashes the recovery codes
   * @return the authenticator
   */
  public static TotpAuthenticator create(
      TotpPolicy policy, TotpSecretEncryption encryption, MfaStore store, PasswordHasher hasher) {
    return builder(policy, encryption, store, hasher).build();
  }

  /**
   * A builder, for the optional settings ({@link Builder#events(SecurityEventPublisher)}).
   *
   * @param policy digits, period, algorithm, skew
   * @param encryption seals the secrets at rest
   * @param store where the factors live
   * @param hasher hashes the recovery codes
   * @return the builder
   */
  public static Builder builder(
      TotpPolicy policy, TotpSecretEncryption encryption, MfaStore store, PasswordHasher hasher) {
    return new Builder(policy, encryption, store, hasher);
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
    return confirmEnrollment(subject, code, null);
  }

  /**
   * Confirms the pending enrolment with the first code the app shows, naming the client in the
   * events ({@code mfa.enrolled}, or {@code mfa.failed}).
   *
   * @param subject the user
   * @param code the code
   * @param client the client's address or key, for the events; null when unknown
   * @return the recovery codes to show once, or empty when there is no pending enrolment or the
   *     code is wrong
   * @throws MfaException when the store fails or the pending secret does not open
   */
  public Optional<List<String>> confirmEnrollment(
      String subject, String code, @Nullable String client) {
    try {
      Optional<String> pending = store.pending(subject);
      if (pending.isEmpty()) {
        failed(subject, client, "confirm", "totp", "no_pending_enrolment");
        return Optional.empty();
      }
      long step = matchingStep(encryption.open(pending.get(), subject), code);
      if (step == Long.MIN_VALUE) {
        failed(subject, client, "confirm", "totp", "wrong_code");
        return Optional.empty();
      }
      Map<String, String> hashes = new LinkedHashMap<>();
      List<String> codes = newRecoveryCodes(hashes);
      if (!store.confirm(subject, pending.get(), step, hashes)) {
        // another enrolment replaced the pending secret meanwhile
        failed(subject, client, "confirm", "totp", "no_pending_enrolment");
        return Optional.empty();
      }
      emit(
          MfaEvents.ENROLLED,
          Outcome.SUCCESS,
          subject,
          client,
          "method",
          "totp",
          "recoveryCodes",
          Integer.toString(codes.size()));
      return Optional.of(codes);
    } catch (MfaException e) {
      throw unavailable(subject, client, "confirm", "totp", e);
    }
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
    return verify(subject, code, null);
  }

  /**
   * Checks a code for a user with a confirmed factor, naming the client in the events ({@code
   * mfa.verified}, {@code mfa.code_replayed} or {@code mfa.failed}).
   *
   * @param subject the user
   * @param code what the user typed (spaces allowed, as apps group digits)
   * @param client the client's address or key, for the events; null when unknown
   * @return the outcome
   * @throws MfaException when the store fails or the secret does not open
   */
  public TotpResult verify(String subject, String code, @Nullable String client) {
    TotpResult result;
    try {
      result = check(subject, code);
    } catch (MfaException e) {
      throw unavailable(subject, client, "verify", "totp", e);
    }
    switch (result) {
      case ACCEPTED -> emit(MfaEvents.VERIFIED, Outcome.SUCCESS, subject, client, "method", "totp");
      case REPLAYED ->
          emit(MfaEvents.CODE_REPLAYED, Outcome.DENIED, subject, client, "method", "totp");
      case REJECTED -> failed(subject, client, "verify", "totp", "wrong_code");
      case NOT_ENROLLED -> failed(subject, client, "verify", "totp", "not_enrolled");
    }
    return result;
  }

  private TotpResult check(String subject, String code) {
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
    return useRecoveryCode(subject, code, null);
  }

  /**
   * Uses a recovery code, naming the client in the events ({@code mfa.recovery_used} or {@code
   * mfa.failed}).
   *
   * @param subject the user
   * @param code the code as shown ({@code xxxx-xxxx-xxxx-xxxx}), any case, spaces ignored
   * @param client the client's address or key, for the events; null when unknown
   * @return true when it was unused and is now consumed
   * @throws MfaException when the store fails
   */
  public boolean useRecoveryCode(String subject, String code, @Nullable String client) {
    String normalised = code.replace(" ", "").toLowerCase(Locale.ROOT);
    boolean wellFormed = RECOVERY_CODE.matcher(normalised).matches();
    try {
      Optional<String> hash =
          wellFormed
              ? store.recoveryCodeHash(subject, normalised.substring(0, 4))
              : Optional.empty();
      // an unknown id or a malformed code costs one full hash too
      PasswordVerification v = hasher.verify(normalised, hash.orElse(null));
      if (!v.matched() || hash.isEmpty()) {
        failed(subject, client, "recovery", "recovery", "wrong_code");
        return false;
      }
      if (!store.consumeRecoveryCode(subject, normalised.substring(0, 4), hash.get())) {
        failed(subject, client, "recovery", "recovery", "already_used");
        return false;
      }
    } catch (MfaException e) {
      throw unavailable(subject, client, "recovery", "recovery", e);
    }
    emit(MfaEvents.RECOVERY_USED, Outcome.SUCCESS, subject, client, "method", "recovery");
    return true;
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
    disable(subject, null);
  }

  /**
   * Removes the user's second factor, naming the client in the {@code mfa.disabled} event.
   *
   * @param subject the user
   * @param client the client's address or key, for the event; null when unknown
   * @throws MfaException when the store fails
   */
  public void disable(String subject, @Nullable String client) {
    try {
      store.delete(subject);
    } catch (MfaException e) {
      throw unavailable(subject, client, "disable", "totp", e);
    }
    emit(MfaEvents.DISABLED, Outcome.SUCCESS, subject, client);
  }

  private void failed(
      String subject, @Nullable String client, String operation, String method, String reason) {
    emit(
        MfaEvents.FAILED,
        Outcome.FAILURE,
        subject,
        client,
        "method",
        method,
        "operation",
        operation,
        "reason",
        reason);
  }

  /** Reports a store or decryption failure and returns the exception to rethrow. */
  private MfaException unavailable(
      String subject, @Nullable String client, String operation, String method, MfaException e) {
    emit(
        MfaEvents.FAILED,
        Outcome.ERROR,
        subject,
        client,
        "method",
        method,
        "operation",
        operation,
        "reason",
        "unavailable");
    return e;
  }

  /** Publishes one event; {@code details} are key, value pairs and never hold a code or secret. */
  private void emit(
      SecurityEventType type,
      Outcome outcome,
      String subject,
      @Nullable String client,
      String... details) {
    SecurityEvent.Builder b =
        SecurityEvent.builder(type, outcome).clock(policy.clock).subject(subject).client(client);
    for (int i = 0; i < details.length; i += 2) {
      b.detail(details[i], details[i + 1]);
    }
    events.publish(b.build());
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

  /**
   * Builder for {@link TotpAuthenticator}. Each setting may be set once; a second call is a {@link
   * ConfigurationException} naming it. Not thread-safe.
   */
  public static final class Builder {
    private final SetOnce set = new SetOnce("TotpAuthenticator.Builder");
    private final TotpPolicy policy;
    private final TotpSecretEncryption encryption;
    private final MfaStore store;
    private final PasswordHasher hasher;
    private SecurityEventPublisher events = SecurityEventPublisher.logging();

    private Builder(
        TotpPolicy policy, TotpSecretEncryption encryption, MfaStore store, PasswordHasher hasher) {
      this.policy = Objects.requireNonNull(policy, "policy");
      this.encryption = Objects.requireNonNull(encryption, "encryption");
      this.store = Objects.requireNonNull(store, "store");
      this.hasher = Objects.requireNonNull(hasher, "hasher");
    }

    /**
     * Where the {@link MfaEvents} go; {@link SecurityEventPublisher#logging()} by default. The
     * publisher isolates the authenticator from a listener that throws.
     *
     * @param events the publisher
     * @return this builder
     * @throws ConfigurationException when given twice
     */
    public Builder events(SecurityEventPublisher events) {
      Objects.requireNonNull(events, "events");
      set.set("events", events);
      this.events = events;
      return this;
    }

    /**
     * Builds the authenticator.
     *
     * @return the authenticator
     */
    public TotpAuthenticator build() {
      return new TotpAuthenticator(this);
    }
  }
}
