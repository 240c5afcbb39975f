package dev.bulwark.jwt.servlet;

import dev.bulwark.encoding.LogSafe;
import dev.bulwark.event.SecurityEventPublisher;
import dev.bulwark.jwt.AccessTokenVerifier;
import dev.bulwark.jwt.VerifiedAccessToken;
import dev.bulwark.web.ConfigurationException;
import dev.bulwark.web.internal.SetOnce;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How {@link BearerTokenFilter} authenticates and authorises requests. Immutable; each setting is
 * checked by its {@link Builder} setter. From strings ({@code web.xml} init-params, properties):
 * {@link BearerTokenSettings#fromSettings}.
 *
 * <p>Defaults: every request through the filter must carry a valid bearer token; realm {@code
 * bulwark}; no role rules; no step-up rules; events to {@link SecurityEventPublisher#logging()}.
 */
public final class BearerTokenPolicy {

  /** The realm when none is set. */
  public static final String DEFAULT_REALM = "bulwark";

  private final AccessTokenVerifier verifier;
  private final String realm;
  private final boolean allowAnonymous;
  private final List<RoleRule> rules;
  private final List<StepUpRule> stepUpRules;
  private final boolean stepUpOnlyForEnrolledUsers;
  private final SecurityEventPublisher events;
  private final Clock clock;

  private BearerTokenPolicy(Builder b) {
    this.verifier = Objects.requireNonNull(b.verifier);
    this.realm = b.realm;
    this.allowAnonymous = b.allowAnonymous;
    this.rules = List.copyOf(b.rules);
    this.stepUpRules = List.copyOf(b.stepUpRules);
    this.stepUpOnlyForEnrolledUsers = b.stepUpOnlyForEnrolledUsers;
    this.events = b.events;
    this.clock = b.clock;
  }

  /**
   * Starts a builder.
   *
   * @param verifier verifies the tokens
   * @return a builder
   */
  public static Builder builder(AccessTokenVerifier verifier) {
    return new Builder(verifier);
  }

  /**
   * The verifier.
   *
   * @return the verifier
   */
  public AccessTokenVerifier verifier() {
    return verifier;
  }

  /**
   * The realm in {@code WWW-Authenticate}.
   *
   * @return the realm
   */
  public String realm() {
    return realm;
  }

  /**
   * Whether requests without any token pass through unauthenticated.
   *
   * @return true when anonymous requests are allowed
   */
  public boolean allowsAnonymous() {
    return allowAnonymous;
  }

  /**
   * The role rules, first match wins.
   *
   * @return the rules
   */
  public List<RoleRule> rules() {
    return rules;
  }

  /**
   * The step-up rules, first match wins; tried after the role rules.
   *
   * @return the rules
   */
  public List<StepUpRule> stepUpRules() {
    return stepUpRules;
  }

  /**
   * Whether step-up rules pass tokens that say the user has no second factor ({@code mfa_enrolled:
   * false}).
   *
   * @return true when {@link Builder#stepUpOnlyForEnrolledUsers()} was set
   */
  public boolean stepUpOnlyForEnrolledUsers() {
    return stepUpOnlyForEnrolledUsers;
  }

  /**
   * The step-up rule that refuses a request, if any: the first rule matching the method and path,
   * when the token's sign-in does not satisfy it.
   *
   * @param method the request method
   * @param path the path inside the application
   * @param token the verified token
   * @return the unsatisfied rule, or empty when the request may proceed
   */
  public Optional<StepUpRule> unsatisfiedStepUp(
      String method, String path, VerifiedAccessToken token) {
    for (StepUpRule rule : stepUpRules) {
      if (rule.matches(method, path)) {
        if (stepUpOnlyForEnrolledUsers && token.secondFactorEnrolled().equals(Optional.of(false))) {
          return Optional.empty();
        }
        return rule.isSatisfiedBy(token, clock.instant()) ? Optional.empty() : Optional.of(rule);
      }
    }
    return Optional.empty();
  }

  /**
   * Where events go.
   *
   * @return the publisher
   */
  public SecurityEventPublisher events() {
    return events;
  }

  /**
   * Builder for {@link BearerTokenPolicy}. Not thread-safe. Each setter checks its argument at once
   * and may be called once (a second call throws {@link ConfigurationException} naming it and its
   * earlier value), except {@link #rule} and {@link #stepUp}, which add.
   */
  public static final class Builder {
    private final SetOnce settings = new SetOnce("BearerTokenPolicy.Builder");
    private final AccessTokenVerifier verifier;
    private String realm = DEFAULT_REALM;
    private boolean allowAnonymous;
    private final List<RoleRule> rules = new ArrayList<>();
    private final List<StepUpRule> stepUpRules = new ArrayList<>();
    private boolean stepUpOnlyForEnrolledUsers;
    private SecurityEventPublisher events = SecurityEventPublisher.logging();
    private Clock clock = Clock.systemUTC();

    private Builder(AccessTokenVerifier verifier) {
      this.verifier = Objects.requireNonNull(verifier, "verifier");
    }

    /**
     * The realm sent in {@code WWW-Authenticate: Bearer realm="…"}; {@code bulwark} by default.
     *
     * @param realm non-empty printable ASCII without quotes or backslashes
     * @return this builder
     * @throws ConfigurationException when the realm has other characters, or given twice
     */
    public Builder realm(String realm) {
      Objects.requireNonNull(realm, "realm");
      if (realm.isEmpty()
          || !realm.chars().allMatch(c -> c >= 0x20 && c < 0x7f && c != '"' && c != '\\')) {
        throw new ConfigurationException(
            "BearerTokenPolicy: realm must be non-empty printable ASCII without \" or \\ (was '"
                + LogSafe.forLog(realm, 100)
                + "')");
      }
      settings.set("realm", realm);
      this.realm = realm;
      return this;
    }

    /**
     * Relaxation: let requests that carry no token at all through, unauthenticated (role rules
     * still apply and answer 401 for them). A request that carries a bad token is always refused.
     *
     * @return this builder
     * @throws ConfigurationException when given twice
     */
    public Builder allowAnonymous() {
      settings.set("allowAnonymous", true);
      this.allowAnonymous = true;
      return this;
    }

    /**
     * Adds a role rule; rules are tried in the order added and the first match decides.
     *
     * @param rule the rule
     * @return this builder
     */
    public Builder rule(RoleRule rule) {
      rules.add(Objects.requireNonNull(rule, "rule"));
      return this;
    }

    /**
     * Adds a step-up rule (RFC 9470); rules are tried in the order added, after the role rules, and
     * the first whose method and path match decides. A token whose sign-in falls short is answered
     * 401 {@code insufficient_user_authentication} with {@code max_age}.
     *
     * @param rule the rule
     * @return this builder
     */
    public Builder stepUp(StepUpRule rule) {
      stepUpRules.add(Objects.requireNonNull(rule, "rule"));
      return this;
    }

    /**
     * Relaxation: step-up rules pass a token that says its user has no second factor (the claim
     * {@code mfa_enrolled: false}, written by a {@link dev.bulwark.jwt.TokenService} that has a
     * {@link dev.bulwark.jwt.SecondFactor}), so users who never enrolled keep their access. A token
     * without the claim is still held to the rules. Off by default: a step-up rule applies to
     * everyone.
     *
     * @return this builder
     * @throws ConfigurationException when given twice
     */
    public Builder stepUpOnlyForEnrolledUsers() {
      settings.set("stepUpOnlyForEnrolledUsers", true);
      this.stepUpOnlyForEnrolledUsers = true;
      return this;
    }

    /**
     * The clock that step-up rules measure {@code auth_time} against; the system UTC clock by
     * default.
     *
     * @param clock the clock
     * @return this builder
     * @throws ConfigurationException when given twice
     */
    public Builder clock(Clock clock) {
      Objects.requireNonNull(clock, "clock");
      settings.set("clock", clock);
      this.clock = clock;
      return this;
    }

    /**
     * Where events go.
     *
     * @param events the publisher
     * @return this builder
     * @throws ConfigurationException when given twice
     */
    public Builder events(SecurityEventPublisher events) {
      Objects.requireNonNull(events, "events");
      settings.set("events", events);
      this.events = events;
      return this;
    }

    /**
     * Builds; every setting was checked by its setter.
     *
     * @return the policy
     * @throws ConfigurationException when {@link #stepUpOnlyForEnrolledUsers()} is set without any
     *     step-up rule
     */
    public BearerTokenPolicy build() {
      if (stepUpOnlyForEnrolledUsers && stepUpRules.isEmpty()) {
        throw new ConfigurationException(
            "BearerTokenPolicy: stepUpOnlyForEnrolledUsers is set but there is no step-up rule;"
                + " add stepUp(StepUpRule.builder(\"GET\", \"/api/events\").requireFactor(\"otp\")"
                + ".build()) or drop it");
      }
      return new BearerTokenPolicy(this);
    }
  }

  /**
   * Lists every effective setting: the verifier's (keys by id only), the realm, the relaxations
   * ({@code allowAnonymous}, {@code stepUpOnlyForEnrolledUsers}), the role rules and step-up rules
   * in order and where events go; for the start-up log.
   */
  @Override
  public String toString() {
    return "BearerTokenPolicy[verifier="
        + verifier
        + ", realm="
        + realm
        + ", relaxations="
        + relaxations()
        + ", roleRules="
        + rules
        + ", stepUpRules="
        + stepUpRules
        + ", events="
        + (events == SecurityEventPublisher.logging() ? "logging" : "custom publisher")
        + "]";
  }

  private String relaxations() {
    List<String> r = new ArrayList<>();
    if (allowAnonymous) {
      r.add("allowAnonymous");
    }
    if (stepUpOnlyForEnrolledUsers) {
      r.add("stepUpOnlyForEnrolledUsers");
    }
    return r.isEmpty() ? "none" : r.toString();
  }
}
