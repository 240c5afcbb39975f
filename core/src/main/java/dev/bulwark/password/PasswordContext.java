package dev.bulwark.password;

import org.jspecify.annotations.Nullable;

/**
 * Facts about the account a password is for, which the password must not contain (NIST SP 800-63B
 * rev 4 §3.1.1.2: context-specific words). The service name and other fixed words are set once on
 * {@link PasswordPolicy.Builder}.
 *
 * @param username the account's username, or null
 * @param email the account's email address, or null
 */
public record PasswordContext(@Nullable String username, @Nullable String email) {

  private static final PasswordContext NONE = new PasswordContext(null, null);

  /**
   * No account facts (for example a password change where the username is not at hand).
   *
   * @return an empty context
   */
  public static PasswordContext none() {
    return NONE;
  }

  /**
   * A context.
   *
   * @param username the username, or null
   * @param email the email address, or null
   * @return the context
   */
  public static PasswordContext of(@Nullable String username, @Nullable String email) {
    return new PasswordContext(username, email);
  }

  @Override
  public String toString() {
    return "PasswordContext[username=" + (username != null) + ", email=" + (email != null) + "]";
  }
}
