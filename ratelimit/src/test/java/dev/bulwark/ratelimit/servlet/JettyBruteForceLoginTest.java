package dev.bulwark.ratelimit.servlet;

class JettyBruteForceLoginTest extends AbstractBruteForceLoginTest {
  @Override
  Container newContainer() {
    return new JettyContainer();
  }
}
