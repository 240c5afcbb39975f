package dev.bulwark.jwt;

import java.util.Optional;

/**
 * The application's credential check, used by the login endpoint: look the user up and verify the
 * password.
 *
 * <p><b>Unknown users must cost the same as known ones.</b> When the user does not exist, verify
 * the password against a fixed dummy hash anyway, so that response time does not tell an attacker
 * which usernames exist (CVE-2025-22234 and CVE-2026-22746 were leaks of this kind). {@link
 * PasswordCredentialVerifier} does this with Bulwark's {@code PasswordHasher}: prefer it to writing
 * your own.
 *
 * <p>Implementations must be thread-safe, must not log the password, and should wipe the array when
 * done. Throw {@link TokenStoreException} when the user store is down, so the endpoint answers 503
 * rather than 401.
 */
@FunctionalInterface
public interface CredentialVerifier {

  /**
   * Checks a username and password.
   *
   * @param username the username as submitted
   * @param password the password as submitted; the caller wipes it after the call
   * @return the user when the credentials are valid, empty otherwise (unknown user and wrong
   *     password are indistinguishable)
   */
  Optional<AuthenticatedUser> verify(String username, char[] password);
}
