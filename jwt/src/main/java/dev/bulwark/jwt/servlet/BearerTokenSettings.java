package dev.bulwark.jwt.servlet;

import dev.bulwark.event.SecurityEventPublisher;
import dev.bulwark.jwt.AccessTokenDenylist;
import dev.bulwark.jwt.AccessTokenVerifier;
import dev.bulwark.jwt.KeyRing;
import dev.bulwark.jwt.KeySet;
import dev.bulwark.jwt.KeySetFileReloader;
import dev.bulwark.web.ConfigurationException;
import dev.bulwark.web.Settings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bearer-token control built from its settings vocabulary: the {@link BearerTokenPolicy} (and
 * its {@link AccessTokenVerifier}) and, with {@code keysReloadInterval}, the {@link
 * KeySetFileReloader} that keeps the key file's keys current. Every front-end (a filter's {@code
 * web.xml} init-params, {@code bulwark.jwt.*} properties, a test) hands the same strings to {@link
 * #fromSettings}, so one name means one thing everywhere and fails the same way.
 *
 * <table>
 *   <caption>Settings</caption>
 *   <tr><th>name</th><th>value</th><th>default</th></tr>
 *   <tr><td>{@code keysFile}</td><td>path of a JWK set file</td><td>required (or {@code
 *       developmentKeys})</td></tr>
 *   <tr><td>{@code issuer}</td><td>the expected {@code iss}</td><td>required</td></tr>
 *   <tr><td>{@code audience}</td><td>comma-separated accepted audiences</td><td>required</td></tr>
 *   <tr><td>{@code realm}</td><td>printable ASCII without {@code "} or {@code \}</td>
 *       <td>{@code bulwark}</td></tr>
 *   <tr><td>{@code rolesClaim}</td><td>claim name or dotted path</td><td>{@code roles}</td></tr>
 *   <tr><td>{@code clockSkew}</td><td>duration, at most 5m</td><td>60s</td></tr>
 *   <tr><td>{@code maxTokenLength}</td><td>64 to 65536 characters</td><td>8192</td></tr>
 *   <tr><td>{@code allowAnonymous}</td><td>true or false (relaxation)</td><td>false</td></tr>
 *   <tr><td>{@code allowTypeJwt}</td><td>true or false (relaxation)</td><td>false</td></tr>
 *   <tr><td>{@code roleRules}</td><td>{@code [METHOD ]pattern=ROLE[|ROLE…]} separated by
 *       {@code ;}</td><td>none</td></tr>
 *   <tr><td>{@code stepUpRules}</td><td>{@code [METHOD ]pattern=[FACTOR[|FACTOR…]][@MAX_AGE]}
 *       separated by {@code ;}, such as {@code GET /api/events=otp|rcv@PT5M} ({@link
 *       StepUpRule})</td><td>none</td></tr>
 *   <tr><td>{@code stepUpOnlyForEnrolledUsers}</td><td>true or false (relaxation: tokens saying
 *       {@code mfa_enrolled: false} pass the step-up rules)</td><td>false</td></tr>
 *   <tr><td>{@code denylistAttribute}</td><td>name of an attribute holding the app's {@link
 *       AccessTokenDenylist}</td><td>none (warned)</td></tr>
 *   <tr><td>{@code keysReloadInterval}</td><td>duration, 1s to 1h</td><td>unset: read once</td>
 *       </tr>
 *   <tr><td>{@code developmentKeys}</td><td>true or false (relaxation: without {@code keysFile},
 *       sign and verify with a throw-away key generated at start-up, with a loud warning; tokens die
 *       with the process and no other instance accepts them)</td><td>false</td></tr>
 * </table>
 *
 * <p>{@code denylistAttribute} names an object the application made, not a string: the front-end
 * says where named objects come from (a servlet filter passes its {@code ServletContext}'s
 * attributes). Without it, a warning says that tokens revoked by a logout stay valid until they
 * expire.
 *
 * <p>{@link #close()} stops the reloader; the policy stays usable with the keys last loaded.
 */
public final class BearerTokenSettings implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(BearerTokenSettings.class);

  private final BearerTokenPolicy policy;
  private final KeyRing keys;
  private final @Nullable KeySetFileReloader reloader;

  private BearerTokenSettings(
      BearerTokenPolicy policy, KeyRing keys, @Nullable KeySetFileReloader reloader) {
    this.policy = policy;
    this.keys = keys;
    this.reloader = reloader;
  }

  /** The values as parsed, before the key file is read. */
  private static final class Parsed {
    @Nullable String keysFile;
    @Nullable String issuer;
    List<String> audience = List.of();
    @Nullable String realm;
    @Nullable String rolesClaim;
    @Nullable Duration clockSkew;
    @Nullable Integer maxTokenLength;
    boolean allowAnonymous;
    boolean allowTypeJwt;
    List<RoleRule> roleRules = List.of();
    List<StepUpRule> stepUpRules = List.of();
    boolean stepUpOnlyForEnrolledUsers;
    @Nullable String denylistAttribute;
    @Nullable Duration keysReloadInterval;
    boolean developmentKeys;
  }

  /**
   * Parses the settings, reads the key file (starting its reloader when {@code keysReloadInterval}
   * is set) and builds the policy. A setting that names no object ({@code denylistAttribute}) is
   * refused: use {@link #fromSettings(Settings, Function)}.
   *
   * @param settings the settings
   * @return the built control
   * @throws ConfigurationException on an unknown key, a bad value, a missing required setting or an
   *     unreadable key file, naming the setting
   */
  public static BearerTokenSettings fromSettings(Settings settings) {
    return fromSettings(settings, name -> null);
  }

  /**
   * Parses the settings, reads the key file (starting its reloader when {@code keysReloadInterval}
   * is set) and builds the policy.
   *
   * @param settings the settings
   * @param namedObjects the objects the application made, by name, for {@code denylistAttribute} (a
   *     filter passes {@code servletContext::getAttribute}); null for an unknown name
   * @return the built control
   * @throws ConfigurationException on an unknown key, a bad value, a missing required setting, an
   *     unreadable key file or a named object that is missing or of the wrong type, naming the
   *     setting
   */
  public static BearerTokenSettings fromSettings(
      Settings settings, Function<String, @Nullable Object> namedObjects) {
    Objects.requireNonNull(namedObjects, "namedObjects");
    Parsed p = new Parsed();
    settings.apply(
        settings
            .binder()
            .param("keysFile", "the path of a JWK set file", v -> p.keysFile = v)
            .param(
                "issuer", "the expected iss, such as https://auth.example.com", v -> p.issuer = v)
            .param(
                "audience",
                "comma-separated accepted audiences",
                v -> p.audience = Settings.list(v))
            .param("realm", "printable ASCII without quotes", v -> p.realm = v)
            .param(
                "rolesClaim",
                "a claim name or dotted path such as realm_access.roles",
                v -> p.rolesClaim = v)
            .param(
                "clockSkew",
                "a duration such as 60s, at most 5m",
                v -> p.clockSkew = Settings.duration(v))
            .param(
                "maxTokenLength",
                "a number of characters, 64 to 65536",
                v -> p.maxTokenLength = Math.toIntExact(Settings.integer(v)))
            .param("allowAnonymous", "true or false", v -> p.allowAnonymous = Settings.bool(v))
            .param("allowTypeJwt", "true or false", v -> p.allowTypeJwt = Settings.bool(v))
            .param(
                "roleRules",
                "rules separated by ';' such as GET /api/events=ADMIN; /api/admin/*=ADMIN|OPS",
                v -> p.roleRules = RoleRule.parseAll(v))
            .param(
                "stepUpRules",
                "rules separated by ';' such as GET /api/events=otp|rcv@PT5M; /api/admin/*=otp",
                v -> p.stepUpRules = StepUpRule.parseAll(v))
            .param(
                "stepUpOnlyForEnrolledUsers",
                "true or false",
                v -> p.stepUpOnlyForEnrolledUsers = Settings.bool(v))
            .param(
                "denylistAttribute",
                "the name of a ServletContext attribute holding the app's AccessTokenDenylist",
                v -> p.denylistAttribute = v)
            .param(
                "keysReloadInterval",
                "a duration between 1s and 1h such as 30s",
                v -> p.keysReloadInterval = reloadInterval(Settings.duration(v)))
            .param(
                "developmentKeys",
                "true or false (relaxation: a throw-away key when keysFile is unset)",
                v -> p.developmentKeys = Settings.bool(v)));
    return settings.build(() -> build(settings, p, namedObjects));
  }

  private static Duration reloadInterval(Duration interval) {
    if (interval.compareTo(KeySetFileReloader.MIN_INTERVAL) < 0
        || interval.compareTo(KeySetFileReloader.MAX_INTERVAL) > 0) {
      throw new IllegalArgumentException(
          "the key file is checked between 1s and 1h apart; 30s suits a mounted Kubernetes Secret");
    }
    return interval;
  }

  private static BearerTokenSettings build(
      Settings settings, Parsed p, Function<String, @Nullable Object> namedObjects) {
    String keysFile = p.keysFile;
    if (keysFile == null && !p.developmentKeys) {
      throw new ConfigurationException(
          "keysFile is required: the path of a JWK set file (developmentKeys=true signs with a"
              + " throw-away key instead, for development only)");
    }
    if (keysFile != null && p.developmentKeys) {
      throw new ConfigurationException(
          "developmentKeys=true contradicts keysFile: drop developmentKeys to use the file's keys");
    }
    if (keysFile == null && p.keysReloadInterval != null) {
      throw new ConfigurationException(
          "keysReloadInterval needs keysFile: a throw-away development key is never reloaded");
    }
    // the named object is looked up before the key file is read: no reloader to stop on failure
    @Nullable AccessTokenDenylist denylist =
        p.denylistAttribute == null ? null : denylist(namedObjects, p.denylistAttribute);
    @Nullable KeySetFileReloader reloader = null;
    KeyRing keys;
    Duration interval = p.keysReloadInterval;
    if (keysFile == null) {
      keys = KeyRing.of(KeySet.generateForDevelopment()); // warns: tokens die with the process
    } else if (interval == null) {
      keys = KeyRing.of(KeySet.fromJwkSetFile(Path.of(keysFile)));
    } else {
      reloader =
          KeySetFileReloader.start(Path.of(keysFile), interval, SecurityEventPublisher.logging());
      keys = reloader.ring();
    }
    try {
      AccessTokenVerifier.Builder vb = AccessTokenVerifier.builder(keys);
      vb.audience(p.audience.toArray(String[]::new));
      if (p.issuer != null) {
        vb.issuer(p.issuer);
      }
      if (p.rolesClaim != null) {
        vb.rolesClaim(p.rolesClaim);
      }
      if (p.clockSkew != null) {
        vb.clockSkew(p.clockSkew);
      }
      if (p.maxTokenLength != null) {
        vb.maxTokenLength(p.maxTokenLength);
      }
      if (p.allowTypeJwt) {
        vb.allowTypeJwt();
      }
      if (denylist != null) {
        vb.denylist(denylist);
      }
      BearerTokenPolicy.Builder pb = BearerTokenPolicy.builder(vb.build());
      if (p.realm != null) {
        pb.realm(p.realm);
      }
      if (p.allowAnonymous) {
        pb.allowAnonymous();
      }
      p.roleRules.forEach(pb::rule);
      p.stepUpRules.forEach(pb::stepUp);
      if (p.stepUpOnlyForEnrolledUsers) {
        pb.stepUpOnlyForEnrolledUsers();
      }
      BearerTokenPolicy policy = pb.build();
      if (denylist == null) {
        LOG.warn(
            "{}: no denylistAttribute, so access tokens revoked by a logout stay valid until they"
                + " expire. Put the AccessTokenDenylist of your TokenService in a ServletContext"
                + " attribute and name it in denylistAttribute",
            settings);
      }
      return new BearerTokenSettings(policy, keys, reloader);
    } catch (RuntimeException e) {
      if (reloader != null) {
        reloader.close();
      }
      throw e;
    }
  }

  private static AccessTokenDenylist denylist(
      Function<String, @Nullable Object> namedObjects, String attribute) {
    Object value = namedObjects.apply(attribute);
    if (value instanceof AccessTokenDenylist denylist) {
      return denylist;
    }
    String hint =
        " Set it before filters start, in a ServletContextListener's contextInitialized:"
            + " sce.getServletContext().setAttribute(\""
            + attribute
            + "\", denylist), with the denylist your TokenService uses";
    if (value == null) {
      throw new ConfigurationException(
          "denylistAttribute names the attribute '" + attribute + "', which is not set." + hint);
    }
    throw new ConfigurationException(
        "denylistAttribute: the attribute '"
            + attribute
            + "' holds a "
            + value.getClass().getName()
            + ", not a dev.bulwark.jwt.AccessTokenDenylist."
            + hint);
  }

  /**
   * The policy.
   *
   * @return the policy
   */
  public BearerTokenPolicy policy() {
    return policy;
  }

  /**
   * The keys the verifier checks signatures with: the key file's, kept current by the reloader when
   * {@code keysReloadInterval} is set. An issuer in the same process signs with the same ring (its
   * current key), so a key rotated in the file reaches both.
   *
   * @return the key ring
   */
  public KeyRing keys() {
    return keys;
  }

  /**
   * The reloader that checks the key file, when {@code keysReloadInterval} is set.
   *
   * @return the reloader, or empty when the file was read once
   */
  public Optional<KeySetFileReloader> keysReloader() {
    return Optional.ofNullable(reloader);
  }

  /** Stops the key file's reloader, if any; the policy keeps the keys last loaded. */
  @Override
  public void close() {
    if (reloader != null) {
      reloader.close();
    }
  }

  /** The policy's description, and the reloader's when there is one. */
  @Override
  public String toString() {
    return "BearerTokenSettings[policy="
        + policy
        + ", keysReloader="
        + (reloader == null ? "none (key file read once)" : reloader)
        + "]";
  }
}
