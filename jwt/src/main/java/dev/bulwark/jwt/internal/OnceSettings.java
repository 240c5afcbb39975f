package dev.bulwark.jwt.internal;

import java.util.HashSet;
import java.util.Set;

/**
 * The builders' one rule: a setting that holds one value may be set once, so that two conflicting
 * configurations (a default in code overridden by a second call, say) fail at once instead of the
 * last call silently winning. Settings that add to a list (an audience, a role rule) are not
 * tracked here. Not thread-safe, like the builders that use it.
 */
public final class OnceSettings {

  private final String builder;
  private final Set<String> set = new HashSet<>();

  /**
   * Tracks the settings of one builder.
   *
   * @param builder the builder's name for messages, such as {@code AccessTokenVerifier.Builder}
   */
  public OnceSettings(String builder) {
    this.builder = builder;
  }

  /**
   * Records a setting, or fails when it was set before.
   *
   * @param setting the setter's name, such as {@code issuer}
   * @throws IllegalStateException naming the builder and the setting when set twice
   */
  public void once(String setting) {
    if (!set.add(setting)) {
      throw new IllegalStateException(
          builder
              + ": "
              + setting
              + " was already set on this builder; each setting may be given once");
    }
  }
}
