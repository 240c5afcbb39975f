package dev.bulwark.ratelimit;

class InMemoryRateLimitStoreContractTest extends RateLimitStoreContract {

  @Override
  protected RateLimitStore newStore() {
    return InMemoryRateLimitStore.create();
  }

  @Override
  protected boolean sharesStateBetweenInstances() {
    return false;
  }
}
