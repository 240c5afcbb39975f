package dev.bulwark.password;

/**
 * The outcome of {@link PasswordHasher#verify(CharSequence, String)}. Only a {@link PasswordHasher}
 * makes one, after it has done the full hash. Immutable; holds no secret.
 *
 * <p>{@link #needsRehash()} is only ever true together with {@link #matched()}: a caller that sees
 * it should hash the candidate it just verified with {@link PasswordHasher#hash(CharSequence)} and
 * store the new hash in place of the old one (rehash on login). That is how a store moves to a
 * higher cost, from bare legacy hashes to the self-describing prefixed form, or from bcrypt to
 * argon2id, without a password reset.
 */
public final class PasswordVerification {

  static final PasswordVerification NO_MATCH = new PasswordVerification(false, false);
  static final PasswordVerification MATCH = new PasswordVerification(true, false);
  static final PasswordVerification MATCH_NEEDS_REHASH = new PasswordVerification(true, true);

  private final boolean matched;
  private final boolean needsRehash;

  private PasswordVerification(boolean matched, boolean needsRehash) {
    this.matched = matched;
    this.needsRehash = needsRehash;
  }

  /**
   * Whether the candidate password matched the stored hash.
   *
   * @return true only for the right password against an existing hash
   */
  public boolean matched() {
    return matched;
  }

  /**
   * Whether the stored hash should be replaced by a new hash of the (matching) candidate: its cost
   * or memory is below the configured one, it was made by another algorithm than the current one,
   * it is a bare hash without the {@code {id}} prefix, it is a {@code $2x$} hash (the buggy
   * crypt_blowfish variant), or it was made from a password that was not NFKC-normalised.
   *
   * @return true only when {@link #matched()} is true and the hash should be replaced
   */
  public boolean needsRehash() {
    return needsRehash;
  }

  @Override
  public String toString() {
    return "PasswordVerification[matched=" + matched + ", needsRehash=" + needsRehash + "]";
  }
}
