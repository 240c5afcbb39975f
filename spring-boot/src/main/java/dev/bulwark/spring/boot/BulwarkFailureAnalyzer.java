package dev.bulwark.spring.boot;

import dev.bulwark.web.ConfigurationException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.Ordered;

/**
 * Turns a refused Bulwark setting into one start-up report instead of a stack-trace wall: the
 * control's own message (which names the setting, the value unless it is secret, and the accepted
 * form) and the property to change, {@code bulwark.<section>.<kebab-key>}.
 */
final class BulwarkFailureAnalyzer extends AbstractFailureAnalyzer<ConfigurationException>
    implements Ordered {

  private static final Pattern SOURCE =
      Pattern.compile("^'bulwark\\.([a-z-]+)': setting '([A-Za-z]+)'");

  BulwarkFailureAnalyzer() {}

  /** Before Spring Boot's own analyzers, whichever jar the class path lists first. */
  @Override
  public int getOrder() {
    return Ordered.HIGHEST_PRECEDENCE;
  }

  @Override
  protected FailureAnalysis analyze(Throwable rootFailure, ConfigurationException cause) {
    String message = String.valueOf(cause.getMessage());
    Matcher m = SOURCE.matcher(message);
    String action;
    if (m.find()) {
      String property = "bulwark." + m.group(1) + "." + PropertySettings.kebab(m.group(2));
      action =
          "Change the property "
              + property
              + " (in application.properties or .yml, or the environment variable "
              + property.toUpperCase(java.util.Locale.ROOT).replace('.', '_').replace('-', '_')
              + ") to a value of the accepted form given above, or remove it for the default.";
    } else {
      action =
          "Change the bulwark.* setting named above (the message says the accepted form), or"
              + " remove it for the default.";
    }
    return new FailureAnalysis("Bulwark refused its configuration: " + message, action, cause);
  }
}
