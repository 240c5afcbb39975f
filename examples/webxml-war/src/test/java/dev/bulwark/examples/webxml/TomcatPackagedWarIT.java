package dev.bulwark.examples.webxml;

import java.nio.file.Path;

/** The packaged {@code .war} (its own WEB-INF/lib and web.xml) on Tomcat 10.1. */
class TomcatPackagedWarIT extends AbstractWebXmlWarTest {
  @Override
  Path webapp() {
    return PackagedWar.path();
  }

  @Override
  Deployment deploy(Path webapp) throws Exception {
    return TomcatDeployment.deploy(webapp);
  }
}
