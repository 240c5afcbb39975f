package dev.bulwark.password;

import java.security.SecureRandom;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import org.springframework.security.crypto.bcrypt.BCrypt;

/**
 * {@link HashEngine} on Spring Security Crypto. bcrypt goes through {@link BCrypt} directly rather
 * than {@code BCryptPasswordEncoder}: the encoder refuses {@code $2x$} hashes and would truncate a
 * long candidate; {@link BCrypt#checkpw(byte[], String)} takes exactly the bytes we decided on.
 */
final class SpringHashEngine implements HashEngine {

  static final SpringHashEngine INSTANCE = new SpringHashEngine();

  private static final int ARGON2_SALT_BYTES = 16;
  private static final int ARGON2_HASH_BYTES = 32;

  private final SecureRandom random = new SecureRandom();

  private SpringHashEngine() {}

  @Override
  public String hashBcrypt(byte[] password, int cost) {
    return BCrypt.hashpw(password, BCrypt.gensalt("$2b", cost, random));
  }

  @Override
  public boolean checkBcrypt(byte[] password, String bareHash) {
    return BCrypt.checkpw(password, bareHash);
  }

  @Override
  public String hashArgon2id(String password, int memoryKib, int iterations, int parallelism) {
    return argon2(parallelism, memoryKib, iterations).encode(password);
  }

  @Override
  public boolean checkArgon2(String password, String bareHash) {
    // The encoder reads memory, passes and lanes from the stored hash; ours only pick the salt
    // size.
    return argon2(1, 1, 1).matches(password, bareHash);
  }

  private static Argon2PasswordEncoder argon2(int parallelism, int memoryKib, int iterations) {
    try {
      return new Argon2PasswordEncoder(
          ARGON2_SALT_BYTES, ARGON2_HASH_BYTES, parallelism, memoryKib, iterations);
    } catch (LinkageError e) {
      throw new IllegalStateException(PasswordHasher.BOUNCY_CASTLE_MISSING, e);
    }
  }
}
