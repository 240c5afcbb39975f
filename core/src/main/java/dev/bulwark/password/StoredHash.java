package dev.bulwark.password;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A stored hash, recognised by its form. Never echoes the hash in a message.
 *
 * @param algorithm the algorithm family
 * @param bare the hash without the {@code {id}} prefix
 * @param prefixed whether it carried an {@code {id}} prefix
 * @param bcryptMinor for bcrypt, the revision letter ({@code a}, {@code b}, {@code x}, {@code y})
 * @param bcryptCost for bcrypt, log2 rounds; 0 otherwise
 */
record StoredHash(
    HashAlgorithm algorithm, String bare, boolean prefixed, char bcryptMinor, int bcryptCost) {

  static final String BCRYPT_ID = "{bcrypt}";
  static final String ARGON2_ID = "{argon2}";
  private static final int MAX_ARGON2_MEMORY_KIB = 4 * 1024 * 1024;
  private static final int MAX_ARGON2_ITERATIONS = 1024;
  private static final int MAX_ARGON2_PARALLELISM = 255;
  private static final String ARGON2_SPRING_58_ID = "{argon2@SpringSecurity_v5_8}";

  private static final Pattern BCRYPT =
      Pattern.compile("\\$2([abxy])\\$(\\d\\d)\\$[./A-Za-z0-9]{53}");
  private static final Pattern ARGON2 =
      Pattern.compile(
          "\\$argon2(id|i|d)\\$v=\\d+\\$m=\\d+,t=\\d+,p=\\d+\\$[A-Za-z0-9+/]+\\$[A-Za-z0-9+/]+");
  private static final Pattern PREFIX_ID =
      Pattern.compile("\\{([A-Za-z0-9@_.-]{1,40})}.*", Pattern.DOTALL);

  static StoredHash parse(String stored) {
    if (stored.startsWith(BCRYPT_ID)) {
      StoredHash h = bcrypt(stored.substring(BCRYPT_ID.length()), true);
      if (h != null) {
        return h;
      }
    } else if (stored.startsWith(ARGON2_ID) || stored.startsWith(ARGON2_SPRING_58_ID)) {
      String bare = stored.substring(stored.indexOf('}') + 1);
      if (ARGON2.matcher(bare).matches()) {
        return argon2(bare, true);
      }
    } else if (stored.startsWith("$2")) {
      StoredHash h = bcrypt(stored, false);
      if (h != null) {
        return h;
      }
    } else if (stored.startsWith("$argon2") && ARGON2.matcher(stored).matches()) {
      return argon2(stored, false);
    }
    Matcher id = PREFIX_ID.matcher(stored);
    String what =
        id.matches()
            ? "a hash with the unsupported or malformed prefix {" + id.group(1) + "}"
            : "a value that is not a recognised password hash";
    throw new IllegalArgumentException(
        "The stored password is "
            + what
            + ": PasswordHasher reads {bcrypt}$2…, {argon2}$argon2…, and bare $2a$, $2b$, $2y$,"
            + " $2x$ and $argon2id$ hashes. Convert other formats before storing them.");
  }

  private static StoredHash argon2(String bare, boolean prefixed) {
    Argon2Params p = Argon2Params.parse(bare);
    // Parameters are read from the stored hash; bound them so a corrupt row cannot ask for
    // terabytes of memory or hours of work.
    if (p.memoryKib() < 1
        || p.memoryKib() > MAX_ARGON2_MEMORY_KIB
        || p.iterations() < 1
        || p.iterations() > MAX_ARGON2_ITERATIONS
        || p.parallelism() < 1
        || p.parallelism() > MAX_ARGON2_PARALLELISM) {
      throw new IllegalArgumentException(
          "The stored argon2 hash has parameters out of range (memory up to 4 GiB, up to "
              + MAX_ARGON2_ITERATIONS
              + " passes, up to "
              + MAX_ARGON2_PARALLELISM
              + " lanes)");
    }
    return new StoredHash(HashAlgorithm.ARGON2ID, bare, prefixed, '\0', 0);
  }

  private static @Nullable StoredHash bcrypt(String bare, boolean prefixed) {
    Matcher m = BCRYPT.matcher(bare);
    if (!m.matches()) {
      return null;
    }
    int cost = Integer.parseInt(m.group(2));
    if (cost < 4 || cost > 31) {
      return null;
    }
    return new StoredHash(HashAlgorithm.BCRYPT, bare, prefixed, m.group(1).charAt(0), cost);
  }

  @Override
  public String toString() {
    return "StoredHash[" + algorithm + (prefixed ? "" : ", bare") + "]";
  }
}
