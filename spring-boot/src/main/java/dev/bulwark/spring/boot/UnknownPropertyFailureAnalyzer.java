package dev.bulwark.spring.boot;

import dev.bulwark.web.Suggestions;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.bind.UnboundConfigurationPropertiesException;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.origin.Origin;
import org.springframework.core.Ordered;

/**
 * An unknown {@code bulwark.*} property stops start-up ({@link BulwarkProperties} binds with {@code
 * ignoreUnknownFields = false}); this names it, where it was set, and the nearest known property:
 * {@code Unknown Bulwark property 'bulwark.jwt.isuer' … Did you mean 'bulwark.jwt.issuer'?}.
 */
final class UnknownPropertyFailureAnalyzer
    extends AbstractFailureAnalyzer<UnboundConfigurationPropertiesException> implements Ordered {

  UnknownPropertyFailureAnalyzer() {}

  /** Before Spring Boot's own analyzers, whichever jar the class path lists first. */
  @Override
  public int getOrder() {
    return Ordered.HIGHEST_PRECEDENCE;
  }

  @Override
  protected @Nullable FailureAnalysis analyze(
      Throwable rootFailure, UnboundConfigurationPropertiesException cause) {
    List<String> unknown = new ArrayList<>();
    StringBuilder description = new StringBuilder();
    Set<String> known = knownProperties();
    for (ConfigurationProperty property : cause.getUnboundProperties()) {
      String name = property.getName().toString();
      if (!name.startsWith("bulwark.")) {
        return null; // not ours: Spring Boot's own analyzer reports it
      }
      unknown.add(name);
      description.append("Unknown Bulwark property '").append(name).append('\'');
      Origin origin = property.getOrigin();
      if (origin != null) {
        description.append(" (").append(origin).append(')');
      }
      String nearest = Suggestions.nearest(name, known);
      if (nearest != null) {
        description.append(". Did you mean '").append(nearest).append("'?");
      }
      description.append('\n');
    }
    description.append(
        "A security setting that is silently ignored is what Bulwark exists to prevent, so start-up"
            + " stops instead.");
    return new FailureAnalysis(
        description.toString(),
        "Correct or remove "
            + String.join(", ", unknown)
            + ". The known properties are listed with descriptions in the starter's"
            + " META-INF/spring-configuration-metadata.json (your IDE completes them).",
        cause);
  }

  /** Every {@code bulwark.*} property, in its canonical kebab form. */
  static Set<String> knownProperties() {
    Set<String> names = new TreeSet<>();
    names.add("bulwark.enabled");
    for (Field section : BulwarkProperties.class.getDeclaredFields()) {
      if (Modifier.isStatic(section.getModifiers()) || section.getType().isPrimitive()) {
        continue;
      }
      String prefix = "bulwark." + PropertySettings.kebab(section.getName()) + ".";
      names.add(prefix + "enabled"); // BulwarkProperties.Section's
      for (Field f : section.getType().getDeclaredFields()) {
        if (!Modifier.isStatic(f.getModifiers())) {
          names.add(prefix + PropertySettings.kebab(f.getName()));
        }
      }
    }
    return names;
  }
}
