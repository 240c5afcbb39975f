package dev.bulwark.examples.webxml;

import java.nio.file.Path;

/** The WAR's web.xml on Tomcat 10.1. */
class TomcatWebXmlWarTest extends AbstractWebXmlWarTest {
  @Override
  Deployment deploy(Path webapp) throws Exception {
    return TomcatDeployment.deploy(webapp);
  }
}
