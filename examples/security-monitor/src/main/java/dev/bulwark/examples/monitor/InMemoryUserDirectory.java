package dev.bulwark.examples.monitor;

import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/** Accounts in memory, bounded: registration stops at {@code max} accounts. */
final class InMemoryUserDirectory implements UserDirectory {

  private final ConcurrentMap<String, Account> accounts = new ConcurrentHashMap<>();
  private final int max;

  InMemoryUserDirectory(int max) {
    this.max = max;
  }

  @Override
  public Optional<Account> find(String username) {
    return Optional.ofNullable(accounts.get(username.toLowerCase(Locale.ROOT)));
  }

  @Override
  public boolean create(Account account) {
    if (accounts.size() >= max) {
      throw new IllegalStateException("the demo's in-memory directory is full");
    }
    return accounts.putIfAbsent(account.username().toLowerCase(Locale.ROOT), account) == null;
  }

  @Override
  public void updateHash(String username, String newHash) {
    accounts.computeIfPresent(
        username.toLowerCase(Locale.ROOT),
        (k, a) -> new Account(a.username(), a.email(), newHash, a.roles()));
  }

  @Override
  public void ping() {}
}
