package dev.bulwark.jwt.servlet;

import dev.bulwark.jwt.VerifiedAccessToken;
import dev.bulwark.web.ConfigurationException;
import dev.bulwark.web.PathPattern;
import dev.bulwark.web.Settings;
import dev.bulwark.web.internal.SetOnce;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A step-up rule (RFC 9470): requests to a path (and method) need a sign-in with one of a set of
 * second factors, a recent sign-in, or both, read from the access token's {@code amr} and {@code
 * auth_time}. A token that falls short is answered 401 with {@code WWW-Authenticate: Bearer
 * error="insufficient_user_authentication", error_description="…", max_age=…}: the client signs in
 * again (with its second factor) and repeats the request.
 *
 * <pre>{@code
 * StepUpRule rule = StepUpRule.builder("GET", "/api/events")
 *     .requireFactor("otp", "rcv")                      // any one of them in amr
 *     .requireAuthenticationWithin(Duration.ofMinutes(5)) // auth_time at most 5 minutes old
 *     .build();
 * }</pre>
 *
 * <p>Paths and methods match as in {@link RoleRule} (a {@code GET} rule also covers {@code HEAD}).
 *
 * <p>Text form, for {@code web.xml} ({@code stepUpRules}): {@code [METHOD
 * ]pattern=[FACTOR[|FACTOR…]][@MAX_AGE]}, such as {@code GET /api/events=otp|rcv@PT5M} (a factor
 * and a sign-in within 5 minutes), {@code /api/admin/*=otp} (a factor, at any age) or {@code POST
 * /api/transfer=@5m} (a recent sign-in of any kind). Immutable.
 */
public final class StepUpRule {

  /** The longest {@code max_age} a rule may require. */
  public static final Duration MAX_AGE_LIMIT = Duration.ofDays(1);

  private static final Pattern METHOD = Pattern.compile("[A-Z]+|\\*");
  private static final Pattern FACTOR = Pattern.compile("[a-z0-9_-]{1,32}");

  private final String method;
  private final String pattern;
  private final PathPattern path;
  private final Set<String> factors;
  private final @Nullable Duration maxAge;

  private StepUpRule(Builder b) {
    this.method = b.method;
    this.pattern = b.pattern;
    this.path = PathPattern.parse(b.pattern);
    this.factors = Set.copyOf(b.factors);
    this.maxAge = b.maxAge;
  }

  /**
   * Starts a rule.
   *
   * @param method an HTTP method such as {@code GET}, or {@code *} for any
   * @param pattern an exact path, a prefix ending in {@code /*}, or {@code /*}
   * @return a builder
   * @throws ConfigurationException for a malformed method or pattern
   */
  public static Builder builder(String method, String pattern) {
    return new Builder(method, pattern);
  }

  /**
   * Parses the text form {@code [METHOD ]pattern=[FACTOR[|FACTOR…]][@MAX_AGE]}.
   *
   * @param text the rule
   * @return the rule
   * @throws ConfigurationException when the text is malformed
   */
  public static StepUpRule parse(String text) {
    String t = text.trim();
    int eq = t.lastIndexOf('=');
    if (eq < 0) {
      throw new ConfigurationException(
          "step-up rule '" + t + "' has no '='; write it as GET /api/events=otp|rcv@PT5M");
    }
    String left = t.substring(0, eq).trim();
    String right = t.substring(eq + 1).trim();
    int sp = left.indexOf(' ');
    String method = sp < 0 ? "*" : left.substring(0, sp).trim().toUpperCase(Locale.ROOT);
    String pattern = sp < 0 ? left : left.substring(sp + 1).trim();
    Builder b = builder(method, pattern);
    int at = right.indexOf('@');
    String factors = at < 0 ? right : right.substring(0, at).trim();
    if (!factors.isEmpty()) {
      b.requireFactor(factors.split("\\|", -1));
    }
    if (at >= 0) {
      Duration age;
      try {
        age = Settings.duration(right.substring(at + 1).trim());
      } catch (IllegalArgumentException e) {
        throw new ConfigurationException(
            "step-up rule for '"
                + pattern
                + "': the maximum age after @ must be a duration such as PT5M or 5m");
      }
      b.requireAuthenticationWithin(age);
    }
    return b.build();
  }

  /**
   * Parses rules separated by {@code ;} or new lines.
   *
   * @param text the rules
   * @return the rules in order
   * @throws ConfigurationException when one is malformed
   */
  public static List<StepUpRule> parseAll(String text) {
    return Arrays.stream(text.split("[;\\n]"))
        .map(String::trim)
        .filter(s -> !s.isEmpty())
        .map(StepUpRule::parse)
        .toList();
  }

  /**
   * Whether this rule applies to a request.
   *
   * @param requestMethod the request method
   * @param requestPath the path inside the application
   * @return true when method and pattern match
   */
  public boolean matches(String requestMethod, String requestPath) {
    if (!method.equals("*")
        && !method.equals(requestMethod)
        && !(method.equals("GET") && requestMethod.equals("HEAD"))) {
      return false;
    }
    return path.matches(requestPath);
  }

  /**
   * Whether a token's sign-in satisfies this rule: one of the factors is in its {@code amr} (when
   * factors are required) and its {@code auth_time} is at most {@link #maxAge()} before {@code now}
   * (when an age is required; a token without {@code auth_time} falls short).
   *
   * @param token the verified token
   * @param now the current time
   * @return true when satisfied
   */
  public boolean isSatisfiedBy(VerifiedAccessToken token, Instant now) {
    boolean factorOk = factors.isEmpty();
    for (String m : token.authenticationMethods()) {
      factorOk |= factors.contains(m);
    }
    if (!factorOk) {
      return false;
    }
    if (maxAge == null) {
      return true;
    }
    Optional<Instant> authTime = token.authTime();
    return authTime.isPresent() && !now.isAfter(authTime.get().plus(maxAge));
  }

  /**
   * The factors, any one of which satisfies the rule; empty when any sign-in does.
   *
   * @return the {@code amr} values
   */
  public Set<String> factors() {
    return factors;
  }

  /**
   * The longest time since the sign-in, sent as {@code max_age}.
   *
   * @return the maximum age, or empty when any age will do
   */
  public Optional<Duration> maxAge() {
    return Optional.ofNullable(maxAge);
  }

  /**
   * The method, or {@code *}.
   *
   * @return the method
   */
  public String method() {
    return method;
  }

  /**
   * The path pattern.
   *
   * @return the pattern
   */
  public String pattern() {
    return pattern;
  }

  /**
   * What the user must do, for {@code error_description} and the problem body: printable ASCII, no
   * quotes.
   *
   * @return a sentence
   */
  String description() {
    StringBuilder sb = new StringBuilder("This request needs ");
    if (!factors.isEmpty()) {
      sb.append("a sign-in with a second factor (")
          .append(String.join(" or ", factors.stream().sorted().toList()))
          .append(')');
    }
    if (maxAge != null) {
      sb.append(factors.isEmpty() ? "a sign-in" : ",")
          .append(" within the last ")
          .append(maxAge.getSeconds())
          .append(" seconds");
    }
    return sb.append("; sign in again and repeat it.").toString();
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof StepUpRule r
        && r.method.equals(method)
        && r.pattern.equals(pattern)
        && r.factors.equals(factors)
        && Objects.equals(r.maxAge, maxAge);
  }

  @Override
  public int hashCode() {
    return Objects.hash(method, pattern, factors, maxAge);
  }

  /** The text form, such as {@code GET /api/events=otp|rcv@PT5M}. */
  @Override
  public String toString() {
    return method
        + " "
        + pattern
        + "="
        + String.join("|", factors.stream().sorted().toList())
        + (maxAge == null ? "" : "@" + maxAge);
  }

  /**
   * Builder for {@link StepUpRule}. Not thread-safe. Each setter checks its argument at once and
   * may be called once; {@link #build()} needs at least one requirement.
   */
  public static final class Builder {
    private final SetOnce settings = new SetOnce("StepUpRule.Builder");
    private final String method;
    private final String pattern;
    private Set<String> factors = Set.of();
    private @Nullable Duration maxAge;

    private Builder(String method, String pattern) {
      Objects.requireNonNull(method, "method");
      Objects.requireNonNull(pattern, "pattern");
      if (!METHOD.matcher(method).matches()) {
        throw new ConfigurationException(
            "step-up rule method '" + method + "' must be an upper-case HTTP method or *");
      }
      if (!pattern.startsWith("/")
          || pattern.indexOf('*') >= 0 && !pattern.endsWith("/*")
          || pattern.indexOf('*') != pattern.lastIndexOf('*')) {
        throw new ConfigurationException(
            "step-up rule pattern '"
                + pattern
                + "' must be an exact path (/api/events) or a prefix ending in /* (/api/admin/*)");
      }
      this.method = method;
      this.pattern = pattern;
    }

    /**
     * Requires one of these factors in the token's {@code amr}, such as {@code otp} (a TOTP code)
     * or {@code rcv} (a recovery code).
     *
     * @param anyOf the {@code amr} values, at least one, each 1 to 32 of {@code a-z 0-9 _ -}; not
     *     {@code pwd}, which every sign-in has
     * @return this builder
     * @throws ConfigurationException for none, a malformed or {@code pwd} value, or when given
     *     twice
     */
    public Builder requireFactor(String... anyOf) {
      if (anyOf.length == 0) {
        throw new ConfigurationException("step-up rule for '" + pattern + "' names no factor");
      }
      Set<String> set = new LinkedHashSet<>();
      for (String f : anyOf) {
        if (f == null || !FACTOR.matcher(f.trim()).matches()) {
          throw new ConfigurationException(
              "step-up rule for '"
                  + pattern
                  + "': factor '"
                  + f
                  + "' must be an amr value such as otp or rcv (a-z 0-9 _ -)");
        }
        if (f.trim().equals("pwd")) {
          throw new ConfigurationException(
              "step-up rule for '"
                  + pattern
                  + "': pwd is every sign-in's first factor; require a second one such as otp");
        }
        set.add(f.trim());
      }
      settings.set("requireFactor", set);
      this.factors = set;
      return this;
    }

    /**
     * Requires the sign-in ({@code auth_time}) to be at most this old.
     *
     * @param maxAge whole seconds, 1 second to 1 day
     * @return this builder
     * @throws ConfigurationException when out of range or given twice
     */
    public Builder requireAuthenticationWithin(Duration maxAge) {
      Objects.requireNonNull(maxAge, "maxAge");
      if (maxAge.compareTo(Duration.ofSeconds(1)) < 0
          || maxAge.compareTo(MAX_AGE_LIMIT) > 0
          || maxAge.getNano() != 0) {
        throw new ConfigurationException(
            "step-up rule for '"
                + pattern
                + "': requireAuthenticationWithin must be whole seconds from 1s to 1 day (was "
                + maxAge
                + ")");
      }
      settings.set("requireAuthenticationWithin", maxAge);
      this.maxAge = maxAge;
      return this;
    }

    /**
     * Builds the rule.
     *
     * @return the rule
     * @throws ConfigurationException when it requires nothing
     */
    public StepUpRule build() {
      if (factors.isEmpty() && maxAge == null) {
        throw new ConfigurationException(
            "step-up rule for '"
                + pattern
                + "' requires nothing; add requireFactor(\"otp\") and/or"
                + " requireAuthenticationWithin(Duration.ofMinutes(5))");
      }
      return new StepUpRule(this);
    }
  }
}
