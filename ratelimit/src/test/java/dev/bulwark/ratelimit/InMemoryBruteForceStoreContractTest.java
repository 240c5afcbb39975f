package dev.bulwark.ratelimit;

import dev.bulwark.testing.MutableClock;

class InMemoryBruteForceStoreContractTest extends BruteForceStoreContract {

  @Override
  protected BruteForceStore newStore(MutableClock clock) {
    return new InMemoryBruteForceStore(100_000, clock);
  }

  @Override
  protected boolean sharesStateBetweenInstances() {
    return false;
  }
}
