package dev.bulwark.jwt.servlet;

import dev.bulwark.event.SecurityEventPublisher;
import dev.bulwark.jwt.AccessTokenVerifier;
import dev.bulwark.jwt.internal.OnceSettings;
import dev.bulwark.web.ConfigurationException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * How {@link BearerTokenFilter} authenticates and authorises requests. Immutable; built and
 * validated by {@link Builder#build()}.
 *
 * <p>Defaults: every request through the filter must carry a valid bearer token; realm {@code
 * bulwark}; no role rules; events to {@link SecurityEventPublisher#logging()}.
 */
public final class BearerTokenPolicy {

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
   * Builder for {@link BearerTokenPolicy}. Not thread-safe. Each setting may be given once (a
   * second call throws {@link IllegalStateException} naming it), except {@link #rule}, which adds.
   */
  public static final class Builder {
    private final OnceSettings settings = new OnceSettings("BearerTokenPolicy.Builder");
    private final AccessTokenVerifier verifier;
    private String realm = "bulwark";
    private boolean allowAnonymous;
    private final List<RoleRule> rules = new ArrayList<>();
    private SecurityEventPublisher events = SecurityEventPublisher.logging();

    private Builder(AccessTokenVerifier verifier) {
      this.verifier = Objects.requireNonNull(verifier, "verifier");
    }

    /**
     * The realm sent in {@code WWW-Authenticate: Bearer realm="…"}.
     *
     * @param realm printable ASCII without quotes or backslashes
     * @return this builder
     */
    public Builder realm(String realm) {
      settings.once("realm");
      this.realm = Objects.requireNonNull(realm, "realm");
      return this;
    }

    /**
     * Relaxation: let requests that carry no token at all through, unauthenticated (role rules
     * still apply and answer 401 for them). A request that carries a bad token is always refused.
     *
     * @return this builder
     */
    public Builder allowAnonymous() {
      settings.once("allowAnonymous");
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
     */
    public Builder events(SecurityEventPublisher events) {
      settings.once("events");
      this.events = Objects.requireNonNull(events, "events");
      return this;
    }

    /**
     * Validates and builds.
     *
     * @return the policy
     * @throws ConfigurationException naming the setting to fix
     */
    public BearerTokenPolicy build() {
      if (realm.isEmpty()
          || !realm.chars().allMatch(c -> c >= 0x20 && c < 0x7f && c != '"' && c != '\\')) {
        throw new ConfigurationException(
            "BearerTokenPolicy: realm must be non-empty printable ASCII without \" or \\ (was '"
                + dev.bulwark.encoding.LogSafe.forLog(realm, 100)
                + "')");
      }
      return new BearerTokenPolicy(this);
    }
  }

  /** For messages. */
  @Override
  public String toString() {
    return "BearerTokenPolicy[realm="
        + realm
        + ", anonymous="
        + allowAnonymous
        + ", rules="
        + rules
        + "]";
  }
}
