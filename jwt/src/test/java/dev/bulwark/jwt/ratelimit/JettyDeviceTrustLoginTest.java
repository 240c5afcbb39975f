package dev.bulwark.jwt.ratelimit;

import dev.bulwark.event.SecurityEventPublisher;
import dev.bulwark.ratelimit.BruteForceGuard;
import dev.bulwark.ratelimit.BruteForcePolicy;
import dev.bulwark.testing.JettyContainer;
import dev.bulwark.testing.ServletContainer;

/** Device trust on one instance in embedded Jetty 12. */
class JettyDeviceTrustLoginTest extends DeviceTrustLoginContract {
  @Override
  protected ServletContainer newContainer() {
    return new JettyContainer();
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
