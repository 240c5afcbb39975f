package dev.bulwark.password;

import java.util.Objects;

/**
 * One reason {@link PasswordPolicy} refused a password, with a sentence the user can act on. The
 * message never repeats the password.
 *
 * @param reason the machine-readable reason, for tests, metrics and translations
 * @param message what the user should do, in plain English
 */
public record PasswordProblem(Reason reason, String message) {

  /** Why a password was refused. */
  public enum Reason {
    /** Fewer code points than the minimum. */
    TOO_SHORT,
    /** More code points than the maximum. */
    TOO_LONG,
    /** More UTF-8 bytes than the hasher can take (72 for bcrypt). */
    TOO_MANY_BYTES,
    /** Not well-formed text (an unpaired UTF-16 surrogate). */
    INVALID_TEXT,
    /** Contains a control character such as NUL, a tab or a line break. */
    CONTROL_CHARACTER,
    /** Contains the username. */
    CONTAINS_USERNAME,
    /** Contains the email address or its local part. */
    CONTAINS_EMAIL,
    /** Contains the name of the service. */
    CONTAINS_SERVICE_NAME,
    /** Contains a word the service blocked. */
    CONTAINS_BLOCKED_WORD,
    /** On the bundled list of the most common passwords. */
    COMMON_PASSWORD,
    /** One or two characters repeated. */
    REPETITIVE,
    /** A run of consecutive characters, such as {@code abcdefghijklmnop} or {@code 987654321}. */
    SEQUENTIAL,
    /** Known from a data breach (the range API said so). */
    BREACHED,
    /** The breached-password check could not answer and the client is set to fail closed. */
    BREACH_CHECK_UNAVAILABLE
  }

  /**
   * Checks the fields.
   *
   * @param reason the reason
   * @param message the user-facing sentence
   */
  public PasswordProblem {
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(message, "message");
  }
}
