package dev.bulwark.jwt.servlet;

import dev.bulwark.testing.ServletContainer;
import dev.bulwark.testing.TomcatContainer;

/** The HTTP contract in embedded Tomcat 10.1. */
class TomcatJwtHttpTest extends JwtHttpContract {

  @Override
  protected ServletContainer newContainer() throws Exception {
    return new TomcatContainer();
  }
}
