package dev.bulwark.jwt.servlet;

import dev.bulwark.encoding.LogSafe;
import dev.bulwark.event.SecurityEventPublisher;
import dev.bulwark.jwt.AccessTokenVerifier;
import dev.bulwark.web.ConfigurationException;
import dev.bulwark.web.internal.SetOnce;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * How {@link BearerTokenFilter} authenticates and authorises requests. Immutable; each setting is
 * checked by its {@link Builder} setter. From strings ({@code web.xml} init-params, properties):
 * {@link BearerTokenSettings#fromSettings}.
 *
 * <p>Defaults: every request through the filter must carry a valid bearer token; realm {@code
 * bulwark}; no role rules; events to {@link SecurityEventPublisher#logging()}.
 */
public final class BearerTokenPolicy {

  /** The realm when none is set. */
  public static final String DEFAULT_REALM = "bulwark";

  private final AccessTokenVerifier verifier;
  private final String realm;
  private final boolean allowAnonymous;
  private final List<RoleRule> rules;
  private final SecurityEventPublisher events;

  private BearerTokenPolicy(Builder b) {
    this.verifier = Objects.requireNonNull(b.verifier);
    this.realm = b.realm;
    this.allowAnonymous = b.allowAnonymous;
    this.rules = List.copyOf(b.rules);
    this.events = b.events;
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
   * earlier value), except {@link #rule}, which adds.
   */
  public static final class Builder {
    private final SetOnce settings = new SetOnce("BearerTokenPolicy.Builder");
    private final AccessTokenVerifier verifier;
    private String realm = DEFAULT_REALM;
    private boolean allowAnonymous;
    private final List<RoleRule> rules = new ArrayList<>();
    private SecurityEventPublisher events = SecurityEventPublisher.logging();

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
     * Builds; every setting was checked by its setter and none depends on another.
     *
     * @return the policy
     */
    public BearerTokenPolicy build() {
      return new BearerTokenPolicy(this);
    }
  }

  /**
   * Lists every effective setting: the verifier's (keys by id only), the realm, anonymous access
   * (named as the relaxation {@code allowAnonymous}), the role rules in order and where events go;
   * for the start-up log.
   */
  @Override
  public String toString() {
    return "BearerTokenPolicy[verifier="
        + verifier
        + ", realm="
        + realm
        + ", relaxations="
        + (allowAnonymous ? "[allowAnonymous]" : "none")
        + ", roleRules="
        + rules
        + ", events="
        + (events == SecurityEventPublisher.logging() ? "logging" : "custom publisher")
        + "]";
  }
}
