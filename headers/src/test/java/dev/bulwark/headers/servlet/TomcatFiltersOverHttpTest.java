package dev.bulwark.headers.servlet;

import dev.bulwark.testing.ServletContainer;
import dev.bulwark.testing.TomcatContainer;

/** The filters in Tomcat 10.1. */
class TomcatFiltersOverHttpTest extends AbstractFiltersOverHttpTest {
  @Override
  ServletContainer newServer() throws Exception {
    return new TomcatContainer();
  }
}
