package dev.bulwark.ratelimit;

class LocalRateLimitStoreContractTest extends RateLimitStoreContract {

  @Override
  protected RateLimitStore newStore() {
    return LocalRateLimitStore.create();
  }

  @Override
  protected boolean sharesStateBetweenInstances() {
    return false;
  }
}
