package dev.bulwark.web;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** A test {@link HeaderSource}: case-insensitive names, several lines per name. */
final class Headers implements HeaderSource {
  private final Map<String, List<String>> lines = new LinkedHashMap<>();

  static Headers of(String... nameValue) {
    Headers h = new Headers();
    for (int i = 0; i < nameValue.length; i += 2) {
      h.add(nameValue[i], nameValue[i + 1]);
    }
    return h;
  }

  Headers add(String name, String value) {
    lines.computeIfAbsent(name.toLowerCase(Locale.ROOT), k -> new ArrayList<>()).add(value);
    return this;
  }

  @Override
  public List<String> values(String name) {
    return lines.getOrDefault(name.toLowerCase(Locale.ROOT), List.of());
  }
}
