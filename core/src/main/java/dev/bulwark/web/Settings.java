package dev.bulwark.web;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The settings of one control as strings, from any front-end: a filter's {@code web.xml}
 * init-params, {@code bulwark.*} properties, environment variables, a test. Each control's policy
 * parses them itself ({@code XPolicy.fromSettings(Settings)}), so every front-end shares one
 * vocabulary (names and value syntax) and one set of error messages, and none can drift.
 *
 * <pre>{@code
 * CorsPolicy cors = CorsPolicy.fromSettings(Settings.of("bulwark.cors",
 *     Map.of("allowedOrigins", "https://app.example.com", "maxAge", "PT10M")));
 * }</pre>
 *
 * <p>What a policy's {@code fromSettings} does with them, and what it guarantees:
 *
 * <ul>
 *   <li>an unknown key fails with "did you mean" the nearest known one and the list of known keys;
 *   <li>{@code ${NAME}} and {@code ${NAME:-fallback}} in a value resolve from the system property
 *       {@code NAME}, then the environment variable; an unset placeholder without a fallback fails,
 *       naming it;
 *   <li>a bad value fails naming the key, the value (unless the key is a secret) and the accepted
 *       form; a bad combination fails at {@link #build} with the builder's sentence.
 * </ul>
 *
 * <p>Every failure is a {@link ConfigurationException} whose message starts with where the settings
 * came from ({@code Filter 'CorsFilter': init-param 'maxAge' …} or {@code 'bulwark.cors': setting
 * 'maxAge' …}). Immutable; {@link #toString()} lists the keys, never the values (some are secrets).
 */
public final class Settings {

  private final String prefix;
  private final String noun;
  private final String source;
  private final Map<String, String> values;
  private final boolean probe;

  private Settings(String prefix, String noun, String source, Map<String, String> values) {
    this(prefix, noun, source, values, false);
  }

  private Settings(
      String prefix, String noun, String source, Map<String, String> values, boolean probe) {
    this.probe = probe;
    this.prefix = prefix;
    this.noun = noun;
    this.source = source;
    Map<String, String> copy = new LinkedHashMap<>();
    values.forEach(
        (k, v) ->
            copy.put(Objects.requireNonNull(k, "key"), Objects.requireNonNull(v, "value of " + k)));
    this.values = java.util.Collections.unmodifiableMap(copy);
  }

  /**
   * Settings of a named component (a properties prefix, an environment section).
   *
   * @param component where they came from, for messages, such as {@code bulwark.cors}
   * @param values key to raw value
   * @return the settings
   */
  public static Settings of(String component, Map<String, String> values) {
    Objects.requireNonNull(component, "component");
    return new Settings(
        "'" + component + "': ", "setting", component, Objects.requireNonNull(values, "values"));
  }

  /**
   * The init-params of a filter, as {@code web.xml} gives them.
   *
   * @param filterName the filter's name, for messages
   * @param initParams init-param name to value
   * @return the settings
   */
  public static Settings ofFilter(String filterName, Map<String, String> initParams) {
    Objects.requireNonNull(filterName, "filterName");
    return new Settings(
        "Filter '" + filterName + "': ",
        "init-param",
        "Filter '" + filterName + "'",
        Objects.requireNonNull(initParams, "initParams"));
  }

  /**
   * No settings: every control's defaults.
   *
   * @param component where they came from, for messages
   * @return empty settings
   */
  public static Settings empty(String component) {
    return of(component, Map.of());
  }

  /**
   * The raw values.
   *
   * @return key to raw value, unmodifiable, in the given order
   */
  public Map<String, String> values() {
    return values;
  }

  /**
   * Whether there are none.
   *
   * @return true when empty
   */
  public boolean isEmpty() {
    return values.isEmpty();
  }

  /**
   * A binder whose messages name these settings' source; declare every key the control knows, then
   * {@link #apply(InitParamBinder)} it.
   *
   * @return an empty binder
   */
  public InitParamBinder binder() {
    return InitParamBinder.withPrefix(prefix, noun);
  }

  /**
   * Feeds every present value to its declared setter.
   *
   * @param binder the binder from {@link #binder()}, with every known key declared
   * @throws ConfigurationException on an unknown key, an unresolved placeholder or a refused value
   */
  public void apply(InitParamBinder binder) {
    if (probe) {
      throw new KeysProbe(binder.names());
    }
    binder.bind(values);
  }

  /**
   * The keys a control's vocabulary knows, in declaration order, asked of its {@code fromSettings}
   * itself: a front-end that maps its own names onto the vocabulary (relaxed property names,
   * environment variables) or lists it (IDE metadata, a posture report) stays in step with the
   * engine instead of keeping a copy. Nothing is built: the probe stops {@code fromSettings} when
   * it declares its keys.
   *
   * <pre>{@code
   * List<String> keys = Settings.keysOf(CorsPolicy::fromSettings); // [allowedOrigins, ...]
   * }</pre>
   *
   * @param fromSettings a control's {@code fromSettings}, which must {@link #apply} one binder
   * @return the declared keys
   * @throws IllegalArgumentException when {@code fromSettings} never applies a binder
   */
  public static List<String> keysOf(Function<Settings, ?> fromSettings) {
    Objects.requireNonNull(fromSettings, "fromSettings");
    try {
      Object unused =
          fromSettings.apply(new Settings("'probe': ", "setting", "probe", Map.of(), true));
    } catch (KeysProbe p) {
      return p.keys;
    }
    throw new IllegalArgumentException("fromSettings returned without applying a binder");
  }

  /** Carries the declared keys out of a {@code fromSettings} under {@link #keysOf}. */
  private static final class KeysProbe extends RuntimeException {
    private static final long serialVersionUID = 1L;

    @SuppressWarnings("serial") // never serialised: caught in keysOf
    private final List<String> keys;

    KeysProbe(List<String> keys) {
      super(null, null, false, false);
      this.keys = keys;
    }
  }

  /**
   * Runs a builder's {@code build()}, naming this source in its failure.
   *
   * @param build the build step
   * @param <T> the built type
   * @return what it built
   * @throws ConfigurationException when the combination of settings is refused
   */
  public <T> T build(Supplier<T> build) {
    try {
      return build.get();
    } catch (ConfigurationException | IllegalArgumentException | IllegalStateException e) {
      throw new ConfigurationException(prefix + e.getMessage(), e);
    }
  }

  /**
   * A comma- or whitespace-separated list, empty entries dropped.
   *
   * @param value the raw value
   * @return the entries
   */
  public static List<String> list(String value) {
    return InitParamBinder.list(value);
  }

  /**
   * {@code true} or {@code false}, nothing else.
   *
   * @param value the raw value
   * @return the boolean
   * @throws IllegalArgumentException otherwise
   */
  public static boolean bool(String value) {
    return InitParamBinder.bool(value);
  }

  /**
   * A whole number.
   *
   * @param value the raw value
   * @return the number
   * @throws IllegalArgumentException otherwise
   */
  public static long integer(String value) {
    return InitParamBinder.integer(value);
  }

  /**
   * A duration: ISO-8601 ({@code PT10M}) or a whole number with one unit ({@code 600s}, {@code
   * 10m}, {@code 500ms}, {@code 2h}, {@code 7d}).
   *
   * @param value the raw value
   * @return the duration
   * @throws IllegalArgumentException otherwise
   */
  public static Duration duration(String value) {
    return InitParamBinder.duration(value);
  }

  /** Where the settings came from and which keys are set; values are never shown. */
  @Override
  public String toString() {
    return "Settings[" + source + ", keys=" + values.keySet() + "]";
  }
}
