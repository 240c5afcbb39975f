package dev.bulwark.ratelimit;

import dev.bulwark.testing.MutableClock;

class LocalBruteForceStoreContractTest extends BruteForceStoreContract {

  @Override
  protected BruteForceStore newStore(MutableClock clock) {
    return new LocalBruteForceStore(100_000, clock);
  }

  @Override
  protected boolean sharesStateBetweenInstances() {
    return false;
  }
}
