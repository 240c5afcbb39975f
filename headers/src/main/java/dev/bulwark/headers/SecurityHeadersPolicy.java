package dev.bulwark.headers;

import dev.bulwark.encoding.LogSafe;
import dev.bulwark.web.ConfigurationException;
import dev.bulwark.web.InitParamBinder;
import dev.bulwark.web.PathPattern;
import dev.bulwark.web.Settings;
import dev.bulwark.web.Suggestions;
import dev.bulwark.web.internal.SetOnce;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The set of security headers a response gets, composed of small {@link SecurityHeader} units, plus
 * banner removal, {@code Cache-Control} for authenticated responses, {@link CookieHardening} and
 * per-path overrides.
 *
 * <h2>Defaults ({@link #defaults()})</h2>
 *
 * <table>
 *   <caption>Headers sent by default</caption>
 *   <tr><th>Header</th><th>Value</th></tr>
 *   <tr><td>Content-Security-Policy</td><td>{@link ContentSecurityPolicy#defaults()}
 *       ({@code upgrade-insecure-requests} on secure requests only)</td></tr>
 *   <tr><td>Cross-Origin-Opener-Policy</td><td>same-origin</td></tr>
 *   <tr><td>Cross-Origin-Resource-Policy</td><td>same-origin</td></tr>
 *   <tr><td>Origin-Agent-Cluster</td><td>?1</td></tr>
 *   <tr><td>Referrer-Policy</td><td>no-referrer</td></tr>
 *   <tr><td>Strict-Transport-Security</td><td>max-age=63072000; includeSubDomains (secure
 *       requests only)</td></tr>
 *   <tr><td>X-Content-Type-Options</td><td>nosniff</td></tr>
 *   <tr><td>X-DNS-Prefetch-Control</td><td>off</td></tr>
 *   <tr><td>X-Download-Options</td><td>noopen</td></tr>
 *   <tr><td>X-Frame-Options</td><td>DENY</td></tr>
 *   <tr><td>X-Permitted-Cross-Domain-Policies</td><td>none</td></tr>
 *   <tr><td>X-XSS-Protection</td><td>0 (the old XSS auditor caused leaks; CSP replaces it)</td></tr>
 *   <tr><td>Permissions-Policy</td><td>{@link PermissionsPolicy#denyAll()}</td></tr>
 *   <tr><td>Cache-Control</td><td>no-store, only on requests with {@code Authorization}, cookies
 *       or an authenticated principal, and only when the application set no {@code Cache-Control},
 *       {@code Expires} or {@code Pragma} itself</td></tr>
 * </table>
 *
 * <p>{@code Cross-Origin-Embedder-Policy} is opt-in ({@link
 * Builder#crossOriginEmbedderPolicy(CrossOriginEmbedderPolicy)}): it breaks cross-origin embeds.
 * The banners {@code X-Powered-By} and {@code Server} are dropped when the application sets them; a
 * banner the container adds itself after the response is committed (Jetty's {@code Server} header)
 * must be turned off in the container.
 *
 * <h2>Profiles: documents and API answers</h2>
 *
 * <p>The table above is the {@linkplain Profile#DOCUMENT document profile}. An API answer gets the
 * {@linkplain Profile#API API profile} instead, what the OWASP REST Security cheat sheet lists for
 * APIs (far fewer bytes, and no nonce is drawn):
 *
 * <table>
 *   <caption>Headers of the API profile</caption>
 *   <tr><th>Header</th><th>Value</th></tr>
 *   <tr><td>Content-Security-Policy</td><td>frame-ancestors 'none'</td></tr>
 *   <tr><td>Cross-Origin-Resource-Policy</td><td>as configured (same-origin)</td></tr>
 *   <tr><td>Strict-Transport-Security</td><td>as configured (secure requests only)</td></tr>
 *   <tr><td>X-Content-Type-Options</td><td>nosniff</td></tr>
 *   <tr><td>X-Frame-Options</td><td>DENY</td></tr>
 *   <tr><td>Cache-Control</td><td>no-store, by the same rule as for documents</td></tr>
 *   <tr><td>headers added with {@link Builder#header(SecurityHeader)} under other names</td>
 *       <td>as configured</td></tr>
 * </table>
 *
 * <p>A header disabled in the policy is absent from both profiles; banner removal and cookie
 * hardening apply to both. {@link #profileFor(String, String, boolean)} chooses, from what the
 * servlet filter knows when the response commits (never by buffering the body):
 *
 * <ol>
 *   <li>{@link Builder#documentProfileOnly()}, or the application read the CSP nonce: document;
 *   <li>{@code application/json} or {@code application/*+json} ({@code problem+json} included):
 *       API;
 *   <li>an empty type, or one a browser may render or run (HTML, XML and {@code +xml} such as XHTML
 *       and SVG, XSL, JavaScript, PDF, {@code multipart/*}): document;
 *   <li>a path of {@link Builder#apiProfileFor(String...)}: API (no type, or any other type);
 *   <li>anything else, a response without a type included: document (fail safe).
 * </ol>
 *
 * <p>The filter also sends the document set when the container renders the body ({@code
 * sendError}).
 *
 * <h2>Per-path overrides</h2>
 *
 * <pre>{@code
 * SecurityHeadersPolicy policy = SecurityHeadersPolicy.builder()
 *     .contentSecurityPolicy(ContentSecurityPolicy.strict().reportUri("/csp-reports").build())
 *     .forPath("/docs/**", SecurityHeadersPolicy.builder()
 *         .contentSecurityPolicy(ContentSecurityPolicy.defaults()).build())
 *     .noHeadersForPath("/static/**")
 *     .build();
 * }</pre>
 *
 * <p>The first matching override wins; paths are matched against the servlet path plus path info.
 *
 * <h2>Settings ({@link #fromSettings(Settings)}, {@code web.xml} init-params)</h2>
 *
 * <table>
 *   <caption>The settings vocabulary; each is optional, {@code off} drops a header</caption>
 *   <tr><th>Name</th><th>Value</th><th>Default</th></tr>
 *   <tr><td>contentSecurityPolicy</td><td>{@code strict} ({@link ContentSecurityPolicy#strict()}),
 *       {@code default}, policy text ({@code 'nonce-{nonce}'} for the nonce) or {@code off}</td>
 *       <td>{@link ContentSecurityPolicy#defaults()}</td></tr>
 *   <tr><td>contentSecurityPolicyReportOnly</td><td>policy text</td><td>none</td></tr>
 *   <tr><td>strictTransportSecurity</td><td>{@code max-age=<seconds>[; includeSubDomains][;
 *       preload]} or {@code off}</td><td>{@code max-age=63072000; includeSubDomains}</td></tr>
 *   <tr><td>referrerPolicy</td><td>a Referrer-Policy value or {@code off}</td><td>{@code
 *       no-referrer}</td></tr>
 *   <tr><td>frameOptions</td><td>{@code DENY}, {@code SAMEORIGIN} or {@code off}</td><td>{@code
 *       DENY}</td></tr>
 *   <tr><td>crossOriginOpenerPolicy</td><td>a COOP value or {@code off}</td><td>{@code
 *       same-origin}</td></tr>
 *   <tr><td>crossOriginResourcePolicy</td><td>a CORP value or {@code off}</td><td>{@code
 *       same-origin}</td></tr>
 *   <tr><td>crossOriginEmbedderPolicy</td><td>{@code require-corp} or {@code
 *       credentialless}</td><td>not sent</td></tr>
 *   <tr><td>permissionsPolicyAllow</td><td>{@code feature=allowlist} pairs separated by {@code
 *       ;} ({@link PermissionsPolicy#parse(String)})</td><td>deny-all</td></tr>
 *   <tr><td>originAgentCluster</td><td>{@code true} or {@code false}</td><td>{@code true}</td></tr>
 *   <tr><td>cacheControl</td><td>{@code when-authenticated}, {@code always} or {@code
 *       never}</td><td>{@code when-authenticated}</td></tr>
 *   <tr><td>removeHeaders</td><td>comma-separated header names</td><td>{@code X-Powered-By,
 *       Server}</td></tr>
 *   <tr><td>hardenCookies</td><td>{@code true} or {@code false}</td><td>{@code true}</td></tr>
 *   <tr><td>scriptReadableCookies</td><td>comma-separated cookie names</td><td>none</td></tr>
 *   <tr><td>cookieSameSite</td><td>{@code lax} or {@code strict}</td><td>{@code lax}</td></tr>
 *   <tr><td>apiProfileForPaths</td><td>comma-separated path patterns</td><td>none</td></tr>
 *   <tr><td>documentProfileOnly</td><td>{@code true} or {@code false}</td><td>{@code
 *       false}</td></tr>
 *   <tr><td>noHeadersForPaths</td><td>comma-separated path patterns</td><td>none</td></tr>
 * </table>
 *
 * <p>Immutable and thread-safe: every header string is computed when the policy is built. {@link
 * #toString()} lists every effective setting.
 */
public final class SecurityHeadersPolicy {

  /** When to add {@code Cache-Control: no-store}. */
  public enum CacheControl {
    /**
     * On responses to requests that carry {@code Authorization}, a {@code Cookie} or an
     * authenticated principal (the default): such responses may be personal.
     */
    WHEN_AUTHENTICATED,
    /** On every response. */
    ALWAYS,
    /** Never; the application manages caching. */
    NEVER
  }

  /**
   * Which header set a response gets. See the class comment for the headers of each and for how the
   * filter chooses.
   */
  public enum Profile {
    /** The full browser set, with the nonce CSP: for HTML and anything a browser may render. */
    DOCUMENT,
    /** The OWASP REST set: for JSON and other API answers, no nonce. */
    API
  }

  /** The value written for {@code Cache-Control}. */
  public static final String NO_STORE = "no-store";

  /** The CSP of the {@linkplain Profile#API API profile}. */
  private static final SecurityHeader API_CSP =
      SecurityHeader.fixed("Content-Security-Policy", "frame-ancestors 'none'");

  /** Headers that only mean something to a document (lower case); the API profile drops them. */
  private static final Set<String> DOCUMENT_ONLY =
      Set.of(
          "content-security-policy-report-only",
          "cross-origin-opener-policy",
          "cross-origin-embedder-policy",
          "origin-agent-cluster",
          "referrer-policy",
          "x-dns-prefetch-control",
          "x-download-options",
          "x-permitted-cross-domain-policies",
          "x-xss-protection",
          "permissions-policy");

  private static final SecurityHeadersPolicy DEFAULTS = new Builder().build();

  private final List<SecurityHeader> headers;
  private final List<String> disabled;
  private final List<SecurityHeader> apiHeaders;
  private final boolean usesNonce;
  private final boolean documentProfileOnly;
  private final List<PathPattern> apiPaths;
  private final CacheControl cacheControl;
  private final Set<String> removedHeaders;
  private final SortedSet<String> removedLookup;
  private final @Nullable CookieHardening cookieHardening;
  private final List<PathOverride> overrides;

  private record PathOverride(PathPattern pattern, @Nullable SecurityHeadersPolicy policy) {}

  private SecurityHeadersPolicy(Builder b) {
    this.headers = List.copyOf(b.headers.values());
    this.disabled = List.copyOf(b.disabled);
    boolean nonce = false;
    for (SecurityHeader h : headers) {
      if (h instanceof ContentSecurityPolicy csp && csp.usesNonce()) {
        nonce = true;
      }
    }
    this.usesNonce = nonce;
    this.apiHeaders = apiHeaders(headers);
    this.documentProfileOnly = b.documentProfileOnly;
    this.apiPaths = List.copyOf(b.apiPaths);
    this.cacheControl = b.cacheControl;
    this.removedHeaders = Collections.unmodifiableSet(new LinkedHashSet<>(b.removedHeaders));
    TreeSet<String> lookup = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
    lookup.addAll(b.removedHeaders);
    this.removedLookup = Collections.unmodifiableSortedSet(lookup);
    this.cookieHardening = b.cookieHardening;
    this.overrides = List.copyOf(b.overrides);
  }

  /**
   * The API profile: what the OWASP REST Security cheat sheet lists for API responses, taken from
   * the document headers so that a header disabled there stays disabled here.
   */
  private static List<SecurityHeader> apiHeaders(List<SecurityHeader> document) {
    List<SecurityHeader> api = new ArrayList<>();
    for (SecurityHeader h : document) {
      String name = h.headerName().toLowerCase(Locale.ROOT);
      if (name.equals("content-security-policy")) {
        api.add(API_CSP);
      } else if (name.equals("x-frame-options")) {
        api.add(FrameOptions.DENY);
      } else if (!DOCUMENT_ONLY.contains(name)) {
        api.add(h);
      }
    }
    return List.copyOf(api);
  }

  /**
   * The default policy (see the class comment).
   *
   * @return the shared default policy
   */
  public static SecurityHeadersPolicy defaults() {
    return DEFAULTS;
  }

  /**
   * A builder starting from the defaults.
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The policy described by settings (the vocabulary in the class comment), as {@code web.xml}
   * init-params or any other front-end give them: the same keys build the same policy everywhere.
   *
   * @param s the settings
   * @return the policy
   * @throws ConfigurationException on an unknown key (with "did you mean"), a bad value (naming the
   *     key, the value and the accepted form) or a contradictory combination
   */
  public static SecurityHeadersPolicy fromSettings(Settings s) {
    Builder b = builder();
    CookieHardening.Builder cookies = CookieHardening.builder();
    s.apply(
        s.binder()
            .param(
                "contentSecurityPolicy",
                "strict (the nonce-based ContentSecurityPolicy.strict()), default, a policy such"
                    + " as default-src 'self'; script-src 'nonce-{nonce}', or off",
                v -> switchable(b, "Content-Security-Policy", v, () -> namedOrParsedPolicy(v)))
            .param(
                "contentSecurityPolicyReportOnly",
                "a policy such as default-src 'self'; report-uri /csp-reports",
                v -> b.header(ContentSecurityPolicy.parse(v, true)))
            .param(
                "strictTransportSecurity",
                "max-age=<seconds>[; includeSubDomains][; preload], or off",
                v ->
                    switchable(
                        b, "Strict-Transport-Security", v, () -> StrictTransportSecurity.parse(v)))
            .param(
                "referrerPolicy",
                "a Referrer-Policy value such as no-referrer, or off",
                v -> switchable(b, "Referrer-Policy", v, () -> ReferrerPolicy.fromHeaderValue(v)))
            .param(
                "frameOptions",
                "DENY, SAMEORIGIN or off",
                v -> switchable(b, "X-Frame-Options", v, () -> FrameOptions.fromHeaderValue(v)))
            .param(
                "crossOriginOpenerPolicy",
                "same-origin, same-origin-allow-popups, noopener-allow-popups, unsafe-none or off",
                v ->
                    switchable(
                        b,
                        "Cross-Origin-Opener-Policy",
                        v,
                        () -> CrossOriginOpenerPolicy.fromHeaderValue(v)))
            .param(
                "crossOriginResourcePolicy",
                "same-origin, same-site, cross-origin or off",
                v ->
                    switchable(
                        b,
                        "Cross-Origin-Resource-Policy",
                        v,
                        () -> CrossOriginResourcePolicy.fromHeaderValue(v)))
            .param(
                "crossOriginEmbedderPolicy",
                "require-corp or credentialless (off by default)",
                v -> b.crossOriginEmbedderPolicy(CrossOriginEmbedderPolicy.fromHeaderValue(v)))
            .param(
                "permissionsPolicyAllow",
                "feature=allowlist pairs separated by ';', such as fullscreen=self; payment=self"
                    + " https://pay.example.com",
                v -> b.permissionsPolicy(PermissionsPolicy.parse(v)))
            .param(
                "originAgentCluster",
                "true or false",
                v -> {
                  if (!Settings.bool(v)) {
                    b.disable("Origin-Agent-Cluster");
                  }
                })
            .param(
                "cacheControl",
                "when-authenticated, always or never",
                v -> b.cacheControl(InitParamBinder.enumValue(CacheControl.class, v)))
            .param(
                "removeHeaders",
                "comma-separated header names such as X-Powered-By, Server",
                v -> b.removeHeaders(array(v)))
            .param(
                "hardenCookies",
                "true or false",
                v -> {
                  if (!Settings.bool(v)) {
                    b.noCookieHardening();
                  }
                })
            .param(
                "scriptReadableCookies",
                "comma-separated cookie names",
                v -> cookies.scriptReadable(array(v)))
            .param(
                "cookieSameSite",
                "lax or strict",
                v ->
                    cookies.defaultSameSite(
                        InitParamBinder.enumValue(CookieHardening.SameSite.class, v)))
            .param(
                "apiProfileForPaths",
                "comma-separated patterns such as /api/**",
                v -> b.apiProfileFor(array(v)))
            .param(
                "documentProfileOnly",
                "true or false",
                v -> {
                  if (Settings.bool(v)) {
                    b.documentProfileOnly();
                  }
                })
            .param(
                "noHeadersForPaths",
                "comma-separated patterns such as /static/**, *.png",
                v -> Settings.list(v).forEach(b::noHeadersForPath)));
    return s.build(
        () -> {
          if (cookies.changed()) {
            if (b.once.isSet("cookieHardening")) {
              throw new ConfigurationException(
                  "hardenCookies=false contradicts scriptReadableCookies and cookieSameSite, which"
                      + " configure the hardening: drop one or the other");
            }
            b.cookieHardening(cookies.build());
          }
          return b.build();
        });
  }

  /** A header setting whose value {@code off} drops the header. */
  private static void switchable(
      Builder b, String name, String value, Supplier<SecurityHeader> parse) {
    if (value.equalsIgnoreCase("off")) {
      b.disable(name);
    } else {
      b.header(parse.get());
    }
  }

  /** {@code strict} and {@code default} name the two built-in policies; anything else is text. */
  private static ContentSecurityPolicy namedOrParsedPolicy(String value) {
    if (value.equalsIgnoreCase("strict")) {
      return ContentSecurityPolicy.strict().build();
    }
    if (value.equalsIgnoreCase("default")) {
      return ContentSecurityPolicy.defaults();
    }
    return ContentSecurityPolicy.parse(value, false);
  }

  private static String[] array(String list) {
    return Settings.list(list).toArray(new String[0]);
  }

  /**
   * The policy that applies to a path.
   *
   * @param path the servlet path plus path info
   * @return the override for the path, this policy, or null when the path gets no headers
   */
  public @Nullable SecurityHeadersPolicy forPath(String path) {
    for (PathOverride o : overrides) {
      if (o.pattern().matches(path)) {
        return o.policy();
      }
    }
    return this;
  }

  /**
   * The headers of the {@linkplain Profile#DOCUMENT document profile}, in order.
   *
   * @return the header units
   */
  public List<SecurityHeader> headers() {
    return headers;
  }

  /**
   * The headers of one profile, in order.
   *
   * @param profile the profile
   * @return the header units ({@link #headers()} for {@link Profile#DOCUMENT})
   */
  public List<SecurityHeader> headers(Profile profile) {
    return profile == Profile.API ? apiHeaders : headers;
  }

  /**
   * The profile for one response, chosen from what is known when its headers are committed (see the
   * class comment). Allocation-free.
   *
   * @param path the servlet path plus path info
   * @param contentType the response's {@code Content-Type} (parameters allowed), or null when the
   *     application set none
   * @param nonceRead whether the application read the CSP nonce (it is rendering a page)
   * @return the profile
   */
  public Profile profileFor(String path, @Nullable String contentType, boolean nonceRead) {
    if (documentProfileOnly || nonceRead) {
      return Profile.DOCUMENT;
    }
    if (contentType != null) {
      int end = mediaTypeEnd(contentType);
      if (isJson(contentType, end)) {
        return Profile.API;
      }
      if (end == 0 || isActiveDocument(contentType, end)) {
        return Profile.DOCUMENT;
      }
    }
    for (PathPattern p : apiPaths) {
      if (p.matches(path)) {
        return Profile.API;
      }
    }
    return Profile.DOCUMENT;
  }

  private static int mediaTypeEnd(String contentType) {
    int end = contentType.indexOf(';');
    end = end < 0 ? contentType.length() : end;
    while (end > 0 && contentType.charAt(end - 1) == ' ') {
      end--;
    }
    return end;
  }

  private static boolean is(String type, int end, String expected) {
    return end == expected.length() && type.regionMatches(true, 0, expected, 0, end);
  }

  private static boolean endsWith(String type, int end, String suffix) {
    return end > suffix.length()
        && type.regionMatches(true, end - suffix.length(), suffix, 0, suffix.length());
  }

  private static boolean isJson(String type, int end) {
    return is(type, end, "application/json")
        || (type.regionMatches(true, 0, "application/", 0, 12) && endsWith(type, end, "+json"));
  }

  /** Types a browser may render as a page or run as a script: they keep the document set. */
  private static boolean isActiveDocument(String type, int end) {
    return is(type, end, "text/html")
        || endsWith(type, end, "/xml")
        || endsWith(type, end, "+xml")
        || endsWith(type, end, "/xsl")
        || endsWith(type, end, "/javascript")
        || endsWith(type, end, "/ecmascript")
        || is(type, end, "application/pdf")
        || type.regionMatches(true, 0, "multipart/", 0, 10);
  }

  /**
   * Whether every response gets the document set ({@link Builder#documentProfileOnly()}).
   *
   * @return true when the API profile is off
   */
  public boolean documentProfileOnly() {
    return documentProfileOnly;
  }

  /**
   * Whether a response needs a fresh CSP nonce.
   *
   * @return true when a CSP of this policy uses {@link ContentSecurityPolicy#NONCE}
   */
  public boolean usesNonce() {
    return usesNonce;
  }

  /**
   * When {@code Cache-Control: no-store} is added.
   *
   * @return the mode
   */
  public CacheControl cacheControl() {
    return cacheControl;
  }

  /**
   * Headers the application may not set (banners).
   *
   * @return header names, as configured
   */
  public Set<String> removedHeaders() {
    return removedHeaders;
  }

  /**
   * Whether the application may not set a header (a banner), by case-insensitive name.
   *
   * @param name the header name
   * @return true when the header is dropped
   */
  public boolean isRemoved(String name) {
    return removedLookup.contains(name);
  }

  /**
   * How cookies are hardened.
   *
   * @return the hardening, or null after {@link Builder#noCookieHardening()}
   */
  public @Nullable CookieHardening cookieHardening() {
    return cookieHardening;
  }

  /**
   * The effective settings: each profile's headers as a secure request gets them (the nonce shown
   * as {@code {nonce}}), the headers turned off, how the profile is chosen, caching, banners,
   * cookies and path overrides. Two policies built from the same settings, in code or from {@code
   * web.xml}, have the same description.
   *
   * @return a one-line description
   */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("SecurityHeadersPolicy{document=");
    describe(sb, headers);
    if (!disabled.isEmpty()) {
      sb.append(", off=").append(disabled);
    }
    if (documentProfileOnly) {
      sb.append(", api=off (documentProfileOnly)");
    } else {
      sb.append(", api=");
      describe(sb, apiHeaders);
      sb.append(" for JSON responses");
      if (!apiPaths.isEmpty()) {
        sb.append(" and for non-document responses on ").append(apiPaths);
      }
    }
    sb.append(", cacheControl=").append(cacheControl);
    sb.append(", removeHeaders=").append(removedHeaders);
    CookieHardening c = cookieHardening;
    sb.append(", cookieHardening=").append(c == null ? "off (noCookieHardening)" : c.toString());
    if (!overrides.isEmpty()) {
      sb.append(", overrides=[");
      for (int i = 0; i < overrides.size(); i++) {
        PathOverride o = overrides.get(i);
        sb.append(i == 0 ? "" : ", ").append(o.pattern()).append(" -> ");
        sb.append(o.policy() == null ? "no headers" : o.policy().toString());
      }
      sb.append(']');
    }
    return sb.append('}').toString();
  }

  private static void describe(StringBuilder sb, List<SecurityHeader> units) {
    HeaderContext shown = new HeaderContext(true, "{nonce}");
    sb.append('[');
    for (int i = 0; i < units.size(); i++) {
      SecurityHeader h = units.get(i);
      sb.append(i == 0 ? "" : ", ").append(h.headerName()).append(": ").append(h.value(shown));
    }
    sb.append(']');
  }

  /**
   * Builder for {@link SecurityHeadersPolicy}, starting from the defaults. Each setter checks its
   * argument at once; a header may be set (or {@linkplain #disable disabled}) once, and so may
   * every other setting, except the path overrides, which add up. {@link #build()} checks the
   * combination. Every failure is a {@link ConfigurationException}. Not thread-safe.
   */
  public static final class Builder {
    private final SetOnce once = new SetOnce("SecurityHeadersPolicy.Builder");
    private final Map<String, SecurityHeader> headers = new LinkedHashMap<>();
    // lower-case name to the spelling first used: one setting per header, whatever the case
    private final Map<String, String> settingNames = new LinkedHashMap<>();
    private final List<String> disabled = new ArrayList<>();
    private CacheControl cacheControl = CacheControl.WHEN_AUTHENTICATED;
    private final Set<String> removedHeaders =
        new LinkedHashSet<>(List.of("X-Powered-By", "Server"));
    private @Nullable CookieHardening cookieHardening = CookieHardening.defaults();
    private final List<PathOverride> overrides = new ArrayList<>();
    private final List<PathPattern> apiPaths = new ArrayList<>();
    private boolean documentProfileOnly;

    private Builder() {
      preset(ContentSecurityPolicy.defaults());
      preset(CrossOriginOpenerPolicy.SAME_ORIGIN);
      preset(CrossOriginResourcePolicy.SAME_ORIGIN);
      preset(SecurityHeader.fixed("Origin-Agent-Cluster", "?1"));
      preset(ReferrerPolicy.NO_REFERRER);
      preset(StrictTransportSecurity.defaults());
      preset(SecurityHeader.fixed("X-Content-Type-Options", "nosniff"));
      preset(SecurityHeader.fixed("X-DNS-Prefetch-Control", "off"));
      preset(SecurityHeader.fixed("X-Download-Options", "noopen"));
      preset(FrameOptions.DENY);
      preset(SecurityHeader.fixed("X-Permitted-Cross-Domain-Policies", "none"));
      preset(SecurityHeader.fixed("X-XSS-Protection", "0"));
      preset(PermissionsPolicy.denyAll());
    }

    private void preset(SecurityHeader header) {
      headers.put(header.headerName().toLowerCase(Locale.ROOT), header);
    }

    private String settingName(String headerName) {
      return settingNames.computeIfAbsent(headerName.toLowerCase(Locale.ROOT), k -> headerName);
    }

    /**
     * Adds a header unit, or replaces the default of that name (case-insensitive).
     *
     * @param header the header
     * @return this builder
     * @throws ConfigurationException when a header of that name was set or disabled before
     */
    public Builder header(SecurityHeader header) {
      Objects.requireNonNull(header, "header");
      once.set(settingName(header.headerName()), shown(header));
      preset(header);
      return this;
    }

    private static String shown(SecurityHeader h) {
      return Objects.requireNonNullElse(h.value(new HeaderContext(true, "{nonce}")), "(not sent)");
    }

    /**
     * Drops a header by name.
     *
     * @param headerName such as {@code X-Download-Options}
     * @return this builder
     * @throws ConfigurationException when no such header is configured (a typo), or when it was set
     *     or disabled before
     */
    public Builder disable(String headerName) {
      Objects.requireNonNull(headerName, "headerName");
      SecurityHeader h = headers.get(headerName.toLowerCase(Locale.ROOT));
      if (h == null) {
        List<String> names = new ArrayList<>();
        headers.values().forEach(x -> names.add(x.headerName()));
        throw new ConfigurationException(
            "disable: no header '"
                + LogSafe.forLog(headerName, 100)
                + "' to disable."
                + Suggestions.didYouMean(headerName, names)
                + " Configured: "
                + String.join(", ", names));
      }
      once.set(settingName(h.headerName()), "off");
      headers.remove(headerName.toLowerCase(Locale.ROOT));
      disabled.add(h.headerName());
      return this;
    }

    /**
     * Sets the CSP; a {@linkplain ContentSecurityPolicy#reportOnly() report-only} policy goes to
     * {@code Content-Security-Policy-Report-Only} and leaves the enforced one in place (to trial a
     * stricter policy next to the current one).
     *
     * @param csp the policy
     * @return this builder
     * @throws ConfigurationException when that header was set or disabled before
     */
    public Builder contentSecurityPolicy(ContentSecurityPolicy csp) {
      return header(csp);
    }

    /**
     * Sets HSTS.
     *
     * @param hsts the header
     * @return this builder
     * @throws ConfigurationException when it was set or disabled before
     */
    public Builder strictTransportSecurity(StrictTransportSecurity hsts) {
      return header(hsts);
    }

    /**
     * Sets the Referrer-Policy.
     *
     * @param policy the policy
     * @return this builder
     * @throws ConfigurationException when it was set or disabled before
     */
    public Builder referrerPolicy(ReferrerPolicy policy) {
      return header(policy);
    }

    /**
     * Sets X-Frame-Options.
     *
     * @param options the value
     * @return this builder
     * @throws ConfigurationException when it was set or disabled before
     */
    public Builder frameOptions(FrameOptions options) {
      return header(options);
    }

    /**
     * Sets the Permissions-Policy.
     *
     * @param policy the policy
     * @return this builder
     * @throws ConfigurationException when it was set or disabled before
     */
    public Builder permissionsPolicy(PermissionsPolicy policy) {
      return header(policy);
    }

    /**
     * Sets COOP.
     *
     * @param policy the policy
     * @return this builder
     * @throws ConfigurationException when it was set or disabled before
     */
    public Builder crossOriginOpenerPolicy(CrossOriginOpenerPolicy policy) {
      return header(policy);
    }

    /**
     * Sets CORP.
     *
     * @param policy the policy
     * @return this builder
     * @throws ConfigurationException when it was set or disabled before
     */
    public Builder crossOriginResourcePolicy(CrossOriginResourcePolicy policy) {
      return header(policy);
    }

    /**
     * Turns on COEP (off by default: it breaks cross-origin embeds that do not opt in).
     *
     * @param policy the policy
     * @return this builder
     * @throws ConfigurationException when called twice
     */
    public Builder crossOriginEmbedderPolicy(CrossOriginEmbedderPolicy policy) {
      return header(policy);
    }

    /**
     * When to add {@code Cache-Control: no-store}.
     *
     * @param mode the mode
     * @return this builder
     * @throws ConfigurationException when called twice
     */
    public Builder cacheControl(CacheControl mode) {
      Objects.requireNonNull(mode, "mode");
      once.set("cacheControl", mode);
      this.cacheControl = mode;
      return this;
    }

    /**
     * Replaces the headers the application may not set (default {@code X-Powered-By} and {@code
     * Server}); no names keeps every banner the application sets.
     *
     * @param names header names
     * @return this builder
     * @throws ConfigurationException for a name that is not an RFC 9110 token, or when called twice
     */
    public Builder removeHeaders(String... names) {
      Objects.requireNonNull(names, "names");
      for (String n : names) {
        HeaderSyntax.checkName(Objects.requireNonNull(n, "name"));
      }
      once.set("removeHeaders", List.of(names));
      removedHeaders.clear();
      removedHeaders.addAll(List.of(names));
      return this;
    }

    /**
     * How cookies are hardened (default {@link CookieHardening#defaults()}).
     *
     * @param hardening the hardening
     * @return this builder
     * @throws ConfigurationException when called twice or after {@link #noCookieHardening()}
     */
    public Builder cookieHardening(CookieHardening hardening) {
      Objects.requireNonNull(hardening, "hardening");
      once.set("cookieHardening", hardening);
      this.cookieHardening = hardening;
      return this;
    }

    /**
     * Leaves every cookie as the application set it: no {@code Secure}, {@code HttpOnly} or {@code
     * SameSite} is added.
     *
     * @return this builder
     * @throws ConfigurationException when called twice or after {@link
     *     #cookieHardening(CookieHardening)}
     */
    public Builder noCookieHardening() {
      once.set("cookieHardening", "off");
      this.cookieHardening = null;
      return this;
    }

    /**
     * Uses another policy for matching paths (the first matching override wins).
     *
     * @param pattern {@code /exact}, {@code /prefix/**} or {@code *.ext}
     * @param policy the policy for those paths; it may not have overrides of its own
     * @return this builder
     * @throws ConfigurationException for a malformed pattern, one given before, or a policy with
     *     overrides
     */
    public Builder forPath(String pattern, SecurityHeadersPolicy policy) {
      Objects.requireNonNull(policy, "policy");
      if (!policy.overrides.isEmpty()) {
        throw new ConfigurationException(
            "forPath: the policy for "
                + LogSafe.forLog(pattern, 100)
                + " has path overrides of its own: overrides do not nest");
      }
      overrides.add(new PathOverride(override("forPath", pattern), policy));
      return this;
    }

    /**
     * Sends no security headers (and hardens no cookies) on matching paths, such as static assets
     * served by a CDN that sets its own.
     *
     * @param pattern {@code /exact}, {@code /prefix/**} or {@code *.ext}
     * @return this builder
     * @throws ConfigurationException for a malformed pattern or one given before
     */
    public Builder noHeadersForPath(String pattern) {
      overrides.add(new PathOverride(override("noHeadersForPath", pattern), null));
      return this;
    }

    private PathPattern override(String setting, String pattern) {
      PathPattern p = parse(setting, pattern);
      for (PathOverride o : overrides) {
        if (o.pattern().equals(p)) {
          throw new ConfigurationException(
              setting
                  + ": "
                  + p
                  + " already has an override (the first match wins, so a second one would never"
                  + " apply)");
        }
      }
      return p;
    }

    private static PathPattern parse(String setting, String pattern) {
      Objects.requireNonNull(pattern, "pattern");
      try {
        return PathPattern.parse(pattern);
      } catch (IllegalArgumentException e) {
        throw new ConfigurationException(setting + ": " + e.getMessage(), e);
      }
    }

    /**
     * Gives the {@linkplain Profile#API API profile} to responses on matching paths that have no
     * content type (a 204, a redirect, a 401 without a body) or a type that is neither JSON nor one
     * a browser renders as a page. HTML, XML, SVG, JavaScript, PDF and multipart answers on those
     * paths keep the document set, and so does a response whose application read the CSP nonce or
     * called {@code sendError} (the container renders that page). JSON answers get the API profile
     * on every path without this setting. Set once, with every pattern.
     *
     * @param patterns {@code /exact}, {@code /prefix/**} or {@code *.ext}, at least one
     * @return this builder
     * @throws ConfigurationException when called twice, or with no or a malformed pattern
     */
    public Builder apiProfileFor(String... patterns) {
      Objects.requireNonNull(patterns, "patterns");
      if (patterns.length == 0) {
        throw new ConfigurationException(
            "apiProfileFor needs at least one path pattern such as /api/**");
      }
      List<PathPattern> parsed = new ArrayList<>();
      for (String p : patterns) {
        parsed.add(parse("apiProfileFor", p));
      }
      once.set("apiProfileFor", parsed);
      apiPaths.addAll(parsed);
      return this;
    }

    /**
     * Sends the {@linkplain Profile#DOCUMENT document set} on every response, JSON included (the
     * behaviour before profiles existed; bigger API answers, and a nonce on each). Set once.
     *
     * @return this builder
     * @throws ConfigurationException when called twice
     */
    public Builder documentProfileOnly() {
      once.set("documentProfileOnly", true);
      documentProfileOnly = true;
      return this;
    }

    /**
     * Builds the policy.
     *
     * @return the immutable policy
     * @throws ConfigurationException when the same header is both written and removed, or {@link
     *     #documentProfileOnly()} is combined with {@link #apiProfileFor(String...)}
     */
    public SecurityHeadersPolicy build() {
      if (documentProfileOnly && !apiPaths.isEmpty()) {
        throw new ConfigurationException(
            "documentProfileOnly() contradicts apiProfileFor"
                + apiPaths
                + ": the first turns the API profile off, the second extends it. Use one");
      }
      for (String r : removedHeaders) {
        if (headers.containsKey(r.toLowerCase(Locale.ROOT))) {
          throw new ConfigurationException(
              "header " + r + " is both written and removed: drop it from removeHeaders(...)");
        }
      }
      return new SecurityHeadersPolicy(this);
    }
  }
}
