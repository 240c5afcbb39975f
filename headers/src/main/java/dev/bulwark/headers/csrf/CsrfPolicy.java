package dev.bulwark.headers.csrf;

import dev.bulwark.headers.internal.Origins;
import dev.bulwark.web.PathPattern;
import java.util.ArrayList;
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
 * <p>Immutable and thread-safe.
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

  private CsrfPolicy(Builder b) {
    this.trustedOrigins = Set.copyOf(b.trustedOrigins);
    this.bypass = List.copyOf(b.bypass);
    this.allowSameSite = b.allowSameSite;
    this.missingHeaders = b.missingHeaders;
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

  /** Builder for {@link CsrfPolicy}. Not thread-safe. */
  public static final class Builder {
    private final Set<String> trustedOrigins = new LinkedHashSet<>();
    private final List<PathPattern> bypass = new ArrayList<>();
    private boolean allowSameSite;
    private MissingHeaders missingHeaders = MissingHeaders.ALLOW;

    private Builder() {}

    /**
     * Origins whose pages may send state-changing requests here (a separate login site, say).
     *
     * @param origins such as {@code https://login.example.com}
     * @return this builder
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
     */
    public Builder bypassPaths(String... patterns) {
      for (String p : patterns) {
        bypass.add(PathPattern.parse(p));
      }
      return this;
    }

    /**
     * Whether {@code Sec-Fetch-Site: same-site} (a sibling subdomain) is allowed (default false).
     *
     * @param allow true to allow it
     * @return this builder
     */
    public Builder allowSameSite(boolean allow) {
      this.allowSameSite = allow;
      return this;
    }

    /**
     * What to do with unsafe requests that carry neither {@code Sec-Fetch-Site} nor {@code Origin}.
     *
     * @param choice the choice (default {@link MissingHeaders#ALLOW})
     * @return this builder
     */
    public Builder missingHeaders(MissingHeaders choice) {
      this.missingHeaders = Objects.requireNonNull(choice, "choice");
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
