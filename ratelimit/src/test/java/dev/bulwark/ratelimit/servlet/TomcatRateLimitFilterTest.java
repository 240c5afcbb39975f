package dev.bulwark.ratelimit.servlet;

import dev.bulwark.testing.ServletContainer;
import dev.bulwark.testing.TomcatContainer;

class TomcatRateLimitFilterTest extends AbstractRateLimitFilterTest {
  @Override
  ServletContainer newContainer() throws Exception {
    return new TomcatContainer();
  }
}
