package dev.bulwark.jwt.ratelimit;

import dev.bulwark.event.SecurityEventPublisher;
import dev.bulwark.ratelimit.BruteForceGuard;
import dev.bulwark.ratelimit.BruteForcePolicy;
import dev.bulwark.testing.ServletContainer;
import dev.bulwark.testing.TomcatContainer;

/** Device trust on one instance in embedded Tomcat 10.1. */
class TomcatDeviceTrustLoginTest extends DeviceTrustLoginContract {
  @Override
  protected ServletContainer newContainer() throws Exception {
    return new TomcatContainer();
  }

  @Override
  protected BruteForceGuard newGuard(BruteForcePolicy policy, SecurityEventPublisher events) {
    return BruteForceGuard.create(policy, events);
  }

  @Override
  protected int instances() {
    return 1;
  }
}
