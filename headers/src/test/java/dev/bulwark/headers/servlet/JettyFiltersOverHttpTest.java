package dev.bulwark.headers.servlet;

import dev.bulwark.testing.JettyContainer;
import dev.bulwark.testing.ServletContainer;

/** The filters in Jetty 12 (ee10). */
class JettyFiltersOverHttpTest extends AbstractFiltersOverHttpTest {
  @Override
  ServletContainer newServer() {
    return new JettyContainer();
  }
}
