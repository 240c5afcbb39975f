package dev.bulwark.password;

/**
 * The only place where {@link PasswordHasher} spends work: each call is one full hash. A seam for
 * tests, which count the calls to prove that an unknown user costs what a known one does.
 */
interface HashEngine {

  /**
   * Hashes with bcrypt ($2b$) under a fresh salt.
   *
   * @param password at most 72 bytes
   * @param cost log2 rounds
   * @return the bare hash
   */
  String hashBcrypt(byte[] password, int cost);

  /**
   * One bcrypt computation at the stored hash's cost, compared in constant time.
   *
   * @param password the candidate's bytes (all of them are given to bcrypt)
   * @param bareHash a {@code $2?$NN$…} hash
   * @return whether it matched
   */
  boolean checkBcrypt(byte[] password, String bareHash);

  /**
   * Hashes with argon2id under a fresh 16-byte salt.
   *
   * @param password the password
   * @param memoryKib memory in KiB
   * @param iterations passes
   * @param parallelism lanes
   * @return the bare {@code $argon2id$…} hash
   */
  String hashArgon2id(String password, int memoryKib, int iterations, int parallelism);

  /**
   * One argon2 computation with the stored hash's parameters.
   *
   * @param password the candidate
   * @param bareHash a {@code $argon2…} hash
   * @return whether it matched
   */
  boolean checkArgon2(String password, String bareHash);
}
