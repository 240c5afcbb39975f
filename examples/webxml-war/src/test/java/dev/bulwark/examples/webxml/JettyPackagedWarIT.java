package dev.bulwark.examples.webxml;

import java.nio.file.Path;

/** The packaged {@code .war} (its own WEB-INF/lib and web.xml) on Jetty 12 (ee10). */
class JettyPackagedWarIT extends AbstractWebXmlWarTest {
  @Override
  Path webapp() {
    return PackagedWar.path();
  }

  @Override
  Deployment deploy(Path webapp) throws Exception {
    return JettyDeployment.deploy(webapp);
  }
}
