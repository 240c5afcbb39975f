package dev.bulwark.examples.boot;

import dev.bulwark.jwt.PasswordCredentialVerifier;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Accounts in memory, bounded so that a registration flood cannot exhaust the heap. A real service
 * keeps them in its database; Bulwark only needs the lookup and the rehash callback.
 */
final class UserDirectory {

  /** One account; the hash is Bulwark's self-describing format ({@code {bcrypt}$2b$12$…}). */
  record Account(String username, String email, String passwordHash, List<String> roles) {}

  private final ConcurrentMap<String, Account> accounts = new ConcurrentHashMap<>();
  private final int max;

  UserDirectory(int max) {
    this.max = max;
  }

  Optional<Account> find(String username) {
    return Optional.ofNullable(accounts.get(username.toLowerCase(Locale.ROOT)));
  }

  /** For bulwark-jwt's {@link PasswordCredentialVerifier}. */
  Optional<PasswordCredentialVerifier.StoredUser> lookup(String username) {
    if (username.length() > 64) {
      return Optional.empty();
    }
    return find(username)
        .map(
            a ->
                new PasswordCredentialVerifier.StoredUser(
                    a.username(), a.roles(), a.passwordHash(), true));
  }

  /**
   * Adds an account.
   *
   * @return false when the user name is taken
   * @throws IllegalStateException when the directory is full
   */
  boolean create(Account account) {
    if (accounts.size() >= max) {
      throw new IllegalStateException("the example's in-memory directory is full");
    }
    return accounts.putIfAbsent(account.username().toLowerCase(Locale.ROOT), account) == null;
  }

  void updateHash(String username, String newHash) {
    accounts.computeIfPresent(
        username.toLowerCase(Locale.ROOT),
        (k, a) -> new Account(a.username(), a.email(), newHash, a.roles()));
  }

  List<String> usernames() {
    return List.copyOf(new TreeSet<>(accounts.keySet()));
  }
}
