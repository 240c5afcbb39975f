package dev.bulwark.headers.csrf;

import dev.bulwark.headers.internal.Origins;
import dev.bulwark.web.ConfigurationException;
import dev.bulwark.web.HmacKeys;
import dev.bulwark.web.InitParamBinder;
import dev.bulwark.web.PathPattern;
import dev.bulwark.web.Settings;
import dev.bulwark.web.internal.SetOnce;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Decides whether a state-changing request was started by this site or by another one, without any
 * server state — the approach of Go 1.25's {@code CrossOriginProtection}, extended with a
 * configurable answer for header-less requests and an optional token.
 *
 * <p>For each request, in order:
 *
 * <ol>
 *   <li>{@code GET}, {@code HEAD}, {@code OPTIONS} and {@code TRACE} are allowed: they must not
 *       change state.
 *   <li>A path matching a {@linkplain Builder#bypassPaths bypass pattern} is allowed.
 *   <li>A request with {@code Authorization} and no {@code Cookie} is allowed: a browser never adds
 *       that header to a cross-site request by itself, so it carries no ambient credential.
 *   <li>An {@code Origin} on the {@linkplain Builder#trustedOrigins trusted list} is allowed.
 *   <li>{@code Sec-Fetch-Site} (every current browser sends it): {@code same-origin} and {@code
 *       none} (the user typed the URL or used a bookmark) are allowed; {@code cross-site} is
 *       refused; {@code same-site} (a sibling subdomain, which may be less trustworthy) is refused
 *       unless {@link Builder#allowSameSite(boolean)}.
 *   <li>Otherwise {@code Origin}: allowed only when it equals the request's own origin (scheme and
 *       {@code Host}, as resolved through trusted proxies); {@code null} is refused.
 *   <li>Neither header: see {@link MissingHeaders}. The default {@link MissingHeaders#ALLOW}
 *       follows Go and the Fetch standard: every browser released since 2020 sends {@code Origin}
 *       on cross-origin POSTs, so a request with neither header comes from a non-browser client
 *       (curl, a server) that holds no victim's cookies, or from a browser too old to support. Form
 *       applications that must also cover such browsers add {@link CsrfTokens}, which apply to
 *       every request regardless.
 * </ol>
 *
 * <p>With {@linkplain Builder#tokens(CsrfTokens) tokens}, the servlet filter additionally requires
 * a signed, session-bound double-submit token on every unsafe request that carries cookies.
 *
 * <h2>Settings ({@link #fromSettings(Settings)}, {@code web.xml} init-params)</h2>
 *
 * <table>
 *   <caption>The settings vocabulary</caption>
 *   <tr><th>Name</th><th>Value</th><th>Default</th></tr>
 *   <tr><td>trustedOrigins</td><td>comma-separated origins such as {@code
 *       https://login.example.com}</td><td>none</td></tr>
 *   <tr><td>bypassPaths</td><td>comma-separated path patterns such as {@code
 *       /webhooks/**}</td><td>none</td></tr>
 *   <tr><td>allowSameSite</td><td>{@code true} or {@code false}</td><td>{@code false}</td></tr>
 *   <tr><td>missingHeaders</td><td>{@code allow} or {@code reject}</td><td>{@code
 *       allow}</td></tr>
 *   <tr><td>tokens</td><td>{@code true} or {@code false}</td><td>{@code false}</td></tr>
 *   <tr><td>tokenKey</td><td>comma-separated base64 keys of at least 32 secret bytes, the first
 *       signing (secret: never shown); needs {@code tokens=true}</td><td>a random per-process
 *       key</td></tr>
 * </table>
 *
 * <p>Immutable and thread-safe. {@link #toString()} lists every effective setting, the key
 * redacted.
 */
public final class CsrfPolicy {

  /**
   * What to do with an unsafe request that has neither {@code Sec-Fetch-Site} nor {@code Origin}.
   */
  public enum MissingHeaders {
    /** Allow it: it cannot come from a current browser (the default; see the class comment). */
    ALLOW,
    /** Refuse it: only browsers that send Fetch Metadata or Origin may change state. */
    REJECT
  }

  /** The outcome of {@link #evaluate}. */
  public enum Verdict {
    /** Not a cross-site state change. */
    ALLOWED,
    /** {@code Sec-Fetch-Site: cross-site} (or {@code same-site} when not allowed). */
    REJECTED_FETCH_METADATA,
    /** An {@code Origin} other than the request's own and not trusted. */
    REJECTED_ORIGIN,
    /** Neither header, with {@link MissingHeaders#REJECT}. */
    REJECTED_NO_HEADERS;

    /**
     * Whether the request may proceed.
     *
     * @return true for {@link #ALLOWED}
     */
    public boolean allowed() {
      return this == ALLOWED;
    }
  }

  private static final Set<String> SAFE = Set.of("GET", "HEAD", "OPTIONS", "TRACE");

  private final Set<String> trustedOrigins;
  private final List<PathPattern> bypass;
  private final boolean allowSameSite;
  private final MissingHeaders missingHeaders;
  private final @Nullable CsrfTokens tokens;

  private CsrfPolicy(Builder b) {
    this.trustedOrigins = Collections.unmodifiableSet(new LinkedHashSet<>(b.trustedOrigins));
    this.bypass = List.copyOf(b.bypass);
    this.allowSameSite = b.allowSameSite;
    this.missingHeaders = b.missingHeaders;
    this.tokens = b.tokens;
  }

  /**
   * The defaults: no trusted origin, no bypass, same-site refused, header-less requests allowed.
   *
   * @return the default policy
   */
  public static CsrfPolicy defaults() {
    return builder().build();
  }

  /**
   * A builder with the defaults.
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The policy described by settings (the vocabulary in the class comment), as {@code web.xml}
   * init-params or any other front-end give them.
   *
   * @param s the settings
   * @return the policy
   * @throws ConfigurationException on an unknown key (with "did you mean"), a bad value (naming the
   *     key and the accepted form; the key's value is never shown) or {@code tokenKey} without
   *     {@code tokens=true}
   */
  public static CsrfPolicy fromSettings(Settings s) {
    Builder b = builder();
    TokenSettings t = new TokenSettings();
    s.apply(
        s.binder()
            .param(
                "trustedOrigins",
                "comma-separated origins such as https://login.example.com",
                v -> b.trustedOrigins(array(v)))
            .param(
                "bypassPaths",
                "comma-separated patterns such as /webhooks/**",
                v -> b.bypassPaths(array(v)))
            .param("allowSameSite", "true or false", v -> b.allowSameSite(Settings.bool(v)))
            .param(
                "missingHeaders",
                "allow or reject",
                v -> b.missingHeaders(InitParamBinder.enumValue(MissingHeaders.class, v)))
            .param("tokens", "true or false", v -> t.enabled = Settings.bool(v))
            .secretParam(
                "tokenKey",
                "comma-separated base64 keys of at least 32 secret random bytes, the first signing"
                    + " (rotation: new,old)",
                v -> t.keys = HmacKeys.fromBase64(v)));
    return s.build(
        () -> {
          HmacKeys keys = t.keys;
          if (keys != null && !t.enabled) {
            throw new ConfigurationException(
                "tokenKey is set but tokens is not true: set tokens=true, or drop tokenKey");
          }
          if (t.enabled) {
            b.tokens(keys == null ? CsrfTokens.withRandomKey() : CsrfTokens.withKeys(keys));
          }
          return b.build();
        });
  }

  /** The two token settings, which become one {@link CsrfTokens} once both are read. */
  private static final class TokenSettings {
    boolean enabled;
    @Nullable HmacKeys keys;
  }

  private static String[] array(String list) {
    return Settings.list(list).toArray(new String[0]);
  }

  /**
   * The token service the servlet filter requires tokens from, if any.
   *
   * @return the tokens, or null when only Fetch Metadata and {@code Origin} are checked
   */
  public @Nullable CsrfTokens tokens() {
    return tokens;
  }

  /**
   * Every effective setting; a token key is described, never shown.
   *
   * @return a one-line description
   */
  @Override
  public String toString() {
    CsrfTokens t = tokens;
    return "CsrfPolicy{trustedOrigins="
        + trustedOrigins
        + ", bypassPaths="
        + bypass
        + ", allowSameSite="
        + allowSameSite
        + ", missingHeaders="
        + missingHeaders
        + ", tokens="
        + (t == null ? "off" : t.toString())
        + "}";
  }

  /**
   * Whether a method may change state.
   *
   * @param method the request method
   * @return true unless GET, HEAD, OPTIONS or TRACE
   */
  public static boolean isUnsafe(String method) {
    return !SAFE.contains(method);
  }

  /**
   * Whether a path is exempt.
   *
   * @param path the servlet path plus path info
   * @return true when a bypass pattern matches
   */
  public boolean isBypassed(String path) {
    for (PathPattern p : bypass) {
      if (p.matches(path)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Decides one request (the steps in the class comment).
   *
   * @param method the request method
   * @param path the servlet path plus path info
   * @param secFetchSite the {@code Sec-Fetch-Site} header, or null
   * @param origin the {@code Origin} header, or null
   * @param ownOrigin the request's own origin, or null when unknown
   * @param hasAuthorization whether an {@code Authorization} header is present
   * @param hasCookie whether a {@code Cookie} header is present
   * @return the verdict
   */
  public Verdict evaluate(
      String method,
      String path,
      @Nullable String secFetchSite,
      @Nullable String origin,
      @Nullable String ownOrigin,
      boolean hasAuthorization,
      boolean hasCookie) {
    if (!isUnsafe(method) || isBypassed(path) || (hasAuthorization && !hasCookie)) {
      return Verdict.ALLOWED;
    }
    String o = Origins.normalise(origin);
    if (o != null && trustedOrigins.contains(o)) {
      return Verdict.ALLOWED;
    }
    if (secFetchSite != null) {
      switch (secFetchSite.trim().toLowerCase(Locale.ROOT)) {
        case "same-origin", "none" -> {
          return Verdict.ALLOWED;
        }
        case "same-site" -> {
          return allowSameSite ? Verdict.ALLOWED : Verdict.REJECTED_FETCH_METADATA;
        }
        default -> {
          return Verdict.REJECTED_FETCH_METADATA;
        }
      }
    }
    if (origin != null) {
      return o != null && o.equals(ownOrigin) ? Verdict.ALLOWED : Verdict.REJECTED_ORIGIN;
    }
    return missingHeaders == MissingHeaders.ALLOW ? Verdict.ALLOWED : Verdict.REJECTED_NO_HEADERS;
  }

  /**
   * Builder for {@link CsrfPolicy}. Each setter checks its argument at once; {@code trustedOrigins}
   * and {@code bypassPaths} add up, every other setter may be called once. Every failure is a
   * {@link ConfigurationException}. Not thread-safe.
   */
  public static final class Builder {
    private final SetOnce once = new SetOnce("CsrfPolicy.Builder");
    private final Set<String> trustedOrigins = new LinkedHashSet<>();
    private final List<PathPattern> bypass = new ArrayList<>();
    private boolean allowSameSite;
    private MissingHeaders missingHeaders = MissingHeaders.ALLOW;
    private @Nullable CsrfTokens tokens;

    private Builder() {}

    /**
     * Origins whose pages may send state-changing requests here (a separate login site, say).
     *
     * @param origins such as {@code https://login.example.com}
     * @return this builder
     * @throws ConfigurationException for {@code *}, a path, a trailing slash or a missing scheme
     */
    public Builder trustedOrigins(String... origins) {
      for (String o : origins) {
        trustedOrigins.add(Origins.parseConfigured(Objects.requireNonNull(o, "origin")));
      }
      return this;
    }

    /**
     * Paths exempt from the check, such as webhooks authenticated by signature.
     *
     * @param patterns {@code /exact}, {@code /prefix/**} or {@code *.ext}
     * @return this builder
     * @throws ConfigurationException for a malformed pattern
     */
    public Builder bypassPaths(String... patterns) {
      for (String p : patterns) {
        try {
          bypass.add(PathPattern.parse(Objects.requireNonNull(p, "pattern")));
        } catch (IllegalArgumentException e) {
          throw new ConfigurationException("bypassPaths: " + e.getMessage(), e);
        }
      }
      return this;
    }

    /**
     * Whether {@code Sec-Fetch-Site: same-site} (a sibling subdomain) is allowed (default false).
     *
     * @param allow true to allow it
     * @return this builder
     * @throws ConfigurationException when called twice
     */
    public Builder allowSameSite(boolean allow) {
      once.set("allowSameSite", allow);
      this.allowSameSite = allow;
      return this;
    }

    /**
     * What to do with unsafe requests that carry neither {@code Sec-Fetch-Site} nor {@code Origin}.
     *
     * @param choice the choice (default {@link MissingHeaders#ALLOW})
     * @return this builder
     * @throws ConfigurationException when called twice
     */
    public Builder missingHeaders(MissingHeaders choice) {
      Objects.requireNonNull(choice, "choice");
      once.set("missingHeaders", choice);
      this.missingHeaders = choice;
      return this;
    }

    /**
     * Also requires a signed double-submit token (for form applications; see {@link CsrfTokens}).
     * Off by default.
     *
     * @param tokens the token service, such as {@link CsrfTokens#withKeys(HmacKeys)}
     * @return this builder
     * @throws ConfigurationException when called twice
     */
    public Builder tokens(CsrfTokens tokens) {
      Objects.requireNonNull(tokens, "tokens");
      once.set("tokens", tokens);
      this.tokens = tokens;
      return this;
    }

    /**
     * Builds.
     *
     * @return the policy
     */
    public CsrfPolicy build() {
      return new CsrfPolicy(this);
    }
  }
}
