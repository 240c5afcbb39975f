package dev.bulwark.web;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Binds string parameters (a filter's {@code web.xml} init-params, environment settings) to a
 * control's builder, failing fast on anything it does not understand.
 *
 * <p>Each known parameter is declared with its accepted form and a setter that feeds the builder.
 * {@link #bind(Map)} then calls the setter of every parameter present. It throws {@link
 * ConfigurationException} when:
 *
 * <ul>
 *   <li>a parameter is unknown; the message proposes the nearest known name ("did you mean {@code
 *       allowedOrigins}?") and lists them all;
 *   <li>a value does not parse or the builder refuses it; the message names the parameter, quotes
 *       the value (unless declared {@linkplain #secretParam secret}), gives the accepted form and
 *       the builder's reason.
 * </ul>
 *
 * <p>A value may name settings that differ per environment: {@code ${NAME}} is replaced by the
 * system property {@code NAME}, or else the environment variable {@code NAME}, and {@code
 * ${NAME:-fallback}} uses {@code fallback} when neither is set. A placeholder without a value and
 * without a fallback stops start-up with a message naming it, so {@code
 * <param-value>${BULWARK_JWT_KEYS_FILE}</param-value>} in a WAR's {@code web.xml} is filled from
 * the deployment's environment rather than baked into the WAR.
 *
 * <p>This is Tomcat's security-filter behaviour, not Spring's (which ignores unknown parameters): a
 * typo in a security setting must stop start-up rather than silently run with the default.
 *
 * <pre>{@code
 * CorsPolicy.Builder b = CorsPolicy.builder();
 * InitParamBinder.forComponent("CorsFilter")
 *     .param("allowedOrigins", "comma-separated origins such as https://app.example.com",
 *         v -> b.allowedOrigins(InitParamBinder.list(v)))
 *     .param("maxAge", "a duration such as 600s or PT10M",
 *         v -> b.maxAge(InitParamBinder.duration(v)))
 *     .bind(initParams);
 * }</pre>
 */
public final class InitParamBinder {

  private record Param(String accepted, Consumer<String> setter, boolean secret) {}

  private static final Pattern PLACEHOLDER =
      Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_.-]*)(?::-([^}]*))?}");

  private final String prefix;
  private final String noun;
  private final Map<String, Param> params = new LinkedHashMap<>();

  private InitParamBinder(String prefix, String noun) {
    this.prefix = prefix;
    this.noun = noun;
  }

  /** A binder whose messages start with {@code prefix} and call a parameter a {@code noun}. */
  static InitParamBinder withPrefix(String prefix, String noun) {
    return new InitParamBinder(prefix, noun);
  }

  /**
   * A binder for a named component, used in messages ({@code Filter 'CorsFilter': …}).
   *
   * @param component the filter or component name
   * @return an empty binder
   */
  public static InitParamBinder forComponent(String component) {
    return new InitParamBinder(
        "Filter '" + Objects.requireNonNull(component, "component") + "': ", "init-param");
  }

  /**
   * Declares a parameter.
   *
   * @param name the exact, case-sensitive name
   * @param accepted the accepted form, in words, shown when the value is refused
   * @param setter feeds the value to the builder; may throw {@link IllegalArgumentException} or
   *     {@link IllegalStateException} to refuse it
   * @return this binder
   */
  public InitParamBinder param(String name, String accepted, Consumer<String> setter) {
    return declare(name, accepted, setter, false);
  }

  /**
   * Declares a parameter whose value must never appear in a message (a key, a secret).
   *
   * @param name the exact, case-sensitive name
   * @param accepted the accepted form
   * @param setter feeds the value to the builder
   * @return this binder
   */
  public InitParamBinder secretParam(String name, String accepted, Consumer<String> setter) {
    return declare(name, accepted, setter, true);
  }

  private InitParamBinder declare(
      String name, String accepted, Consumer<String> setter, boolean secret) {
    Objects.requireNonNull(name, "name");
    if (params.put(name, new Param(accepted, Objects.requireNonNull(setter), secret)) != null) {
      throw new IllegalStateException(noun + " '" + name + "' is declared twice");
    }
    return this;
  }

  /**
   * The declared names.
   *
   * @return the names, in declaration order
   */
  public List<String> names() {
    return List.copyOf(params.keySet());
  }

  /**
   * Applies every present parameter, in declaration order.
   *
   * @param values parameter name to raw value
   * @throws ConfigurationException on an unknown parameter or a refused value
   */
  public void bind(Map<String, String> values) {
    bind(
        values,
        name -> {
          String v = System.getProperty(name);
          return v != null ? v : System.getenv(name);
        });
  }

  /**
   * Applies every present parameter, resolving placeholders through the given lookup.
   *
   * @param values parameter name to raw value
   * @param lookup placeholder name to value, or null when unset
   * @throws ConfigurationException on an unknown parameter, an unresolved placeholder or a refused
   *     value
   */
  void bind(Map<String, String> values, UnaryOperator<@Nullable String> lookup) {
    for (String name : values.keySet()) {
      if (!params.containsKey(name)) {
        throw new ConfigurationException(unknownMessage(name));
      }
    }
    for (Map.Entry<String, Param> e : params.entrySet()) {
      String raw = values.get(e.getKey());
      if (raw == null) {
        continue;
      }
      Param p = e.getValue();
      raw = expand(e.getKey(), raw, lookup);
      try {
        p.setter().accept(raw.trim());
      } catch (IllegalArgumentException
          | IllegalStateException
          | ConfigurationException
          | DateTimeParseException
          | ArithmeticException ex) {
        String shown = p.secret() ? "(secret, not shown)" : "'" + printable(raw) + "'";
        throw new ConfigurationException(
            prefix()
                + noun
                + " '"
                + e.getKey()
                + "' has an invalid value "
                + shown
                + ": "
                + (ex.getMessage() == null ? ex.getClass().getSimpleName() : ex.getMessage())
                + ". Accepted: "
                + p.accepted()
                + ".",
            ex);
      }
    }
  }

  private String expand(String param, String raw, UnaryOperator<@Nullable String> lookup) {
    if (raw.indexOf("${") < 0) {
      return raw;
    }
    Matcher m = PLACEHOLDER.matcher(raw);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String value = lookup.apply(m.group(1));
      if (value == null) {
        value = m.group(2);
      }
      if (value == null) {
        throw new ConfigurationException(
            prefix()
                + noun
                + " '"
                + param
                + "' refers to ${"
                + m.group(1)
                + "}, but neither a system property nor an environment variable of that name is"
                + " set. Set "
                + m.group(1)
                + " in the deployment's environment (or -D"
                + m.group(1)
                + "=…), or give a fallback: ${"
                + m.group(1)
                + ":-value}.");
      }
      m.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    m.appendTail(out);
    return out.toString();
  }

  private String unknownMessage(String name) {
    StringBuilder sb = new StringBuilder(prefix());
    sb.append("unknown ").append(noun).append(" '").append(printable(name)).append("'.");
    sb.append(Suggestions.didYouMean(name, params.keySet()));
    sb.append(" Known ")
        .append(noun)
        .append("s: ")
        .append(String.join(", ", params.keySet()))
        .append('.');
    return sb.toString();
  }

  private String prefix() {
    return prefix;
  }

  private static String printable(String s) {
    return dev.bulwark.encoding.LogSafe.forLog(s, 200);
  }

  /**
   * Splits a comma- or whitespace-separated list, dropping empty entries.
   *
   * @param value the raw value
   * @return the entries, trimmed
   */
  public static List<String> list(String value) {
    List<String> out = new ArrayList<>();
    for (String s : value.split("[,\\s]+")) {
      if (!s.isEmpty()) {
        out.add(s);
      }
    }
    return out;
  }

  /**
   * Parses {@code true} or {@code false} (any case); anything else is refused rather than read as
   * false.
   *
   * @param value the raw value
   * @return the boolean
   * @throws IllegalArgumentException for any other text
   */
  public static boolean bool(String value) {
    String v = value.trim().toLowerCase(Locale.ROOT);
    if (v.equals("true")) {
      return true;
    }
    if (v.equals("false")) {
      return false;
    }
    throw new IllegalArgumentException("expected true or false");
  }

  /**
   * Parses a decimal integer.
   *
   * @param value the raw value
   * @return the number
   * @throws IllegalArgumentException when it is not an integer
   */
  public static long integer(String value) {
    try {
      return Long.parseLong(value.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("expected a whole number", e);
    }
  }

  /**
   * Parses a duration: ISO-8601 ({@code PT10M}) or a whole number with one unit: {@code ms}, {@code
   * s}, {@code m}, {@code h}, {@code d} ({@code 600s}, {@code 10m}).
   *
   * @param value the raw value
   * @return the duration
   * @throws IllegalArgumentException when neither form matches
   */
  public static Duration duration(String value) {
    String v = value.trim();
    if (v.startsWith("P") || v.startsWith("p") || v.startsWith("-P")) {
      return Duration.parse(v);
    }
    int i = 0;
    while (i < v.length() && Character.isDigit(v.charAt(i))) {
      i++;
    }
    if (i == 0 || i > 12) {
      throw new IllegalArgumentException("expected a duration such as 30s, 10m, 2h or PT10M");
    }
    long n = Long.parseLong(v.substring(0, i));
    String unit = v.substring(i).toLowerCase(Locale.ROOT);
    return switch (unit) {
      case "ms" -> Duration.ofMillis(n);
      case "s" -> Duration.ofSeconds(n);
      case "m" -> Duration.ofMinutes(n);
      case "h" -> Duration.ofHours(n);
      case "d" -> Duration.ofDays(n);
      default ->
          throw new IllegalArgumentException(
              "unknown duration unit '"
                  + unit
                  + "': use ms, s, m, h or d, or ISO-8601 such as PT10M");
    };
  }

  /**
   * Parses an enum constant by name, case-insensitively, with {@code -} read as {@code _}.
   *
   * @param type the enum class
   * @param value the raw value
   * @param <E> the enum type
   * @return the constant
   * @throws IllegalArgumentException listing the accepted names
   */
  public static <E extends Enum<E>> E enumValue(Class<E> type, String value) {
    String v = value.trim().replace('-', '_').toUpperCase(Locale.ROOT);
    for (E e : type.getEnumConstants()) {
      if (e.name().equals(v)) {
        return e;
      }
    }
    throw new IllegalArgumentException(
        "expected one of " + Arrays.toString(type.getEnumConstants()));
  }
}
