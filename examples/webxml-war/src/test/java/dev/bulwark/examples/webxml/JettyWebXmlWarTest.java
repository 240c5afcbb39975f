package dev.bulwark.examples.webxml;

import java.nio.file.Path;

/** The WAR's web.xml on Jetty 12 (ee10). */
class JettyWebXmlWarTest extends AbstractWebXmlWarTest {
  @Override
  Deployment deploy(Path webapp) throws Exception {
    return JettyDeployment.deploy(webapp);
  }
}
