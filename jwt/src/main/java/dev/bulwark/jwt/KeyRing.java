package dev.bulwark.jwt;

import java.util.Objects;

/**
 * Holds the current {@link KeySet} and lets it be replaced at run time, so keys rotate without a
 * restart. Issuers and verifiers read {@link #current()} on every call.
 *
 * <p>A rotation without downtime: publish the new key as verification-only, wait longer than the
 * JWKS caches of your verifiers, make it the active signing key while keeping the old one for
 * verification, wait one access-token lifetime, then remove the old key. Tokens signed by a removed
 * key are rejected with {@link RejectionReason#UNKNOWN_KEY}.
 *
 * <p>Thread-safe: {@link #replace} is a volatile write.
 */
public final class KeyRing implements KeyProvider {

  private volatile KeySet current;

  private KeyRing(KeySet initial) {
    this.current = initial;
  }

  /**
   * A ring starting with a key set.
   *
   * @param initial the first key set
   * @return the ring
   */
  public static KeyRing of(KeySet initial) {
    return new KeyRing(Objects.requireNonNull(initial, "initial"));
  }

  /**
   * The key set in force.
   *
   * @return the current key set
   */
  @Override
  public KeySet current() {
    return current;
  }

  /**
   * Replaces the key set; tokens issued afterwards use its signing key, and verification from now
   * on uses only its keys.
   *
   * @param next the new key set, already validated by its factory
   */
  public void replace(KeySet next) {
    this.current = Objects.requireNonNull(next, "next");
  }

  /** The key set in force: key ids and the signing key's id, never key material. */
  @Override
  public String toString() {
    return "KeyRing[" + current + "]";
  }
}
