package dev.bulwark.jwt.mfa;

import dev.bulwark.testing.JettyContainer;
import dev.bulwark.testing.ServletContainer;

/** Two-step sign-in and step-up in embedded Jetty 12. */
class JettyMfaLoginHttpTest extends MfaLoginHttpContract {
  @Override
  protected ServletContainer newContainer() {
    return new JettyContainer();
  }
}
