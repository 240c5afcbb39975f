package dev.bulwark.mfa;

import java.util.Map;
import java.util.Optional;

/**
 * Where a {@link TotpAuthenticator} keeps each user's second factor: the sealed TOTP secret
 * (pending until a first code confirms it), the last time-step accepted, and the recovery codes'
 * hashes. {@link InMemoryMfaStore} keeps them in this JVM; a store shared by several instances
 * ({@link dev.bulwark.mfa.store.JdbcMfaStore}, {@link dev.bulwark.mfa.store.RedisMfaStore}) must
 * make {@link #markStepUsed}, {@link #consumeRecoveryCode}, {@link #confirm} and {@link
 * #replaceRecoveryCodes} atomic across all of them, so that one code is accepted once however the
 * load balancer spreads its replays.
 *
 * <p>Every operation throws {@link MfaException} when the backend fails, never a guessed answer;
 * sign-in then fails closed. Implementations are thread-safe. Values hold no plaintext secret: the
 * TOTP secret is sealed ({@link TotpSecretEncryption}) and recovery codes are password hashes.
 */
public interface MfaStore {

  /**
   * A user's confirmed TOTP factor.
   *
   * @param sealedSecret the sealed secret
   * @param lastUsedStep the last time-step accepted, or {@code Long.MIN_VALUE}
   */
  record Totp(String sealedSecret, long lastUsedStep) {}

  /**
   * Saves an enrolment that a first code has not confirmed yet, replacing an earlier pending one. A
   * confirmed factor stays in force until the new one is confirmed.
   *
   * @param subject the user
   * @param sealedSecret the sealed new secret
   */
  void savePending(String subject, String sealedSecret);

  /**
   * The pending enrolment.
   *
   * @param subject the user
   * @return the sealed secret, or empty
   */
  Optional<String> pending(String subject);

  /**
   * Atomically makes the pending secret the user's factor, with {@code usedStep} as its last used
   * step (the confirming code cannot be used again), and replaces the recovery codes.
   *
   * @param subject the user
   * @param sealedSecret the pending secret being confirmed; nothing changes when the pending one is
   *     no longer this one
   * @param usedStep the confirming code's time-step
   * @param recoveryCodeHashes recovery code id to its password hash
   * @return whether it was confirmed
   */
  boolean confirm(
      String subject, String sealedSecret, long usedStep, Map<String, String> recoveryCodeHashes);

  /**
   * The user's confirmed factor.
   *
   * @param subject the user
   * @return the factor, or empty when the user has none
   */
  Optional<Totp> totp(String subject);

  /**
   * Atomically records a time-step as used when it is later than the last one.
   *
   * @param subject the user
   * @param step the accepted code's time-step
   * @return true when recorded; false when this or a later step was already used (a replay)
   */
  boolean markStepUsed(String subject, long step);

  /**
   * The hash of one recovery code.
   *
   * @param subject the user
   * @param id the code's public id (its first group)
   * @return the password hash, or empty when there is no unused code with that id
   */
  Optional<String> recoveryCodeHash(String subject, String id);

  /**
   * Atomically removes a recovery code when it is still there with that hash.
   *
   * @param subject the user
   * @param id the code's id
   * @param hash the hash that was verified
   * @return true when this call consumed it; false when another call did first
   */
  boolean consumeRecoveryCode(String subject, String id, String hash);

  /**
   * How many unused recovery codes the user has.
   *
   * @param subject the user
   * @return the count
   */
  int remainingRecoveryCodes(String subject);

  /**
   * Replaces the user's recovery codes (the old set stops working).
   *
   * @param subject the user
   * @param recoveryCodeHashes code id to hash
   */
  void replaceRecoveryCodes(String subject, Map<String, String> recoveryCodeHashes);

  /**
   * Removes every second factor of the user (pending, confirmed, recovery codes).
   *
   * @param subject the user
   */
  void delete(String subject);
}
