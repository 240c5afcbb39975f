package dev.bulwark.examples.webxml;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

/** The {@code .war} that {@code package} built, named by failsafe's system property. */
final class PackagedWar {

  private PackagedWar() {}

  static Path path() {
    String war = System.getProperty("bulwark.war");
    assertThat(war).as("system property bulwark.war (set by failsafe)").isNotBlank();
    Path p = Path.of(war);
    assertThat(p).isRegularFile();
    return p;
  }
}
