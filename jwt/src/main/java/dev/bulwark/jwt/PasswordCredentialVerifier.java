package dev.bulwark.jwt;

import dev.bulwark.password.PasswordHasher;
import dev.bulwark.password.PasswordVerification;
import java.nio.CharBuffer;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A {@link CredentialVerifier} on top of Bulwark's {@link PasswordHasher}: the application only
 * looks users up; the password check, its timing and rehashing are done here.
 *
 * <ul>
 *   <li>An unknown user costs one full hash, against the hasher's dummy hash, and a disabled one
 *       goes through {@link PasswordHasher#verifyUnavailableAccount}: response time does not tell
 *       which usernames exist.
 *   <li>When a stored hash is weaker than the hasher's configuration, a successful login hands a
 *       fresh hash to the {@link Rehash} callback, so old hashes disappear over time.
 *   <li>A hasher that is saturated throws {@link
 *       dev.bulwark.password.PasswordHashingBusyException}; the login endpoint answers 503.
 * </ul>
 *
 * <pre>{@code
 * CredentialVerifier credentials = PasswordCredentialVerifier.of(
 *     username -> users.find(username).map(u -> new PasswordCredentialVerifier.StoredUser(
 *         u.id(), u.roles(), u.passwordHash(), u.enabled())),
 *     PasswordHasher.defaults(),
 *     (subject, newHash) -> users.updateHash(subject, newHash));
 * }</pre>
 *
 * <p>Thread-safe when the lookup and the callback are.
 */
public final class PasswordCredentialVerifier implements CredentialVerifier {

  /**
   * A user as the application stores it.
   *
   * @param subject the stable user id, the {@code sub} of the tokens
   * @param roles the roles to put in the tokens
   * @param passwordHash the stored hash, in a form {@link PasswordHasher#verify} reads
   * @param enabled false for a disabled or locked account (which never logs in)
   */
  public record StoredUser(
      String subject, List<String> roles, String passwordHash, boolean enabled) {

    /**
     * Checks the components.
     *
     * @param subject the subject
     * @param roles the roles
     * @param passwordHash the stored hash
     * @param enabled whether the account may log in
     */
    public StoredUser {
      Objects.requireNonNull(subject, "subject");
      roles = List.copyOf(roles);
      Objects.requireNonNull(passwordHash, "passwordHash");
    }

    @Override
    public String toString() {
      return "StoredUser[" + subject + ", enabled=" + enabled + "]";
    }
  }

  /** Finds a user by the username typed at login. */
  @FunctionalInterface
  public interface UserLookup {

    /**
     * Finds a user.
     *
     * @param username the username as submitted
     * @return the user, or empty when there is none
     * @throws TokenStoreException when the user store is down (the endpoint answers 503)
     */
    Optional<StoredUser> find(String username);
  }

  /** Receives a fresh hash after a successful login with a weaker stored hash. */
  @FunctionalInterface
  public interface Rehash {

    /**
     * Stores a new hash for a user.
     *
     * @param subject the user
     * @param newHash the hash to store in place of the old one
     */
    void store(String subject, String newHash);
  }

  private final UserLookup users;
  private final PasswordHasher hasher;
  private final Rehash rehash;

  private PasswordCredentialVerifier(UserLookup users, PasswordHasher hasher, Rehash rehash) {
    this.users = users;
    this.hasher = hasher;
    this.rehash = rehash;
  }

  /**
   * Creates the verifier.
   *
   * @param users the application's user lookup
   * @param hasher the password hasher
   * @param rehash where fresh hashes go after logins with weaker stored hashes
   * @return the verifier
   */
  public static PasswordCredentialVerifier of(
      UserLookup users, PasswordHasher hasher, Rehash rehash) {
    return new PasswordCredentialVerifier(
        Objects.requireNonNull(users, "users"),
        Objects.requireNonNull(hasher, "hasher"),
        Objects.requireNonNull(rehash, "rehash"));
  }

  @Override
  public Optional<AuthenticatedUser> verify(String username, char[] password) {
    CharBuffer candidate = CharBuffer.wrap(password);
    Optional<StoredUser> found = users.find(username);
    if (found.isEmpty()) {
      hasher.verify(candidate, null);
      return Optional.empty();
    }
    StoredUser user = found.get();
    if (!user.enabled()) {
      hasher.verifyUnavailableAccount(candidate);
      return Optional.empty();
    }
    PasswordVerification v = hasher.verify(candidate, user.passwordHash());
    if (!v.matched()) {
      return Optional.empty();
    }
    if (v.needsRehash()) {
      rehash.store(user.subject(), hasher.hash(CharBuffer.wrap(password)));
    }
    return Optional.of(new AuthenticatedUser(user.subject(), user.roles()));
  }
}
