package dev.bulwark.ratelimit.servlet;

class JettyRateLimitFilterTest extends AbstractRateLimitFilterTest {
  @Override
  Container newContainer() {
    return new JettyContainer();
  }
}
