package dev.bulwark.ratelimit;

import org.jspecify.annotations.Nullable;

/**
 * A built-in {@link KeyFunction} that says what it keys on, in the settings vocabulary ({@code
 * principal}, {@code header:X-API-Key}), so that a rule's description names its key.
 */
final class NamedKeyFunction implements KeyFunction {

  private final String description;
  private final KeyFunction function;

  NamedKeyFunction(String description, KeyFunction function) {
    this.description = description;
    this.function = function;
  }

  @Override
  public @Nullable String key(RateLimitRequest request) {
    return function.key(request);
  }

  @Override
  public String toString() {
    return description;
  }
}
