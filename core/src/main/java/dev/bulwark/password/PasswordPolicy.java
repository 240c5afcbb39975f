package dev.bulwark.password;

import dev.bulwark.password.PasswordProblem.Reason;
import dev.bulwark.web.ConfigurationException;
import dev.bulwark.web.internal.SetOnce;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Decides whether a new password is acceptable, after NIST SP 800-63B rev 4 §3.1.1.2. Immutable and
 * thread-safe; build one per application.
 *
 * <h2>What is checked</h2>
 *
 * <ol>
 *   <li><b>Length, in code points after NFKC normalisation.</b> At least 15 (NIST's minimum when
 *       the password is the only factor), or 8 when {@link Builder#withMultiFactorAuthentication()}
 *       says it is one of several; at most 64 by default (NIST: allow at least 64).
 *   <li><b>Bytes.</b> bcrypt reads at most 72 UTF-8 bytes, and {@link PasswordHasher} refuses more
 *       instead of truncating. So with a bcrypt hasher (the default), a password must also fit in
 *       72 bytes. The two limits interact: 64 ASCII characters are 64 bytes and pass, but 64
 *       Cyrillic letters are 128 bytes and 64 emoji 256, so for non-Latin text the byte limit is
 *       the one that binds (as few as 18 emoji). That is a departure from NIST's "at least 64
 *       characters" forced by bcrypt; a service whose users write in non-Latin scripts should use
 *       argon2id ({@link Builder#hasher(PasswordHasher)} with an argon2id hasher lifts the byte
 *       limit). The message tells the user that accented letters, non-Latin scripts and emoji take
 *       more room.
 *   <li><b>Text.</b> Well-formed Unicode, and no control characters (NUL, tab, line breaks): they
 *       cannot be typed reliably, and bcrypt treats NUL specially.
 *   <li><b>Context words</b> (always on): the password must not contain the username, the email
 *       address or its local part (and the local part's pieces split at {@code . _ - +}), the
 *       service name, or any word given to {@link Builder#blockedWords(String...)}. Matching is
 *       case-insensitive after NFKC; words shorter than 4 code points only block an exact match.
 *   <li><b>Common passwords</b> (always on): a bundled list of about 18,000 common passwords of 8
 *       or more characters, from the MIT-licensed {@code @zxcvbn-ts/language-common} package (see
 *       {@code dev/bulwark/password/common-passwords.txt} for source and licence); and passwords
 *       made of only one or two distinct characters or of one run of consecutive characters ({@code
 *       abcdefghijklmnop}), NIST's "repetitive or sequential" examples.
 *   <li><b>Breaches</b> (optional, {@link Builder#breachedPasswords(BreachedPasswordClient)}): the
 *       k-anonymity range API. Asked only when every local check passed, so a password refused
 *       anyway never leaves the process, not even as a hash prefix.
 * </ol>
 *
 * <p>There are no composition rules (no "one digit, one symbol"): NIST rev 4 forbids them.
 *
 * <h2>Why NFKC</h2>
 *
 * NIST asks for NFKC or NFKD. NFKC is chosen because it is what {@link PasswordHasher} hashes:
 * composed and decomposed accents, full-width letters from East Asian input methods and ligatures
 * become one password on every device, and the length counted here is the length of what is hashed.
 * The composed form (NFKC rather than NFKD) keeps the byte count, which bcrypt limits, as small as
 * possible.
 */
public final class PasswordPolicy {

  /** NIST's minimum length when the password is the only authentication factor. */
  public static final int SINGLE_FACTOR_MIN_LENGTH = 15;

  /** NIST's minimum length when the password is one factor of several. */
  public static final int MULTI_FACTOR_MIN_LENGTH = 8;

  /** The default, and lowest allowed, maximum length. */
  public static final int DEFAULT_MAX_LENGTH = 64;

  private static final int MAX_MAX_LENGTH = 4096;
  private static final int CONTAINS_MIN_LENGTH = 4;

  private final int minLength;
  private final int maxLength;
  private final OptionalInt maxBytes;
  private final List<String> serviceWords;
  private final List<String> blockedWords;
  private final @Nullable BreachedPasswordClient breached;

  private PasswordPolicy(Builder b, int minLength, OptionalInt maxBytes) {
    this.minLength = minLength;
    this.maxLength = b.maxLength;
    this.maxBytes = maxBytes;
    this.serviceWords = b.serviceName == null ? List.of() : List.of(fold(b.serviceName));
    this.blockedWords = List.copyOf(b.blockedWords);
    this.breached = b.breached;
  }

  /**
   * Starts a builder: 15 to 64 code points, the byte limit of the default bcrypt hasher, context
   * words and the bundled common-password list, no breach check.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The smallest accepted length, in code points.
   *
   * @return the minimum
   */
  public int minLength() {
    return minLength;
  }

  /**
   * The largest accepted length, in code points.
   *
   * @return the maximum
   */
  public int maxLength() {
    return maxLength;
  }

  /**
   * The largest accepted UTF-8 size after normalisation, when the hasher has one.
   *
   * @return 72 for bcrypt, empty for argon2id
   */
  public OptionalInt maxBytes() {
    return maxBytes;
  }

  /**
   * Checks a candidate new password.
   *
   * @param password the password as typed
   * @param context the account it is for; {@link PasswordContext#none()} when unknown
   * @return every reason it is refused, or none
   */
  public PasswordCheck check(CharSequence password, PasswordContext context) {
    Objects.requireNonNull(password, "password");
    Objects.requireNonNull(context, "context");
    String normalized = PasswordText.normalize(password);
    List<PasswordProblem> problems = new ArrayList<>();
    byte[] utf8 = PasswordText.utf8(normalized);
    int length = PasswordText.codePoints(normalized);
    if (utf8 == null) {
      problems.add(
          new PasswordProblem(
              Reason.INVALID_TEXT,
              "This password contains a character that is not valid text; please retype it."));
    }
    if (length < minLength) {
      problems.add(
          new PasswordProblem(
              Reason.TOO_SHORT,
              "Use at least " + minLength + " characters. A few unrelated words make a good one."));
    } else if (length > maxLength) {
      problems.add(
          new PasswordProblem(Reason.TOO_LONG, "Use at most " + maxLength + " characters."));
    } else if (utf8 != null && maxBytes.isPresent() && utf8.length > maxBytes.getAsInt()) {
      problems.add(
          new PasswordProblem(
              Reason.TOO_MANY_BYTES,
              "Use a shorter password: this one is too long to store. Accented letters,"
                  + " non-Latin scripts and emoji take more room than plain letters and digits."));
    }
    if (normalized.codePoints().anyMatch(Character::isISOControl)) {
      problems.add(
          new PasswordProblem(
              Reason.CONTROL_CHARACTER, "Remove control characters such as tabs and line breaks."));
    }
    String folded = fold(normalized);
    addContextProblems(folded, context, problems);
    if (CommonPasswords.contains(folded)) {
      problems.add(
          new PasswordProblem(
              Reason.COMMON_PASSWORD,
              "This is one of the most commonly used passwords. Choose one that others are"
                  + " unlikely to use."));
    }
    if (length > 0 && normalized.codePoints().distinct().limit(3).count() <= 2) {
      problems.add(
          new PasswordProblem(
              Reason.REPETITIVE, "Avoid repeating the same one or two characters."));
    }
    if (isSequential(folded)) {
      problems.add(
          new PasswordProblem(
              Reason.SEQUENTIAL, "Avoid runs of consecutive characters such as abcdef or 654321."));
    }
    BreachedPasswordClient client = breached;
    if (problems.isEmpty() && client != null) {
      BreachedPasswordClient.Result result = client.check(normalized);
      if (result == BreachedPasswordClient.Result.BREACHED) {
        problems.add(
            new PasswordProblem(
                Reason.BREACHED,
                "This password has appeared in a data breach elsewhere, so attackers try it."
                    + " Choose a different one."));
      } else if (result == BreachedPasswordClient.Result.UNAVAILABLE
          && client.failureMode() == BreachedPasswordClient.FailureMode.FAIL_CLOSED) {
        problems.add(
            new PasswordProblem(
                Reason.BREACH_CHECK_UNAVAILABLE,
                "We could not check this password against known breaches just now. Please try"
                    + " again in a moment."));
      }
    }
    return new PasswordCheck(problems);
  }

  private void addContextProblems(
      String folded, PasswordContext context, List<PasswordProblem> problems) {
    String username = context.username();
    if (username != null && containsWord(folded, fold(username))) {
      problems.add(
          new PasswordProblem(
              Reason.CONTAINS_USERNAME, "Don't use your username in your password."));
    }
    String email = context.email();
    if (email != null && containsAny(folded, emailWords(fold(email)))) {
      problems.add(
          new PasswordProblem(
              Reason.CONTAINS_EMAIL,
              "Don't use your email address or its parts in your password."));
    }
    if (containsAny(folded, serviceWords)) {
      problems.add(
          new PasswordProblem(
              Reason.CONTAINS_SERVICE_NAME,
              "Don't use the name of this service in your password."));
    }
    if (containsAny(folded, blockedWords)) {
      problems.add(
          new PasswordProblem(
              Reason.CONTAINS_BLOCKED_WORD,
              "Your password contains a word that is easy to guess here. Choose another."));
    }
  }

  /** Every code point one above (or every one below) the previous one. */
  private static boolean isSequential(String folded) {
    int[] cps = folded.codePoints().toArray();
    if (cps.length < 3) {
      return false;
    }
    int step = cps[1] - cps[0];
    if (step != 1 && step != -1) {
      return false;
    }
    for (int i = 2; i < cps.length; i++) {
      if (cps[i] - cps[i - 1] != step) {
        return false;
      }
    }
    return true;
  }

  private static List<String> emailWords(String email) {
    Set<String> words = new LinkedHashSet<>();
    words.add(email);
    int at = email.lastIndexOf('@');
    String local = at >= 0 ? email.substring(0, at) : email;
    words.add(local);
    for (String part : local.split("[._+-]")) {
      if (part.codePointCount(0, part.length()) >= CONTAINS_MIN_LENGTH) {
        words.add(part);
      }
    }
    return List.copyOf(words);
  }

  private static boolean containsAny(String folded, List<String> words) {
    for (String w : words) {
      if (containsWord(folded, w)) {
        return true;
      }
    }
    return false;
  }

  private static boolean containsWord(String folded, String word) {
    if (word.isBlank()) {
      return false;
    }
    return word.codePointCount(0, word.length()) >= CONTAINS_MIN_LENGTH
        ? folded.contains(word)
        : folded.equals(word);
  }

  static String fold(String text) {
    return PasswordText.normalize(text).toLowerCase(Locale.ROOT).strip();
  }

  @Override
  public String toString() {
    return "PasswordPolicy[length "
        + minLength
        + ".."
        + maxLength
        + (maxBytes.isPresent() ? ", max " + maxBytes.getAsInt() + " bytes" : "")
        + (breached != null ? ", " + breached : "")
        + "]";
  }

  /**
   * Builds a {@link PasswordPolicy}. {@link #build()} checks the settings and fails with a {@link
   * ConfigurationException} that names the setting and the fix. Not thread-safe.
   */
  public static final class Builder {
    private final SetOnce set = new SetOnce("PasswordPolicy.Builder");
    private boolean multiFactor;
    private int explicitMinLength = -1;
    private int maxLength = DEFAULT_MAX_LENGTH;
    private @Nullable PasswordHasher hasher;
    private @Nullable String serviceName;
    private final List<String> blockedWords = new ArrayList<>();
    private @Nullable BreachedPasswordClient breached;

    private Builder() {}

    /**
     * Declares that the password is one factor of several (a one-time code, a passkey): the minimum
     * length drops to 8, as NIST allows.
     *
     * @return this builder
     * @throws ConfigurationException when already called
     */
    public Builder withMultiFactorAuthentication() {
      set.set("withMultiFactorAuthentication", true);
      this.multiFactor = true;
      return this;
    }

    /**
     * Sets the minimum length in code points; at least 15, or 8 {@link
     * #withMultiFactorAuthentication() with multi-factor authentication}.
     *
     * @param minLength the minimum
     * @return this builder
     * @throws ConfigurationException when below 8 or above 4096, or when already set (the floor of
     *     15 for a password used alone is checked by {@link #build()}, once every setting is known)
     */
    public Builder minLength(int minLength) {
      if (minLength < MULTI_FACTOR_MIN_LENGTH || minLength > MAX_MAX_LENGTH) {
        throw new ConfigurationException(
            "minLength "
                + minLength
                + " is out of range: use "
                + SINGLE_FACTOR_MIN_LENGTH
                + " or more for a password used alone, "
                + MULTI_FACTOR_MIN_LENGTH
                + " or more with another factor (NIST SP 800-63B), at most "
                + MAX_MAX_LENGTH);
      }
      set.set("minLength", minLength);
      this.explicitMinLength = minLength;
      return this;
    }

    /**
     * Sets the maximum length in code points: at least 64 (NIST), at most 4096.
     *
     * @param maxLength the maximum
     * @return this builder
     * @throws ConfigurationException when out of range or already set
     */
    public Builder maxLength(int maxLength) {
      if (maxLength < DEFAULT_MAX_LENGTH || maxLength > MAX_MAX_LENGTH) {
        throw new ConfigurationException(
            "maxLength "
                + maxLength
                + " is out of range: NIST SP 800-63B asks to allow at least 64 characters; use 64"
                + " to "
                + MAX_MAX_LENGTH);
      }
      set.set("maxLength", maxLength);
      this.maxLength = maxLength;
      return this;
    }

    /**
     * The hasher that will store the passwords, for its byte limit (72 with bcrypt, none with
     * argon2id). Without it, the default bcrypt hasher's limit applies.
     *
     * @param hasher the hasher
     * @return this builder
     * @throws ConfigurationException when already set
     */
    public Builder hasher(PasswordHasher hasher) {
      set.set("hasher", Objects.requireNonNull(hasher, "hasher"));
      this.hasher = Objects.requireNonNull(hasher, "hasher");
      return this;
    }

    /**
     * The service's name, which passwords must not contain.
     *
     * @param serviceName for example {@code "Acme Mail"}
     * @return this builder
     * @throws ConfigurationException when already set
     */
    public Builder serviceName(String serviceName) {
      set.set("serviceName", Objects.requireNonNull(serviceName, "serviceName"));
      this.serviceName = Objects.requireNonNull(serviceName, "serviceName");
      return this;
    }

    /**
     * Further words that passwords must not contain (the company, the product, the city).
     *
     * @param words the words
     * @return this builder
     */
    public Builder blockedWords(String... words) {
      for (String w : words) {
        String f = fold(Objects.requireNonNull(w, "a blocked word is null"));
        if (!f.isEmpty()) {
          blockedWords.add(f);
        }
      }
      return this;
    }

    /**
     * Also refuses passwords known from breaches, through the k-anonymity range API.
     *
     * @param client the client, with its failure mode chosen
     * @return this builder
     * @throws ConfigurationException when already set
     */
    public Builder breachedPasswords(BreachedPasswordClient client) {
      set.set("breachedPasswords", Objects.requireNonNull(client, "client"));
      this.breached = Objects.requireNonNull(client, "client");
      return this;
    }

    /**
     * Checks the settings and builds the policy.
     *
     * @return the policy
     * @throws ConfigurationException when a setting is outside what NIST SP 800-63B allows
     */
    public PasswordPolicy build() {
      int floor = multiFactor ? MULTI_FACTOR_MIN_LENGTH : SINGLE_FACTOR_MIN_LENGTH;
      int min = explicitMinLength < 0 ? floor : explicitMinLength;
      if (min < floor) {
        throw new ConfigurationException(
            "minLength "
                + min
                + " is below NIST SP 800-63B's "
                + floor
                + (multiFactor
                    ? " for a password used with another factor"
                    : " for a password used alone; if users also have a second factor, call"
                        + " withMultiFactorAuthentication() to allow 8"));
      }
      if (min > maxLength) {
        throw new ConfigurationException(
            "minLength "
                + min
                + " is above maxLength "
                + maxLength
                + ": lower it or raise maxLength");
      }
      OptionalInt bytes =
          hasher != null
              ? hasher.maxPasswordBytes()
              : OptionalInt.of(PasswordHasher.BCRYPT_MAX_BYTES);
      if (bytes.isPresent() && min > bytes.getAsInt()) {
        throw new ConfigurationException(
            "minLength " + min + " can never fit bcrypt's 72 bytes: lower it or use argon2id");
      }
      return new PasswordPolicy(this, min, bytes);
    }

    @Override
    public String toString() {
      return "PasswordPolicy.Builder";
    }
  }
}
