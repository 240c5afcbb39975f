package dev.bulwark.jwt.servlet;

import dev.bulwark.testing.JettyContainer;
import dev.bulwark.testing.ServletContainer;

/** The HTTP contract in embedded Jetty 12 (ee10). */
class JettyJwtHttpTest extends JwtHttpContract {

  @Override
  protected ServletContainer newContainer() {
    return new JettyContainer();
  }
}
