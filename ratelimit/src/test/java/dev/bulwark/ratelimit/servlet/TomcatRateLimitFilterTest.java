package dev.bulwark.ratelimit.servlet;

class TomcatRateLimitFilterTest extends AbstractRateLimitFilterTest {
  @Override
  Container newContainer() {
    return new TomcatContainer();
  }
}
