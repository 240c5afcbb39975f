package dev.bulwark.mfa;

/** The store contract for {@link InMemoryMfaStore}; two "instances" share one map here. */
class InMemoryMfaStoreContractTest extends MfaStoreContract {

  private final InMemoryMfaStore shared = new InMemoryMfaStore();

  @Override
  protected MfaStore newStore() {
    return shared;
  }
}
