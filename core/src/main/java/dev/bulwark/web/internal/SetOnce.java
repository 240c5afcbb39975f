package dev.bulwark.web.internal;

import dev.bulwark.web.ConfigurationException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Every builder's one rule: a setting that holds one value may be set once, so that two conflicting
 * configurations (a default in code overridden by a second call, a web.xml value and a code value)
 * fail at once instead of the last call silently winning. A second call fails with a {@link
 * ConfigurationException} that names the builder, the setting and its earlier value (or
 * "(secret)"). Settings that add to a list (an origin, a rule) are not tracked here.
 *
 * <p>Not part of Bulwark's API: used by its builders. Not thread-safe, like the builders.
 */
public final class SetOnce {

  private final String builder;
  private final Map<String, String> set = new LinkedHashMap<>();

  /**
   * Tracks the settings of one builder.
   *
   * @param builder the builder's name for messages, such as {@code CorsPolicy.Builder}
   */
  public SetOnce(String builder) {
    this.builder = Objects.requireNonNull(builder, "builder");
  }

  /**
   * Records a setting, or fails when it was set before.
   *
   * @param setting the setter's name, such as {@code maxAge}
   * @param value its value, shown in the message of a second call
   * @throws ConfigurationException when the setting was set before
   */
  public void set(String setting, Object value) {
    record(setting, String.valueOf(value));
  }

  /**
   * Records a setting whose value must never appear in a message.
   *
   * @param setting the setter's name
   * @throws ConfigurationException when the setting was set before
   */
  public void setSecret(String setting) {
    record(setting, "(secret)");
  }

  private void record(String setting, String shown) {
    String earlier = set.putIfAbsent(Objects.requireNonNull(setting, "setting"), shown);
    if (earlier != null) {
      throw new ConfigurationException(
          builder
              + ": "
              + setting
              + " was already set (to "
              + earlier
              + "); each setting may be given once");
    }
  }

  /**
   * Whether a setting was given.
   *
   * @param setting the setter's name
   * @return true once {@link #set} or {@link #setSecret} recorded it
   */
  public boolean isSet(String setting) {
    return set.containsKey(setting);
  }
}
