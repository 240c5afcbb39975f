package dev.bulwark.examples.monitor;

import java.util.List;
import java.util.Optional;

/** Where the demo keeps its accounts: in memory, or PostgreSQL for several instances. */
interface UserDirectory {

  /** One account. The hash is the self-describing Bulwark/Spring format. */
  record Account(String username, String email, String passwordHash, List<String> roles) {}

  Optional<Account> find(String username);

  /**
   * Adds an account.
   *
   * @return false when the user name is taken
   */
  boolean create(Account account);

  /** Replaces a stored hash after a rehash-on-login. */
  void updateHash(String username, String newHash);

  /** Throws when the backing store is unreachable (for readiness). */
  void ping();
}
