package dev.bulwark.examples.webxml;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The misspelt deployment proves something only while it differs from the real one by one name. */
class MisspeltDescriptorTest {

  @Test
  void theMisspeltWebXmlDiffersFromTheRealOneInExactlyOneInitParamName() throws Exception {
    List<String> real = Files.readAllLines(AbstractWebXmlWarTest.WEBAPP.resolve("WEB-INF/web.xml"));
    List<String> misspelt =
        Files.readAllLines(
            Path.of(
                URI.create(getClass().getResource("/misspelt-webapp/WEB-INF/web.xml").toString())));

    assertThat(misspelt).hasSameSizeAs(real);
    List<String> differences = new ArrayList<>();
    for (int i = 0; i < real.size(); i++) {
      if (!real.get(i).equals(misspelt.get(i))) {
        differences.add(real.get(i).trim() + " -> " + misspelt.get(i).trim());
      }
    }
    assertThat(differences)
        .containsExactly(
            "<param-name>allowedOrigins</param-name> -> <param-name>allowedOrigin</param-name>");
  }
}
