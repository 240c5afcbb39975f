package dev.bulwark.ratelimit.servlet;

class TomcatBruteForceLoginTest extends AbstractBruteForceLoginTest {
  @Override
  Container newContainer() {
    return new TomcatContainer();
  }
}
