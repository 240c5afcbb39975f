package dev.bulwark.password;

import dev.bulwark.web.ConfigurationException;
import dev.bulwark.web.internal.SetOnce;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Hashes passwords for storage and verifies login attempts against stored hashes. Immutable and
 * thread-safe; build one per application and share it.
 *
 * <h2>Format</h2>
 *
 * {@link #hash(CharSequence)} writes Spring Security's self-describing prefixed form: {@code
 * {bcrypt}$2b$12$…} or {@code {argon2}$argon2id$v=19$m=19456,t=2,p=1$…}, so a store can hold hashes
 * of several algorithms and costs at once. {@link #verify(CharSequence, String)} reads those,
 * Spring's {@code {argon2@SpringSecurity_v5_8}} form, and bare {@code $2a$}, {@code $2b$}, {@code
 * $2y$}, {@code $2x$} (bcrypt from Node's {@code bcrypt}/{@code bcryptjs}, PHP's {@code
 * password_hash}, OpenBSD, crypt_blowfish) and {@code $argon2id$} hashes. bcrypt is computed by
 * Spring's {@code BCrypt}, which follows crypt_blowfish 1.3 for 8-bit passwords: {@code $2x$}
 * reproduces the old sign-extension bug, {@code $2a$} carries crypt_blowfish's countermeasure,
 * {@code $2b$} and {@code $2y$} are the correct algorithm.
 *
 * <h2>Defaults and limits</h2>
 *
 * <ul>
 *   <li>bcrypt, cost 12 (2<sup>12</sup> rounds); 10 to 31 accepted, lower refused.
 *   <li>argon2id is opt-in ({@link Builder#argon2id()}): at least OWASP's m = 19 MiB (19456 KiB), t
 *       = 2, p = 1; weaker parameters are refused. It needs {@code org.bouncycastle:bcprov-jdk18on}
 *       on the class path (an optional dependency of Bulwark).
 *   <li>Passwords are normalised to Unicode NFKC before hashing, like {@link PasswordPolicy} counts
 *       them. A stored hash of the un-normalised form still matches (and reports {@link
 *       PasswordVerification#needsRehash()}), so hashes from other systems keep working.
 * </ul>
 *
 * <h2>No truncation</h2>
 *
 * bcrypt reads only the first 72 bytes of a password. Spring's encoder refuses to hash more but its
 * {@code matches} silently compares the first 72; other implementations truncate both ways. Here:
 *
 * <ul>
 *   <li>{@link #hash(CharSequence)} with bcrypt refuses a password of more than 72 UTF-8 bytes
 *       (after normalisation) with an {@link IllegalArgumentException}. {@link PasswordPolicy}
 *       refuses such a password first, with a message a user can act on; argon2id has no such
 *       limit.
 *   <li>{@link #hash(CharSequence)} with bcrypt also refuses U+0000: bcrypt appends a NUL to the
 *       key and repeats it to 72 bytes, so {@code "abc"} and {@code "abc\0abc"} (and {@code "\0"}
 *       and {@code "\0\0"}) hash alike. Hashes of such passwords made elsewhere still verify.
 *   <li>{@link #verify(CharSequence, String)} never matches a candidate of more than 72 bytes
 *       against a bcrypt hash, even when its first 72 bytes are right (the hash is still computed,
 *       so the answer costs the same). A legacy store whose users signed up through a truncating
 *       implementation can opt in to prefix matches with {@link
 *       Builder#dangerouslyAllowTruncatedBcryptMatches()}; such a match always reports {@code
 *       needsRehash()}, and since {@code hash} still refuses the long password, the application
 *       must ask the user to choose a new one.
 * </ul>
 *
 * <h2>Unknown and disabled accounts</h2>
 *
 * {@code verify(candidate, null)} (no such user) and {@link
 * #verifyUnavailableAccount(CharSequence)} (a disabled or locked account) run the same code path as
 * a real verification, against a dummy hash made at {@link Builder#build()} with the configured
 * algorithm and cost, and answer "no match". So whether an account exists cannot be told from the
 * response time (CVE-2025-22234 and CVE-2026-22746 were leaks of this kind). A stored hash made at
 * a lower cost than the configured one is faster to check; rehash on login removes such hashes over
 * time.
 *
 * <h2>Cost</h2>
 *
 * Each {@code hash} and {@code verify} is one full hash on the caller's thread (bcrypt cost 12: 0.2
 * to 1 second of one core, depending on the CPU and its load), two when the candidate is not in
 * NFKC form. {@link Builder#maxConcurrentHashes(int, Duration)} bounds how many run at once, so a
 * flood of logins cannot take every core: a caller that waits longer than the configured time gets
 * a {@link PasswordHashingBusyException}, which a login endpoint maps to 503. {@code build()}
 * itself computes one hash (the dummy).
 *
 * <p>No method puts a password or a hash into an exception message or {@code toString}.
 */
public final class PasswordHasher {

  /** The default bcrypt cost. */
  public static final int DEFAULT_BCRYPT_COST = 12;

  /** The lowest bcrypt cost accepted. */
  public static final int MIN_BCRYPT_COST = 10;

  /** The highest bcrypt cost the algorithm defines. */
  public static final int MAX_BCRYPT_COST = 31;

  /** The most bytes of a password bcrypt reads. */
  public static final int BCRYPT_MAX_BYTES = 72;

  /** OWASP's minimum argon2id memory: 19 MiB, in KiB. */
  public static final int MIN_ARGON2_MEMORY_KIB = 19 * 1024;

  /** OWASP's minimum argon2id passes at 19 MiB. */
  public static final int MIN_ARGON2_ITERATIONS = 2;

  static final String BOUNCY_CASTLE_MISSING =
      "argon2id needs Bouncy Castle: add org.bouncycastle:bcprov-jdk18on to the application's"
          + " dependencies (Bulwark declares it optional)";

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final int MAX_ARGON2_MEMORY_KIB = 4 * 1024 * 1024;
  private static final int MAX_ARGON2_ITERATIONS = 64;
  private static final int MAX_ARGON2_PARALLELISM = 64;

  private final HashAlgorithm algorithm;
  private final int bcryptCost;
  private final int argon2MemoryKib;
  private final int argon2Iterations;
  private final int argon2Parallelism;
  private final boolean allowTruncatedBcryptMatches;
  private final @Nullable Semaphore permits;
  private final Duration permitWait;
  private final HashEngine engine;
  private final StoredHash dummy;

  private PasswordHasher(Builder b, HashAlgorithm algorithm) {
    this.algorithm = algorithm;
    this.bcryptCost = b.bcryptCost;
    this.argon2MemoryKib = b.argon2MemoryKib;
    this.argon2Iterations = b.argon2Iterations;
    this.argon2Parallelism = b.argon2Parallelism;
    this.allowTruncatedBcryptMatches = b.allowTruncatedBcryptMatches;
    this.permits = b.maxConcurrentHashes > 0 ? new Semaphore(b.maxConcurrentHashes, true) : null;
    this.permitWait = b.permitWait;
    this.engine = b.engine;
    byte[] random = new byte[24];
    RANDOM.nextBytes(random);
    // A random ASCII password of 48 bytes: never guessable, and within bcrypt's 72.
    this.dummy = StoredHash.parse(hashNormalized(HexFormat.of().formatHex(random)));
  }

  /**
   * Starts a builder with the defaults: bcrypt at cost {@value #DEFAULT_BCRYPT_COST}, no bound on
   * concurrent hashes, no truncated matches.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * A hasher with all defaults; the same as {@code builder().build()}.
   *
   * @return a bcrypt hasher at cost {@value #DEFAULT_BCRYPT_COST}
   */
  public static PasswordHasher defaults() {
    return builder().build();
  }

  /**
   * The algorithm that {@link #hash(CharSequence)} uses.
   *
   * @return the current algorithm
   */
  public HashAlgorithm algorithm() {
    return algorithm;
  }

  /**
   * The most UTF-8 bytes (after NFKC normalisation) a password may have to be hashed: 72 for
   * bcrypt, empty for argon2id. {@link PasswordPolicy.Builder#hasher(PasswordHasher)} reads it.
   *
   * @return the byte limit, if the algorithm has one
   */
  public OptionalInt maxPasswordBytes() {
    return algorithm == HashAlgorithm.BCRYPT
        ? OptionalInt.of(BCRYPT_MAX_BYTES)
        : OptionalInt.empty();
  }

  /**
   * Hashes a password for storage, under a fresh random salt, in the prefixed form.
   *
   * @param password the password, normalised to NFKC before hashing; at least one character
   * @return {@code {bcrypt}$2b$NN$…} or {@code {argon2}$argon2id$…}
   * @throws IllegalArgumentException when the password is empty, is not well-formed UTF-16 (a lone
   *     surrogate), or, with bcrypt, is longer than 72 UTF-8 bytes or contains U+0000; the message
   *     never contains it
   * @throws PasswordHashingBusyException when a concurrency bound is set and no permit came in time
   */
  public String hash(CharSequence password) {
    Objects.requireNonNull(password, "password");
    String normalized = PasswordText.normalize(password);
    return withPermit(() -> hashNormalized(normalized));
  }

  private String hashNormalized(String normalized) {
    if (normalized.isEmpty()) {
      throw new IllegalArgumentException("Cannot hash an empty password");
    }
    byte[] bytes = PasswordText.utf8(normalized);
    if (bytes == null) {
      throw new IllegalArgumentException(
          "Cannot hash a password that is not well-formed text (it contains an unpaired UTF-16"
              + " surrogate)");
    }
    if (algorithm == HashAlgorithm.ARGON2ID) {
      return StoredHash.ARGON2_ID
          + engine.hashArgon2id(normalized, argon2MemoryKib, argon2Iterations, argon2Parallelism);
    }
    if (normalized.indexOf('\0') >= 0) {
      Arrays.fill(bytes, (byte) 0);
      throw new IllegalArgumentException(
          "Cannot hash a password containing a NUL character (U+0000) with bcrypt: bcrypt ends"
              + " its key with a NUL and repeats it, so \"abc\" and \"abc\\0abc\" would get the same"
              + " hash. PasswordPolicy refuses control characters; argon2id hashes them as they are.");
    }
    if (bytes.length > BCRYPT_MAX_BYTES) {
      Arrays.fill(bytes, (byte) 0);
      throw new IllegalArgumentException(
          "Cannot hash this password with bcrypt: it is longer than 72 bytes in UTF-8, and bcrypt"
              + " would silently ignore everything after byte 72. Refuse it with PasswordPolicy"
              + " (built with .hasher(this hasher)), or use argon2id (PasswordHasher.builder()"
              + ".argon2id()), which accepts longer passwords.");
    }
    try {
      return StoredHash.BCRYPT_ID + engine.hashBcrypt(bytes, bcryptCost);
    } finally {
      Arrays.fill(bytes, (byte) 0);
    }
  }

  /**
   * Verifies a login attempt. Always does one full hash (two for a candidate not in NFKC form),
   * whether or not the user exists.
   *
   * @param candidate the password typed at login
   * @param storedHash the user's stored hash, or null when there is no such user (then the answer
   *     is "no match" after the same work as for a real user)
   * @return whether it matched and whether the stored hash should be replaced
   * @throws IllegalArgumentException when the stored hash is in no form this hasher reads (the
   *     message names the expected forms, never the value)
   * @throws IllegalStateException when the stored hash is argon2 and Bouncy Castle is missing
   * @throws PasswordHashingBusyException when a concurrency bound is set and no permit came in time
   */
  public PasswordVerification verify(CharSequence candidate, @Nullable String storedHash) {
    Objects.requireNonNull(candidate, "candidate");
    if (storedHash == null) {
      return verifyUnavailableAccount(candidate);
    }
    StoredHash stored = StoredHash.parse(storedHash);
    return withPermit(() -> check(candidate, stored));
  }

  /**
   * Spends on a login attempt for a disabled, locked or otherwise unusable account exactly what a
   * wrong password for a real account costs, and answers "no match". Call it instead of returning
   * early, so that the response time does not tell the account's state.
   *
   * @param candidate the password typed at login
   * @return a verification that did not match
   * @throws PasswordHashingBusyException when a concurrency bound is set and no permit came in time
   */
  public PasswordVerification verifyUnavailableAccount(CharSequence candidate) {
    Objects.requireNonNull(candidate, "candidate");
    withPermit(() -> check(candidate, dummy));
    return PasswordVerification.NO_MATCH;
  }

  private PasswordVerification check(CharSequence candidate, StoredHash stored) {
    String raw = candidate.toString();
    String normalized = PasswordText.normalize(raw);
    boolean matched = matches(normalized, stored);
    boolean matchedUnnormalized = false;
    if (!matched && !normalized.equals(raw)) {
      // Hashes written by other systems were made from the text as typed.
      matchedUnnormalized = matches(raw, stored);
    }
    if (!matched && !matchedUnnormalized) {
      return PasswordVerification.NO_MATCH;
    }
    boolean rehash = matchedUnnormalized || isOutdated(stored) || exceedsBcrypt(normalized, stored);
    return rehash ? PasswordVerification.MATCH_NEEDS_REHASH : PasswordVerification.MATCH;
  }

  private boolean matches(String password, StoredHash stored) {
    if (stored.algorithm() == HashAlgorithm.ARGON2ID) {
      boolean wellFormed = PasswordText.utf8(password) != null;
      try {
        // Still do the work for malformed text, on a stand-in, so that the answer costs the same.
        boolean matched = engine.checkArgon2(wellFormed ? password : "\uFFFD", stored.bare());
        return matched && wellFormed;
      } catch (LinkageError e) {
        throw new IllegalStateException(BOUNCY_CASTLE_MISSING, e);
      }
    }
    byte[] bytes = PasswordText.utf8(password);
    boolean wellFormed = bytes != null;
    if (bytes == null) {
      // Still do the work, on something that cannot match, so that the answer costs the same.
      bytes = new byte[] {0};
    }
    try {
      if (bytes.length > BCRYPT_MAX_BYTES && !allowTruncatedBcryptMatches) {
        // Computed and discarded: a long candidate costs what a short one does, and never matches.
        engine.checkBcrypt(Arrays.copyOf(bytes, BCRYPT_MAX_BYTES), stored.bare());
        return false;
      }
      return engine.checkBcrypt(bytes, stored.bare()) && wellFormed;
    } finally {
      Arrays.fill(bytes, (byte) 0);
    }
  }

  private boolean exceedsBcrypt(String normalized, StoredHash stored) {
    byte[] bytes = PasswordText.utf8(normalized);
    return stored.algorithm() == HashAlgorithm.BCRYPT
        && bytes != null
        && bytes.length > BCRYPT_MAX_BYTES;
  }

  private boolean isOutdated(StoredHash stored) {
    if (!stored.prefixed() || stored.algorithm() != algorithm) {
      return true;
    }
    if (algorithm == HashAlgorithm.BCRYPT) {
      return stored.bcryptCost() < bcryptCost || stored.bcryptMinor() == 'x';
    }
    Argon2Params params = Argon2Params.parse(stored.bare());
    return !params.id()
        || params.memoryKib() < argon2MemoryKib
        || params.iterations() < argon2Iterations
        || params.parallelism() < argon2Parallelism;
  }

  private <T> T withPermit(Supplier<T> work) {
    Semaphore s = permits;
    if (s == null) {
      return work.get();
    }
    boolean acquired;
    try {
      acquired = s.tryAcquire(permitWait.toNanos(), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new PasswordHashingBusyException(
          "Interrupted while waiting for a password hashing permit", e);
    }
    if (!acquired) {
      throw new PasswordHashingBusyException(
          "All password hashing permits are in use (maxConcurrentHashes); try again later", null);
    }
    try {
      return work.get();
    } finally {
      s.release();
    }
  }

  @Override
  public String toString() {
    return algorithm == HashAlgorithm.BCRYPT
        ? "PasswordHasher[bcrypt, cost=" + bcryptCost + "]"
        : "PasswordHasher[argon2id, m="
            + argon2MemoryKib
            + "KiB, t="
            + argon2Iterations
            + ", p="
            + argon2Parallelism
            + "]";
  }

  /**
   * Builds a {@link PasswordHasher}. Each setting may be given once; {@link #build()} checks them
   * all and fails with a {@link ConfigurationException} that names the setting and the fix. Not
   * thread-safe.
   */
  public static final class Builder {
    private @Nullable HashAlgorithm algorithm;
    private int bcryptCost = DEFAULT_BCRYPT_COST;
    private int argon2MemoryKib = MIN_ARGON2_MEMORY_KIB;
    private int argon2Iterations = MIN_ARGON2_ITERATIONS;
    private int argon2Parallelism = 1;
    private final SetOnce set = new SetOnce("PasswordHasher.Builder");
    private boolean allowTruncatedBcryptMatches;
    private boolean concurrencySet;
    private int maxConcurrentHashes;
    private Duration permitWait = Duration.ZERO;
    private HashEngine engine = SpringHashEngine.INSTANCE;

    private Builder() {}

    /**
     * Hash with bcrypt at the given cost (the default algorithm; the default cost is {@value
     * PasswordHasher#DEFAULT_BCRYPT_COST}). Each step up doubles the time of a hash and of a login.
     *
     * @param cost log2 of the rounds, 10 to 31
     * @return this builder
     * @throws ConfigurationException when the cost is out of range, or an algorithm was already set
     */
    public Builder bcrypt(int cost) {
      if (cost < MIN_BCRYPT_COST) {
        throw new ConfigurationException(
            "bcrypt cost "
                + cost
                + " is too low: use bcrypt("
                + MIN_BCRYPT_COST
                + ") or more (default "
                + DEFAULT_BCRYPT_COST
                + "); each step below doubles an attacker's guessing speed");
      }
      if (cost > MAX_BCRYPT_COST) {
        throw new ConfigurationException(
            "bcrypt cost " + cost + " is above bcrypt's maximum of 31: use 10 to 31");
      }
      setAlgorithm(HashAlgorithm.BCRYPT, "bcrypt(" + cost + ")");
      this.bcryptCost = cost;
      return this;
    }

    /**
     * Hash with argon2id at OWASP's minimum: m = 19 MiB, t = 2, p = 1. Existing bcrypt hashes keep
     * verifying and report {@link PasswordVerification#needsRehash()} when they match, so the store
     * moves to argon2id as users log in.
     *
     * @return this builder
     * @throws ConfigurationException when an algorithm was already set
     */
    public Builder argon2id() {
      return argon2id(MIN_ARGON2_MEMORY_KIB, MIN_ARGON2_ITERATIONS, 1);
    }

    /**
     * Hash with argon2id at the given parameters, each at least OWASP's minimum.
     *
     * @param memoryKib memory in KiB (not bytes), at least {@value
     *     PasswordHasher#MIN_ARGON2_MEMORY_KIB} (19 MiB), at most 4 GiB
     * @param iterations passes over memory, at least {@value PasswordHasher#MIN_ARGON2_ITERATIONS}
     * @param parallelism lanes, at least 1
     * @return this builder
     * @throws ConfigurationException when a parameter is out of range, or an algorithm was already
     *     set
     */
    public Builder argon2id(int memoryKib, int iterations, int parallelism) {
      checkArgon2(memoryKib, iterations, parallelism);
      setAlgorithm(
          HashAlgorithm.ARGON2ID,
          "argon2id(" + memoryKib + ", " + iterations + ", " + parallelism + ")");
      this.argon2MemoryKib = memoryKib;
      this.argon2Iterations = iterations;
      this.argon2Parallelism = parallelism;
      return this;
    }

    /**
     * Dangerous: lets a candidate of more than 72 bytes match a bcrypt hash by its first 72 bytes,
     * the way most bcrypt implementations behave. Only for a legacy store whose users set long
     * passwords through such an implementation and could otherwise never log in. Two passwords that
     * share 72 bytes then open the same account. Such a match always reports {@code needsRehash()};
     * since bcrypt cannot hash the long password, move the store to argon2id or ask the user for a
     * new password.
     *
     * @return this builder
     * @throws ConfigurationException when already set
     */
    public Builder dangerouslyAllowTruncatedBcryptMatches() {
      set.set("dangerouslyAllowTruncatedBcryptMatches", true);
      this.allowTruncatedBcryptMatches = true;
      return this;
    }

    /**
     * Bounds the hashes running at once (the second line of defence after rate limiting). A call
     * that finds every permit taken waits up to {@code maxWait}, then throws {@link
     * PasswordHashingBusyException}. A sensible bound is the number of cores available for logins.
     *
     * @param permits how many hashes may run at once, at least 1
     * @param maxWait how long a call may wait for a permit; zero fails at once; at most 1 minute
     * @return this builder
     * @throws ConfigurationException when a value is out of range, or when already set
     */
    public Builder maxConcurrentHashes(int permits, Duration maxWait) {
      Objects.requireNonNull(maxWait, "maxWait");
      if (permits < 1) {
        throw new ConfigurationException(
            "maxConcurrentHashes permits must be at least 1 (got "
                + permits
                + "); leave it unset for no bound");
      }
      if (maxWait.isNegative() || maxWait.compareTo(Duration.ofMinutes(1)) > 0) {
        throw new ConfigurationException(
            "maxConcurrentHashes maxWait must be between zero and one minute (got "
                + maxWait
                + ")");
      }
      set.set("maxConcurrentHashes", permits + ", " + maxWait);
      this.concurrencySet = true;
      this.maxConcurrentHashes = permits;
      this.permitWait = maxWait;
      return this;
    }

    Builder engine(HashEngine engine) {
      this.engine = Objects.requireNonNull(engine, "engine");
      return this;
    }

    private void setAlgorithm(HashAlgorithm chosen, String call) {
      // bcrypt(…) and argon2id(…) are one setting: the algorithm, chosen once
      if (algorithm != null) {
        throw new ConfigurationException(
            "PasswordHasher.Builder: the algorithm was already set (to "
                + algorithm.name().toLowerCase(java.util.Locale.ROOT)
                + "); call bcrypt(…) or argon2id(…) once, not "
                + call
                + " as well");
      }
      set.set("algorithm", call);
      algorithm = chosen;
    }

    /**
     * Checks every setting and builds the hasher. Computes one hash (the dummy used for unknown
     * users), so it takes as long as one login.
     *
     * @return the hasher
     * @throws ConfigurationException when a setting is out of range or argon2id lacks Bouncy Castle
     */
    public PasswordHasher build() {
      HashAlgorithm chosen = algorithm == null ? HashAlgorithm.BCRYPT : algorithm;
      if (chosen == HashAlgorithm.ARGON2ID
          && engine == SpringHashEngine.INSTANCE
          && !bouncyCastlePresent()) {
        throw new ConfigurationException(BOUNCY_CASTLE_MISSING);
      }
      return new PasswordHasher(this, chosen);
    }

    private static void checkArgon2(
        int argon2MemoryKib, int argon2Iterations, int argon2Parallelism) {
      if (argon2MemoryKib < MIN_ARGON2_MEMORY_KIB || argon2MemoryKib > MAX_ARGON2_MEMORY_KIB) {
        throw new ConfigurationException(
            "argon2id memoryKib "
                + argon2MemoryKib
                + " is out of range: give it in KiB, from "
                + MIN_ARGON2_MEMORY_KIB
                + " (19 MiB, OWASP's minimum) to "
                + MAX_ARGON2_MEMORY_KIB
                + " (4 GiB)");
      }
      if (argon2Iterations < MIN_ARGON2_ITERATIONS || argon2Iterations > MAX_ARGON2_ITERATIONS) {
        throw new ConfigurationException(
            "argon2id iterations "
                + argon2Iterations
                + " is out of range: use "
                + MIN_ARGON2_ITERATIONS
                + " (OWASP's minimum at 19 MiB) to "
                + MAX_ARGON2_ITERATIONS);
      }
      if (argon2Parallelism < 1 || argon2Parallelism > MAX_ARGON2_PARALLELISM) {
        throw new ConfigurationException(
            "argon2id parallelism "
                + argon2Parallelism
                + " is out of range: use 1 to "
                + MAX_ARGON2_PARALLELISM);
      }
    }

    private static boolean bouncyCastlePresent() {
      try {
        Class.forName(
            "org.bouncycastle.crypto.generators.Argon2BytesGenerator",
            false,
            PasswordHasher.class.getClassLoader());
        return true;
      } catch (ClassNotFoundException | LinkageError e) {
        return false;
      }
    }

    @Override
    public String toString() {
      return "PasswordHasher.Builder";
    }
  }
}
