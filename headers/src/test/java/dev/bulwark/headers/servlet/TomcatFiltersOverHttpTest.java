package dev.bulwark.headers.servlet;

import dev.bulwark.headers.testing.TestServer;
import dev.bulwark.headers.testing.TomcatServer;

/** The filters in Tomcat 10.1. */
class TomcatFiltersOverHttpTest extends AbstractFiltersOverHttpTest {
  @Override
  TestServer newServer() throws Exception {
    return new TomcatServer();
  }
}
