package dev.bulwark.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.spring.boot.testapp.StarterApp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * A bad {@code bulwark.*} setting stops a real application's start-up, and the failure analysis
 * Spring Boot prints names the property and the fix (never a stack-trace wall alone).
 */
@ExtendWith(OutputCaptureExtension.class)
class StartupFailureTest {

  private static void start(String... properties) {
    new SpringApplicationBuilder(StarterApp.class)
        .properties("server.port=0", "spring.main.banner-mode=off")
        .properties(properties)
        .run()
        .close();
  }

  @Test
  void aMisspeltKey_stopsStartUp_andTheAnalysisSuggestsTheRightOne(CapturedOutput out) {
    assertThatThrownBy(() -> start("bulwark.jwt.isuer=https://auth.example.com"))
        .isInstanceOf(Exception.class);
    assertThat(out.getAll())
        .contains("APPLICATION FAILED TO START")
        .contains("Unknown Bulwark property 'bulwark.jwt.isuer'")
        .contains("Did you mean 'bulwark.jwt.issuer'?");
  }

  @Test
  void anUnknownKey_stopsStartUp_namingIt(CapturedOutput out) {
    assertThatThrownBy(() -> start("bulwark.firewall.mode=strict")).isInstanceOf(Exception.class);
    assertThat(out.getAll())
        .contains("APPLICATION FAILED TO START")
        .contains("Unknown Bulwark property 'bulwark.firewall.mode'");
  }

  @Test
  void aBadDuration_stopsStartUp_withTheControlsMessage_andThePropertyToChange(CapturedOutput out) {
    assertThatThrownBy(
            () ->
                start(
                    "bulwark.cors.allowed-origins=https://a.example",
                    "bulwark.cors.max-age=forever"))
        .isInstanceOf(Exception.class);
    assertThat(out.getAll())
        .contains("APPLICATION FAILED TO START")
        .contains("'bulwark.cors': setting 'maxAge' has an invalid value 'forever'")
        .contains("Change the property bulwark.cors.max-age");
  }
}
