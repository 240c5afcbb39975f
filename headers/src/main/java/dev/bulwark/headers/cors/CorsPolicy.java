package dev.bulwark.headers.cors;

import dev.bulwark.encoding.LogSafe;
import dev.bulwark.headers.internal.Origins;
import dev.bulwark.web.ConfigurationException;
import dev.bulwark.web.Settings;
import dev.bulwark.web.internal.SetOnce;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Which other origins may read this application's responses from a browser, and how.
 *
 * <p>Origins are matched exactly after normalisation (lower-case scheme and host, default port
 * dropped) against an allow-list, plus explicit subdomain patterns such as {@code
 * https://*.example.com}, which match {@code https://a.example.com} and {@code
 * https://a.b.example.com} but never {@code https://example.com}, {@code https://evil-example.com}
 * or {@code https://example.com.evil.net}: the pattern is anchored on both ends and the wildcard
 * covers whole DNS labels only. A matching origin is echoed back; any other origin is refused with
 * no CORS header at all — an arbitrary origin is never reflected.
 *
 * <p>Build-time errors (not per-request surprises): credentials with any-origin; {@code *} or a
 * path in an origin; a pattern that is not {@code scheme://*.domain}; methods or headers that are
 * not tokens; a max-age beyond 24 hours.
 *
 * <p>Defaults: no origin allowed (configure at least one, or {@link
 * Builder#dangerouslyAllowAnyOrigin()}); methods {@code GET, HEAD, POST}; no request headers beyond
 * the CORS-safelisted ones; nothing exposed; no credentials; max-age 10 minutes.
 *
 * <pre>{@code
 * CorsPolicy cors = CorsPolicy.builder()
 *     .allowedOrigins("https://app.example.com")
 *     .allowedOriginPatterns("https://*.preview.example.com")
 *     .allowedMethods("GET", "POST", "DELETE")
 *     .allowedHeaders("Content-Type", "Authorization")
 *     .allowCredentials(true)
 *     .build();
 * }</pre>
 *
 * <h2>Settings ({@link #fromSettings(Settings)}, {@code web.xml} init-params)</h2>
 *
 * <table>
 *   <caption>The settings vocabulary</caption>
 *   <tr><th>Name</th><th>Value</th><th>Default</th></tr>
 *   <tr><td>allowedOrigins</td><td>comma-separated origins such as {@code
 *       https://app.example.com}</td><td>none</td></tr>
 *   <tr><td>allowedOriginPatterns</td><td>comma-separated patterns such as {@code
 *       https://*.example.com}</td><td>none</td></tr>
 *   <tr><td>allowedMethods</td><td>comma-separated methods</td><td>{@code GET, HEAD,
 *       POST}</td></tr>
 *   <tr><td>allowedHeaders</td><td>comma-separated header names</td><td>none</td></tr>
 *   <tr><td>exposedHeaders</td><td>comma-separated header names</td><td>none</td></tr>
 *   <tr><td>allowCredentials</td><td>{@code true} or {@code false}</td><td>{@code
 *       false}</td></tr>
 *   <tr><td>maxAge</td><td>a duration ({@code 600s}, {@code 10m}, {@code PT10M}), at most
 *       24h</td><td>{@code 10m}</td></tr>
 *   <tr><td>dangerouslyAllowAnyOrigin</td><td>{@code true} or {@code false}</td><td>{@code
 *       false}</td></tr>
 * </table>
 *
 * <p>Immutable and thread-safe; the response header values are computed at build time. {@link
 * #toString()} lists every effective setting.
 */
public final class CorsPolicy {

  /** The default preflight cache time. */
  public static final Duration DEFAULT_MAX_AGE = Duration.ofMinutes(10);

  private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
  private static final Pattern LABELS =
      Pattern.compile("[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*");

  private final Set<String> origins;
  private final List<String> patternTexts;
  private final Duration maxAge;
  private final Set<String> exposed;
  private final boolean sameOriginOnly;
  private final List<OriginPattern> patterns;
  private final boolean anyOrigin;
  private final Set<String> methods;
  private final Set<String> headers;
  private final Set<String> headersLower;
  private final boolean credentials;
  private final Map<String, String> actualHeaders;
  private final Map<String, String> preflightHeaders;

  private record OriginPattern(String scheme, String suffix, @Nullable String port) {
    boolean matches(String origin) {
      String prefix = scheme + "://";
      if (!origin.startsWith(prefix)) {
        return false;
      }
      String hostPort = origin.substring(prefix.length());
      String host = hostPort;
      String p = null;
      int colon = hostPort.lastIndexOf(':');
      if (colon >= 0 && !hostPort.startsWith("[")) {
        host = hostPort.substring(0, colon);
        p = hostPort.substring(colon + 1);
      }
      if (!Objects.equals(p, port) || !host.endsWith(suffix)) {
        return false;
      }
      String labels = host.substring(0, host.length() - suffix.length());
      return !labels.isEmpty() && LABELS.matcher(labels).matches();
    }
  }

  private CorsPolicy(Builder b) {
    this.origins = Collections.unmodifiableSet(new LinkedHashSet<>(b.origins));
    this.patternTexts = List.copyOf(b.patternTexts);
    this.maxAge = b.maxAge;
    this.exposed = Collections.unmodifiableSet(new LinkedHashSet<>(b.exposed));
    this.sameOriginOnly = b.sameOriginOnly;
    this.patterns = List.copyOf(b.patterns);
    this.anyOrigin = b.anyOrigin;
    this.methods = Collections.unmodifiableSet(new LinkedHashSet<>(b.methods));
    this.headers = Collections.unmodifiableSet(new LinkedHashSet<>(b.headers));
    Set<String> lower = new LinkedHashSet<>();
    b.headers.forEach(h -> lower.add(h.toLowerCase(Locale.ROOT)));
    this.headersLower = Set.copyOf(lower);
    this.credentials = b.credentials;
    Map<String, String> actual = new LinkedHashMap<>();
    if (credentials) {
      actual.put("Access-Control-Allow-Credentials", "true");
    }
    if (!b.exposed.isEmpty()) {
      actual.put("Access-Control-Expose-Headers", String.join(", ", b.exposed));
    }
    this.actualHeaders = actual;
    Map<String, String> pre = new LinkedHashMap<>(actual);
    pre.remove("Access-Control-Expose-Headers");
    pre.put("Access-Control-Allow-Methods", String.join(", ", b.methods));
    if (!b.headers.isEmpty()) {
      pre.put("Access-Control-Allow-Headers", String.join(", ", b.headers));
    }
    pre.put("Access-Control-Max-Age", Long.toString(b.maxAge.getSeconds()));
    this.preflightHeaders = pre;
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
   *     key, the value and the accepted form) or a contradictory combination
   */
  public static CorsPolicy fromSettings(Settings s) {
    Builder b = builder();
    s.apply(
        s.binder()
            .param(
                "allowedOrigins",
                "comma-separated origins such as https://app.example.com",
                v -> b.allowedOrigins(Settings.list(v)))
            .param(
                "allowedOriginPatterns",
                "comma-separated patterns such as https://*.example.com",
                v -> b.allowedOriginPatterns(array(v)))
            .param(
                "allowedMethods",
                "comma-separated methods such as GET, POST, PUT",
                v -> b.allowedMethods(array(v)))
            .param(
                "allowedHeaders",
                "comma-separated header names such as Content-Type, Authorization",
                v -> b.allowedHeaders(array(v)))
            .param(
                "exposedHeaders", "comma-separated header names", v -> b.exposedHeaders(array(v)))
            .param("allowCredentials", "true or false", v -> b.allowCredentials(Settings.bool(v)))
            .param(
                "maxAge",
                "a duration such as 600s or PT10M, at most 24h",
                v -> b.maxAge(Settings.duration(v)))
            .param(
                "dangerouslyAllowAnyOrigin",
                "true or false",
                v -> {
                  if (Settings.bool(v)) {
                    b.dangerouslyAllowAnyOrigin();
                  }
                }));
    return s.build(b::build);
  }

  private static String[] array(String list) {
    return Settings.list(list).toArray(new String[0]);
  }

  /**
   * A policy that allows no cross-origin request at all: every preflight and every request whose
   * {@code Origin} is not the request's own gets 403 and no CORS headers, and same-origin requests
   * pass. Install it when an application has no cross-origin clients (yet), so that a foreign
   * preflight is refused by CORS rather than reaching authentication.
   *
   * @return the policy
   */
  public static CorsPolicy sameOriginOnly() {
    Builder b = new Builder();
    b.sameOriginOnly = true;
    return b.build();
  }

  /**
   * Whether an origin may read responses.
   *
   * @param origin the {@code Origin} header value
   * @return true when it is on the allow-list or matches a pattern
   */
  public boolean isAllowed(@Nullable String origin) {
    return isAllowedNormalised(Origins.normalise(origin));
  }

  private boolean isAllowedNormalised(@Nullable String o) {
    if (o == null) {
      return false;
    }
    if (anyOrigin || origins.contains(o)) {
      return true;
    }
    for (OriginPattern p : patterns) {
      if (p.matches(o)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Decides one request.
   *
   * @param method the request method
   * @param origin the {@code Origin} header, or null
   * @param ownOrigin the origin the request was addressed to (scheme and Host), or null
   * @param requestMethod the {@code Access-Control-Request-Method} header, or null
   * @param requestHeaders the {@code Access-Control-Request-Headers} header, or null
   * @return the decision
   */
  public CorsDecision evaluate(
      String method,
      @Nullable String origin,
      @Nullable String ownOrigin,
      @Nullable String requestMethod,
      @Nullable String requestHeaders) {
    if (origin == null) {
      return CorsDecision.NOT_CORS;
    }
    boolean preflight = method.equals("OPTIONS") && requestMethod != null;
    if (!preflight && origin.equals("null")) {
      // An opaque origin: browsers send it on same-origin form POSTs from pages with
      // Referrer-Policy: no-referrer (our default) and from sandboxed frames. It can never be
      // allowed (nothing is reflected), and refusing it would break same-origin forms; cross-site
      // state changes are the CSRF filter's job.
      return CorsDecision.NOT_CORS;
    }
    String normalised = Origins.normalise(origin);
    if (!preflight && normalised != null && normalised.equals(ownOrigin)) {
      return CorsDecision.NOT_CORS;
    }
    if (!isAllowedNormalised(normalised)) {
      return CorsDecision.rejected("origin not allowed");
    }
    String allowOrigin = anyOrigin ? "*" : origin;
    if (!preflight) {
      Map<String, String> h = new LinkedHashMap<>();
      h.put("Access-Control-Allow-Origin", allowOrigin);
      h.putAll(actualHeaders);
      return new CorsDecision(CorsDecision.Kind.ALLOWED, h, null);
    }
    if (requestMethod == null || !methods.contains(requestMethod.trim())) {
      return CorsDecision.rejected("method not allowed");
    }
    if (requestHeaders != null) {
      for (String h : requestHeaders.split(",")) {
        String t = h.trim().toLowerCase(Locale.ROOT);
        if (!t.isEmpty() && !headersLower.contains(t)) {
          return CorsDecision.rejected("request header not allowed");
        }
      }
    }
    Map<String, String> h = new LinkedHashMap<>();
    h.put("Access-Control-Allow-Origin", allowOrigin);
    h.putAll(preflightHeaders);
    return new CorsDecision(CorsDecision.Kind.PREFLIGHT_ALLOWED, h, null);
  }

  /**
   * Whether credentialed requests are allowed.
   *
   * @return true when {@code Access-Control-Allow-Credentials: true} is sent
   */
  public boolean allowCredentials() {
    return credentials;
  }

  /**
   * Every effective setting: origins (or any origin, named as the relaxation it is), patterns,
   * methods, headers, credentials and max-age.
   *
   * @return a one-line description
   */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("CorsPolicy{");
    if (sameOriginOnly) {
      sb.append("sameOriginOnly (every cross-origin request refused)");
    } else if (anyOrigin) {
      sb.append("origins=* (dangerouslyAllowAnyOrigin)");
    } else {
      sb.append("origins=").append(origins);
      if (!patternTexts.isEmpty()) {
        sb.append(", originPatterns=").append(patternTexts);
      }
    }
    sb.append(", methods=").append(methods);
    sb.append(", allowedHeaders=").append(headers);
    sb.append(", exposedHeaders=").append(exposed);
    sb.append(", allowCredentials=").append(credentials);
    sb.append(", maxAge=").append(maxAge);
    return sb.append('}').toString();
  }

  /**
   * Builder for {@link CorsPolicy}. Each setter checks its argument at once; those that add ({@code
   * allowedOrigins}, {@code allowedOriginPatterns}, {@code allowedHeaders}, {@code exposedHeaders})
   * may be called repeatedly, every other one once. {@link #build()} checks the combination. Every
   * failure is a {@link ConfigurationException}. Not thread-safe.
   */
  public static final class Builder {
    private final SetOnce once = new SetOnce("CorsPolicy.Builder");
    private final Set<String> origins = new LinkedHashSet<>();
    private final List<String> patternTexts = new ArrayList<>();
    private final List<OriginPattern> patterns = new ArrayList<>();
    private boolean anyOrigin;
    private final Set<String> methods = new LinkedHashSet<>(List.of("GET", "HEAD", "POST"));
    private final Set<String> headers = new LinkedHashSet<>();
    private final Set<String> exposed = new LinkedHashSet<>();
    private boolean credentials;
    private Duration maxAge = DEFAULT_MAX_AGE;
    private boolean sameOriginOnly;

    private Builder() {}

    /**
     * Adds exact origins.
     *
     * @param origins such as {@code https://app.example.com} or {@code http://localhost:3000}
     * @return this builder
     * @throws ConfigurationException for {@code *}, a path, a trailing slash or a missing scheme
     */
    public Builder allowedOrigins(String... origins) {
      return allowedOrigins(List.of(origins));
    }

    /**
     * Adds exact origins.
     *
     * @param origins the origins
     * @return this builder
     * @throws ConfigurationException for {@code *}, a path, a trailing slash or a missing scheme
     */
    public Builder allowedOrigins(List<String> origins) {
      for (String o : origins) {
        this.origins.add(Origins.parseConfigured(Objects.requireNonNull(o, "origin")));
      }
      return this;
    }

    /**
     * Adds subdomain patterns of the form {@code scheme://*.domain[:port]}; the wildcard stands for
     * one or more whole DNS labels and never matches the domain itself.
     *
     * @param patterns such as {@code https://*.example.com}
     * @return this builder
     * @throws ConfigurationException for any other form
     */
    public Builder allowedOriginPatterns(String... patterns) {
      for (String p : patterns) {
        this.patterns.add(parsePattern(Objects.requireNonNull(p, "pattern")));
        this.patternTexts.add(p);
      }
      return this;
    }

    private static OriginPattern parsePattern(String pattern) {
      int sep = pattern.indexOf("://*.");
      String error =
          "origin pattern '"
              + LogSafe.forLog(pattern, 100)
              + "' must look like https://*.example.com (a scheme, '*.', then a domain with at least"
              + " one dot, optionally a port)";
      if (sep <= 0) {
        throw new ConfigurationException(error);
      }
      String scheme = pattern.substring(0, sep).toLowerCase(Locale.ROOT);
      String rest = pattern.substring(sep + 5);
      String normalised = Origins.normalise(scheme + "://" + rest);
      if (normalised == null || rest.contains("*")) {
        throw new ConfigurationException(error);
      }
      String hostPort = normalised.substring(scheme.length() + 3);
      String host = hostPort;
      String port = null;
      int colon = hostPort.lastIndexOf(':');
      if (colon >= 0) {
        host = hostPort.substring(0, colon);
        port = hostPort.substring(colon + 1);
      }
      if (!host.contains(".")) {
        throw new ConfigurationException(
            error + ": a pattern over a top-level domain would match every site under it");
      }
      return new OriginPattern(scheme, "." + host, port);
    }

    /**
     * Allows every origin, sending {@code Access-Control-Allow-Origin: *}. Only for public,
     * credential-free APIs; cannot be combined with {@link #allowCredentials(boolean)}.
     *
     * @return this builder
     * @throws ConfigurationException when called twice
     */
    public Builder dangerouslyAllowAnyOrigin() {
      once.set("dangerouslyAllowAnyOrigin", true);
      this.anyOrigin = true;
      return this;
    }

    /**
     * Replaces the allowed methods (default {@code GET, HEAD, POST}).
     *
     * @param methods method names, case-sensitive, at least one
     * @return this builder
     * @throws ConfigurationException for a name that is not a method token, no name, or when called
     *     twice
     */
    public Builder allowedMethods(String... methods) {
      if (methods.length == 0) {
        throw new ConfigurationException(
            "CORS allowedMethods needs at least one method such as GET");
      }
      for (String m : methods) {
        if (!TOKEN.matcher(Objects.requireNonNull(m, "method")).matches() || m.equals("*")) {
          throw new ConfigurationException(
              "CORS method '" + LogSafe.forLog(m, 50) + "' must be a method name such as PUT");
        }
      }
      once.set("allowedMethods", List.of(methods));
      this.methods.clear();
      this.methods.addAll(List.of(methods));
      return this;
    }

    /**
     * Adds request headers a cross-origin caller may send (beyond the CORS-safelisted ones).
     *
     * @param headers header names such as {@code Content-Type}, {@code Authorization}
     * @return this builder
     * @throws ConfigurationException for a name that is not a header token, or {@code *}
     */
    public Builder allowedHeaders(String... headers) {
      for (String h : headers) {
        if (!TOKEN.matcher(h).matches() || h.equals("*")) {
          throw new ConfigurationException(
              "CORS header '"
                  + LogSafe.forLog(h, 50)
                  + "' must be a header name; '*' is not accepted, list the headers");
        }
        this.headers.add(h);
      }
      return this;
    }

    /**
     * Adds response headers that cross-origin scripts may read.
     *
     * @param headers header names
     * @return this builder
     * @throws ConfigurationException for a name that is not a header token, or {@code *}
     */
    public Builder exposedHeaders(String... headers) {
      for (String h : headers) {
        if (!TOKEN.matcher(h).matches() || h.equals("*")) {
          throw new ConfigurationException(
              "exposed header '" + LogSafe.forLog(h, 50) + "' must be a header name");
        }
        this.exposed.add(h);
      }
      return this;
    }

    /**
     * Whether cross-origin requests may carry cookies and HTTP authentication (default false).
     *
     * @param allow true to send {@code Access-Control-Allow-Credentials: true}
     * @return this builder
     * @throws ConfigurationException when called twice
     */
    public Builder allowCredentials(boolean allow) {
      once.set("allowCredentials", allow);
      this.credentials = allow;
      return this;
    }

    /**
     * How long browsers may cache a preflight answer (default 10 minutes; browsers cap it, Chromium
     * at 2 hours).
     *
     * @param maxAge 0 to 24 hours
     * @return this builder
     * @throws ConfigurationException outside that range, or when called twice
     */
    public Builder maxAge(Duration maxAge) {
      Objects.requireNonNull(maxAge, "maxAge");
      if (maxAge.isNegative() || maxAge.compareTo(Duration.ofHours(24)) > 0) {
        throw new ConfigurationException(
            "CORS maxAge must be between 0 and 24 hours, not " + maxAge + " (browsers cap it)");
      }
      once.set("maxAge", maxAge);
      this.maxAge = maxAge;
      return this;
    }

    /**
     * Validates and builds.
     *
     * @return the policy
     * @throws ConfigurationException for credentials with any origin, any origin with listed ones,
     *     or no origin at all
     */
    public CorsPolicy build() {
      if (anyOrigin && credentials) {
        throw new ConfigurationException(
            "CORS allowCredentials(true) with dangerouslyAllowAnyOrigin() would let every site"
                + " read your users' data: list the allowed origins instead");
      }
      if (anyOrigin && (!origins.isEmpty() || !patterns.isEmpty())) {
        throw new ConfigurationException(
            "CORS dangerouslyAllowAnyOrigin() makes allowedOrigins meaningless: use one or the"
                + " other");
      }
      if (!anyOrigin && origins.isEmpty() && patterns.isEmpty() && !sameOriginOnly) {
        throw new ConfigurationException(
            "CORS needs at least one allowed origin: call allowedOrigins(\"https://app.example.com\"),"
                + " or use CorsPolicy.sameOriginOnly() to refuse every cross-origin request");
      }
      return new CorsPolicy(this);
    }
  }
}
