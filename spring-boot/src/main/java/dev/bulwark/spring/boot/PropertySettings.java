package dev.bulwark.spring.boot;

import dev.bulwark.web.Settings;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Hands a section of {@link BulwarkProperties} to a control as {@link Settings}: the strings as
 * bound, lists joined with {@code ", "}, nothing parsed here.
 */
final class PropertySettings {

  private PropertySettings() {}

  static void put(Map<String, String> settings, String key, @Nullable String value) {
    if (value != null) {
      settings.put(key, value);
    }
  }

  static void put(Map<String, String> settings, String key, List<String> values) {
    if (!values.isEmpty()) {
      settings.put(key, String.join(", ", values));
    }
  }

  /**
   * The settings of a section, named as the properties are ({@code 'bulwark.cors': setting 'maxAge'
   * …}), so that the failure analyzer can point at the property.
   */
  static Settings of(String section, Map<String, String> values) {
    return Settings.of("bulwark." + section, values);
  }

  /** {@code maxAge} → {@code max-age}: the canonical form Spring uses for a property. */
  static String kebab(String camel) {
    StringBuilder sb = new StringBuilder(camel.length() + 4);
    for (int i = 0; i < camel.length(); i++) {
      char c = camel.charAt(i);
      if (Character.isUpperCase(c)) {
        sb.append('-').append(Character.toLowerCase(c));
      } else {
        sb.append(c);
      }
    }
    return sb.toString().toLowerCase(Locale.ROOT);
  }
}
