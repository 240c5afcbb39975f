package dev.bulwark.ratelimit;

import dev.bulwark.web.ConfigurationException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The rules of a {@link RateLimiter}, in order: the first rule that matches a request decides it
 * (put specific rules, such as {@code /login}, before general ones, such as {@code /**}).
 *
 * <p>Immutable and thread-safe.
 *
 * <pre>{@code
 * RateLimitPolicy policy = RateLimitPolicy.builder()
 *     .rule(RateLimitRule.builder("login").paths("/api/auth/login").methods("POST")
 *         .limit(Limit.of("login", 5, Duration.ofMinutes(1))).countOnlyStatuses("401").build())
 *     .rule(RateLimitRule.builder("api").paths("/api/**")
 *         .limit(Limit.of("burst", 20, Duration.ofSeconds(1)))
 *         .limit(Limit.of("hourly", 1000, Duration.ofHours(1))).build())
 *     .build();
 * }</pre>
 */
public final class RateLimitPolicy {

  private final List<RateLimitRule> rules;

  private RateLimitPolicy(List<RateLimitRule> rules) {
    this.rules = List.copyOf(rules);
  }

  /**
   * A new builder.
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * A policy of one rule.
   *
   * @param rule the rule
   * @return the policy
   */
  public static RateLimitPolicy of(RateLimitRule rule) {
    return builder().rule(rule).build();
  }

  /**
   * The rules, in evaluation order.
   *
   * @return an immutable, non-empty list
   */
  public List<RateLimitRule> rules() {
    return rules;
  }

  /**
   * The misconfigurations this policy shows; a {@link RateLimiter} reports them once when built.
   *
   * @return the warnings, possibly empty
   */
  public Set<RateLimitWarning> warnings() {
    Set<RateLimitWarning> out = EnumSet.noneOf(RateLimitWarning.class);
    for (int i = 0; i < rules.size(); i++) {
      RateLimitRule r = rules.get(i);
      for (Limit l : r.limits()) {
        if (r.cost() > l.capacity()) {
          out.add(RateLimitWarning.COST_EXCEEDS_CAPACITY);
        }
        if (l.period().toNanos() / l.capacity() < 1_000_000L) {
          out.add(RateLimitWarning.REFILL_FINER_THAN_CLOCK_RESOLUTION);
        }
      }
      if (i < rules.size() - 1 && r.coversEverything()) {
        out.add(RateLimitWarning.RULE_UNREACHABLE);
      }
    }
    return out;
  }

  /** The rules in evaluation order, each with every effective setting. */
  @Override
  public String toString() {
    return "RateLimitPolicy" + rules;
  }

  /**
   * Builder for {@link RateLimitPolicy}. Rules accumulate, in order; every failure is a {@link
   * ConfigurationException}. Not thread-safe.
   */
  public static final class Builder {
    private final List<RateLimitRule> rules = new ArrayList<>();
    private final Set<String> names = new HashSet<>();

    private Builder() {}

    /**
     * Appends a rule; names must differ.
     *
     * @param rule the rule
     * @return this builder
     * @throws ConfigurationException when a rule of that name was added before
     */
    public Builder rule(RateLimitRule rule) {
      Objects.requireNonNull(rule, "rule");
      if (!names.add(rule.name())) {
        throw new ConfigurationException(
            "RateLimitPolicy.Builder: two rules are named '"
                + rule.name()
                + "': rename one (the name separates their budgets)");
      }
      rules.add(rule);
      return this;
    }

    /**
     * Appends rules.
     *
     * @param rules the rules
     * @return this builder
     * @throws ConfigurationException when two rules share a name
     */
    public Builder rules(Collection<RateLimitRule> rules) {
      for (RateLimitRule r : rules) {
        rule(r);
      }
      return this;
    }

    /**
     * Builds the policy.
     *
     * @return the immutable policy
     * @throws ConfigurationException when there is no rule: a limiter that limits nothing is a
     *     misconfiguration, not a default
     */
    public RateLimitPolicy build() {
      if (rules.isEmpty()) {
        throw new ConfigurationException(
            "a rate-limit policy needs at least one rule, such as"
                + " RateLimitRule.builder(\"api\").limit(Limit.of(\"burst\", 20,"
                + " Duration.ofSeconds(1))).build()");
      }
      return new RateLimitPolicy(rules);
    }
  }
}
