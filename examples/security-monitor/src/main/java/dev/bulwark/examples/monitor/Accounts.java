package dev.bulwark.examples.monitor;

import dev.bulwark.jwt.AuthenticatedUser;
import dev.bulwark.jwt.CredentialVerifier;
import dev.bulwark.jwt.TokenStoreException;
import dev.bulwark.password.PasswordHasher;
import dev.bulwark.password.PasswordVerification;
import java.util.Optional;

/**
 * Checks credentials against the directory with Bulwark's hasher. An unknown user costs one full
 * hash, like a known one, so response times do not reveal which accounts exist; a hash made with
 * weaker settings is replaced on a successful login.
 */
final class Accounts implements CredentialVerifier {

  private final UserDirectory directory;
  private final PasswordHasher hasher;

  Accounts(UserDirectory directory, PasswordHasher hasher) {
    this.directory = directory;
    this.hasher = hasher;
  }

  @Override
  public Optional<AuthenticatedUser> verify(String username, char[] password) {
    String candidate = new String(password);
    Optional<UserDirectory.Account> account;
    try {
      account = username.length() > 64 ? Optional.empty() : directory.find(username);
    } catch (StoreUnavailableException e) {
      throw new TokenStoreException(e.component() + " is unavailable", e);
    }
    if (account.isEmpty()) {
      hasher.verifyUnavailableAccount(candidate);
      return Optional.empty();
    }
    UserDirectory.Account a = account.get();
    PasswordVerification v = hasher.verify(candidate, a.passwordHash());
    if (!v.matched()) {
      return Optional.empty();
    }
    if (v.needsRehash()) {
      directory.updateHash(a.username(), hasher.hash(candidate));
    }
    return Optional.of(new AuthenticatedUser(a.username(), a.roles()));
  }
}
