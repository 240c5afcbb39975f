package dev.bulwark.ratelimit.servlet;

import dev.bulwark.testing.JettyContainer;
import dev.bulwark.testing.ServletContainer;

class JettyRateLimitFilterTest extends AbstractRateLimitFilterTest {
  @Override
  ServletContainer newContainer() throws Exception {
    return new JettyContainer();
  }
}
