package dev.bulwark.headers.servlet;

import dev.bulwark.headers.testing.JettyServer;
import dev.bulwark.headers.testing.TestServer;

/** The filters in Jetty 12 (ee10). */
class JettyFiltersOverHttpTest extends AbstractFiltersOverHttpTest {
  @Override
  TestServer newServer() {
    return new JettyServer();
  }
}
