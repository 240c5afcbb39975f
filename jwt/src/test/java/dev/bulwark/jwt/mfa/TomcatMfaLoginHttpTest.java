package dev.bulwark.jwt.mfa;

import dev.bulwark.testing.ServletContainer;
import dev.bulwark.testing.TomcatContainer;

/** Two-step sign-in and step-up in embedded Tomcat 10.1. */
class TomcatMfaLoginHttpTest extends MfaLoginHttpContract {
  @Override
  protected ServletContainer newContainer() throws Exception {
    return new TomcatContainer();
  }
}
