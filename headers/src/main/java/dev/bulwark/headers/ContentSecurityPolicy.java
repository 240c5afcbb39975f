package dev.bulwark.headers;

import dev.bulwark.encoding.LogSafe;
import dev.bulwark.web.ConfigurationException;
import dev.bulwark.web.Suggestions;
import dev.bulwark.web.internal.SetOnce;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A Content Security Policy (CSP Level 3), built from typed directives and validated like Helmet's,
 * with support for a fresh nonce on every response.
 *
 * <h2>Defaults</h2>
 *
 * {@link #defaults()} is Helmet 8's policy with clickjacking protection tightened to {@code
 * frame-ancestors 'none'}:
 *
 * <pre>
 * default-src 'self'; base-uri 'self'; font-src 'self' https: data:; form-action 'self';
 * frame-ancestors 'none'; img-src 'self' data:; object-src 'none'; script-src 'self';
 * script-src-attr 'none'; style-src 'self' https: 'unsafe-inline'; upgrade-insecure-requests
 * </pre>
 *
 * {@code upgrade-insecure-requests} is only sent on secure requests, so that plain-HTTP {@code
 * localhost} development keeps loading its own resources. {@link #strict()} is the nonce-based
 * "strict CSP" Google recommends, which defeats injected scripts even on pages that must load
 * third-party scripts.
 *
 * <h2>Nonces</h2>
 *
 * Put {@link #NONCE} in {@code script-src} or {@code style-src}: the filter then draws 128 bits
 * from {@link java.security.SecureRandom} for every response, sends {@code 'nonce-…'} in the header
 * and exposes the base64 value to templates as the request attribute {@link #NONCE_ATTRIBUTE}:
 * {@code <script nonce="${cspNonce}">}. A nonce must never be fixed or reused: a literal {@code
 * 'nonce-abc'} source is refused.
 *
 * <h2>Validation ({@link Builder#build()} and every setter)</h2>
 *
 * <ul>
 *   <li>Keywords must be quoted: {@code self} is refused with "did you mean {@code 'self'}?".
 *   <li>No source may contain whitespace, {@code ;} or {@code ,} (directive or policy injection),
 *       control or non-ASCII characters.
 *   <li>Quoted sources must be known keywords, {@code 'sha256|384|512-<base64>'} hashes or {@link
 *       #NONCE}; {@code 'none'} must stand alone.
 *   <li>A misspelt directive name ({@code scirpt-src}) is refused with a suggestion.
 *   <li>{@code default-src} is required unless {@link Builder#dangerouslyDisableDefaultSrc()}.
 * </ul>
 *
 * <pre>{@code
 * ContentSecurityPolicy csp = ContentSecurityPolicy.builder()       // starts from defaults()
 *     .directive("script-src", ContentSecurityPolicy.NONCE, ContentSecurityPolicy.STRICT_DYNAMIC)
 *     .directive("connect-src", ContentSecurityPolicy.SELF, "https://api.example.com")
 *     .reportUri("/csp-reports")
 *     .build();
 * }</pre>
 *
 * <p>Immutable and thread-safe. The header text is computed once; a nonce is spliced in per
 * response.
 */
public final class ContentSecurityPolicy implements SecurityHeader {

  /** The request attribute holding this response's nonce (base64), for templates. */
  public static final String NONCE_ATTRIBUTE = "cspNonce";

  /** Placeholder source replaced by {@code 'nonce-<fresh value>'} on every response. */
  public static final String NONCE = "'nonce-{nonce}'";

  /** {@code 'self'}. */
  public static final String SELF = "'self'";

  /** {@code 'none'}. */
  public static final String NONE = "'none'";

  /** {@code 'strict-dynamic'}: scripts trusted by nonce or hash may load further scripts. */
  public static final String STRICT_DYNAMIC = "'strict-dynamic'";

  /** {@code 'unsafe-inline'}: allows injected inline code; defeats CSP for scripts. */
  public static final String UNSAFE_INLINE = "'unsafe-inline'";

  /** {@code 'unsafe-eval'}: allows {@code eval()} and friends. */
  public static final String UNSAFE_EVAL = "'unsafe-eval'";

  /** {@code 'report-sample'}: include the first 40 characters of blocked code in reports. */
  public static final String REPORT_SAMPLE = "'report-sample'";

  private static final String NONCE_MARK = "{nonce}";

  private static final Set<String> KEYWORDS =
      Set.of(
          "'self'",
          "'none'",
          "'unsafe-inline'",
          "'unsafe-eval'",
          "'strict-dynamic'",
          "'unsafe-hashes'",
          "'report-sample'",
          "'unsafe-allow-redirects'",
          "'wasm-unsafe-eval'",
          "'inline-speculation-rules'",
          "'trusted-types-eval'",
          "'allow-duplicates'",
          "'script'");

  private static final List<String> KNOWN_DIRECTIVES =
      List.of(
          "base-uri",
          "block-all-mixed-content",
          "child-src",
          "connect-src",
          "default-src",
          "fenced-frame-src",
          "font-src",
          "form-action",
          "frame-ancestors",
          "frame-src",
          "img-src",
          "manifest-src",
          "media-src",
          "object-src",
          "report-to",
          "report-uri",
          "require-trusted-types-for",
          "sandbox",
          "script-src",
          "script-src-attr",
          "script-src-elem",
          "style-src",
          "style-src-attr",
          "style-src-elem",
          "trusted-types",
          "upgrade-insecure-requests",
          "worker-src");

  private static final Set<String> NONCE_DIRECTIVES =
      Set.of("default-src", "script-src", "script-src-elem", "style-src", "style-src-elem");

  private static final Pattern DIRECTIVE_NAME = Pattern.compile("[a-z][a-z-]{0,63}");
  private static final Pattern HASH = Pattern.compile("'sha(256|384|512)-[A-Za-z0-9+/]+={0,2}'");

  private final Map<String, List<String>> directives;
  private final boolean reportOnly;
  private final String[] secureParts;
  private final String[] insecureParts;

  private ContentSecurityPolicy(Builder b) {
    this.directives = copy(b.directives);
    this.reportOnly = b.reportOnly;
    this.secureParts = render(true).split(Pattern.quote(NONCE_MARK), -1);
    this.insecureParts = render(false).split(Pattern.quote(NONCE_MARK), -1);
  }

  private static Map<String, List<String>> copy(Map<String, List<String>> in) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    in.forEach((k, v) -> out.put(k, List.copyOf(v)));
    return java.util.Collections.unmodifiableMap(out);
  }

  private String render(boolean secure) {
    StringBuilder sb = new StringBuilder();
    for (Map.Entry<String, List<String>> e : directives.entrySet()) {
      if (e.getKey().equals("upgrade-insecure-requests") && (!secure || reportOnly)) {
        continue;
      }
      if (sb.length() > 0) {
        sb.append("; ");
      }
      sb.append(e.getKey());
      for (String s : e.getValue()) {
        sb.append(' ').append(s.equals(NONCE) ? "'nonce-" + NONCE_MARK + "'" : s);
      }
    }
    return sb.toString();
  }

  /**
   * Helmet's default policy with {@code frame-ancestors 'none'} (see the class comment).
   *
   * @return the default policy
   */
  public static ContentSecurityPolicy defaults() {
    return builder().build();
  }

  /**
   * A strict, nonce-based policy: {@code default-src 'self'; script-src 'nonce-…' 'strict-dynamic';
   * style-src 'self' 'nonce-…'; object-src 'none'; base-uri 'none'; frame-ancestors 'none';
   * form-action 'self'; img-src 'self' data:; font-src 'self'; upgrade-insecure-requests}. Every
   * {@code <script>} (and inline {@code <style>}) needs {@code nonce="${cspNonce}"}.
   *
   * @return a builder holding the strict policy, to add {@code connect-src} or reporting; each
   *     directive may still be set (or removed) once
   */
  public static Builder strict() {
    return emptyBuilder()
        .preset("default-src", SELF)
        .preset("script-src", NONCE, STRICT_DYNAMIC)
        .preset("style-src", SELF, NONCE)
        .preset("object-src", NONE)
        .preset("base-uri", NONE)
        .preset("frame-ancestors", NONE)
        .preset("form-action", SELF)
        .preset("img-src", SELF, "data:")
        .preset("font-src", SELF)
        .preset("upgrade-insecure-requests");
  }

  /**
   * A builder holding {@link #defaults()}, to change single directives.
   *
   * @return a builder; each directive may still be set (or removed) once
   */
  public static Builder builder() {
    return emptyBuilder()
        .preset("default-src", SELF)
        .preset("base-uri", SELF)
        .preset("font-src", SELF, "https:", "data:")
        .preset("form-action", SELF)
        .preset("frame-ancestors", NONE)
        .preset("img-src", SELF, "data:")
        .preset("object-src", NONE)
        .preset("script-src", SELF)
        .preset("script-src-attr", NONE)
        .preset("style-src", SELF, "https:", UNSAFE_INLINE)
        .preset("upgrade-insecure-requests");
  }

  /**
   * A builder with no directive at all.
   *
   * @return an empty builder
   */
  public static Builder emptyBuilder() {
    return new Builder();
  }

  /**
   * A builder holding this policy's directives and mode.
   *
   * @return a builder
   */
  public Builder toBuilder() {
    Builder b = new Builder();
    directives.forEach((k, v) -> b.directives.put(k, new ArrayList<>(v)));
    b.reportOnly = reportOnly;
    return b;
  }

  /**
   * Parses a policy such as {@code default-src 'self'; script-src 'nonce-{nonce}'} with the same
   * validation as the builder (for {@code web.xml}). Use {@link #NONCE} for the per-response nonce.
   *
   * @param policy the policy text
   * @param reportOnly whether to send it as {@code Content-Security-Policy-Report-Only}
   * @return the policy
   * @throws ConfigurationException naming the bad directive or source, a directive given twice, or
   *     a missing {@code default-src}
   */
  public static ContentSecurityPolicy parse(String policy, boolean reportOnly) {
    Builder b = emptyBuilder();
    for (String d : policy.split(";")) {
      String t = d.trim();
      if (t.isEmpty()) {
        continue;
      }
      String[] tokens = t.split("[ \\t]+");
      String name = tokens[0].toLowerCase(Locale.ROOT);
      if (b.directives.containsKey(name)) {
        throw new ConfigurationException("CSP directive " + name + " appears twice: give it once");
      }
      String[] sources = java.util.Arrays.copyOfRange(tokens, 1, tokens.length);
      if (name.equals("upgrade-insecure-requests")) {
        if (sources.length > 0) {
          throw new ConfigurationException("upgrade-insecure-requests takes no sources");
        }
        b.upgradeInsecureRequests(true);
      } else {
        b.directive(name, sources);
      }
    }
    if (reportOnly) {
      b.reportOnly();
    }
    return b.build();
  }

  /**
   * The source expression of a SHA-256 hash of inline code, such as {@code 'sha256-…'}: allows
   * exactly that {@code <script>} body (whitespace included) without a nonce.
   *
   * @param inlineCode the exact text between the tags
   * @return the quoted hash source
   */
  public static String sha256(String inlineCode) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(inlineCode.getBytes(StandardCharsets.UTF_8));
      return "'sha256-" + Base64.getEncoder().encodeToString(digest) + "'";
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required on every Java platform", e);
    }
  }

  /**
   * Whether responses need a fresh nonce.
   *
   * @return true when a directive contains {@link #NONCE}
   */
  public boolean usesNonce() {
    return secureParts.length > 1 || insecureParts.length > 1;
  }

  /**
   * Whether this policy only reports violations.
   *
   * @return true for {@code Content-Security-Policy-Report-Only}
   */
  public boolean reportOnly() {
    return reportOnly;
  }

  /**
   * The directives, in the order sent.
   *
   * @return directive name to sources (unmodifiable); {@link #NONCE} stands for the nonce
   */
  public Map<String, List<String>> directives() {
    return directives;
  }

  @Override
  public String headerName() {
    return reportOnly ? "Content-Security-Policy-Report-Only" : "Content-Security-Policy";
  }

  /**
   * The header value for one response.
   *
   * @param context whether the request is secure, and its nonce
   * @return the value
   * @throws IllegalStateException when the policy uses a nonce and the context has none
   */
  @Override
  public String value(HeaderContext context) {
    String[] parts = context.secure() ? secureParts : insecureParts;
    if (parts.length == 1) {
      return parts[0];
    }
    String nonce = context.nonce();
    if (nonce == null) {
      throw new IllegalStateException("this CSP uses a nonce but the response has none");
    }
    // one exactly sized allocation for the common shapes (the nonce in one or two directives)
    if (parts.length == 2) {
      return parts[0] + nonce + parts[1];
    }
    if (parts.length == 3) {
      return parts[0] + nonce + parts[1] + nonce + parts[2];
    }
    int length = nonce.length() * (parts.length - 1);
    for (String part : parts) {
      length += part.length();
    }
    StringBuilder sb = new StringBuilder(length);
    sb.append(parts[0]);
    for (int i = 1; i < parts.length; i++) {
      sb.append(nonce).append(parts[i]);
    }
    return sb.toString();
  }

  /**
   * The header as a secure request gets it, the nonce shown as {@code 'nonce-{nonce}'}, and {@code
   * (no default-src)} when {@link Builder#dangerouslyDisableDefaultSrc()} left it out.
   *
   * @return such as {@code Content-Security-Policy: default-src 'self'; …}
   */
  @Override
  public String toString() {
    return headerName()
        + ": "
        + render(true)
        + (directives.containsKey("default-src") ? "" : " (no default-src)");
  }

  /**
   * Builder for {@link ContentSecurityPolicy}. Each directive is validated as it is set and may be
   * set (or removed) once, the presets of {@link #builder()} and {@link #strict()} aside; {@link
   * #build()} checks the whole. Not thread-safe.
   */
  public static final class Builder {
    private final SetOnce once = new SetOnce("ContentSecurityPolicy.Builder");
    private final Map<String, List<String>> directives = new LinkedHashMap<>();
    private boolean reportOnly;
    private boolean noDefaultSrc;

    private Builder() {}

    /** A preset directive: validated like any other, but the caller may still set it once. */
    private Builder preset(String name, String... sources) {
      directives.put(name, checkSources(checkName(name), sources));
      return this;
    }

    /**
     * Sets (replaces) a directive.
     *
     * @param name the directive, such as {@code script-src}
     * @param sources its source expressions: quoted keywords ({@link #SELF}), schemes ({@code
     *     https:}), hosts ({@code cdn.example.com}), hashes, or {@link #NONCE}
     * @return this builder
     * @throws ConfigurationException naming the bad name or source and the fix, or when the
     *     directive was set or removed before
     */
    public Builder directive(String name, String... sources) {
      String n = checkName(name);
      List<String> list = checkSources(n, sources);
      once.set(n, String.join(" ", list));
      directives.put(n, list);
      return this;
    }

    private static List<String> checkSources(String n, String... sources) {
      List<String> list = new ArrayList<>();
      for (String s : sources) {
        list.add(checkSource(n, Objects.requireNonNull(s, "source")));
      }
      if (list.contains(NONE) && list.size() > 1) {
        throw new ConfigurationException(
            "CSP " + n + ": 'none' must be the only source (it is ignored next to others)");
      }
      if (list.isEmpty() && n.endsWith("-src")) {
        throw new ConfigurationException(
            "CSP " + n + " has no source: use 'none' to block everything");
      }
      return list;
    }

    /**
     * Removes a directive.
     *
     * @param name the directive, which must be present
     * @return this builder
     * @throws ConfigurationException when the policy has no such directive (a typo), or when it was
     *     set or removed before
     */
    public Builder remove(String name) {
      String n = checkName(name);
      if (!directives.containsKey(n)) {
        throw new ConfigurationException(
            "CSP remove: the policy has no directive "
                + n
                + " to remove. Present: "
                + String.join(", ", directives.keySet()));
      }
      once.set(n, "removed");
      directives.remove(n);
      return this;
    }

    /**
     * Adds or removes {@code upgrade-insecure-requests} (sent on secure requests only).
     *
     * @param upgrade true to add it
     * @return this builder
     * @throws ConfigurationException when called twice
     */
    public Builder upgradeInsecureRequests(boolean upgrade) {
      once.set("upgrade-insecure-requests", upgrade);
      if (upgrade) {
        directives.put("upgrade-insecure-requests", List.of());
      } else {
        directives.remove("upgrade-insecure-requests");
      }
      return this;
    }

    /**
     * Sets {@code report-uri}, where browsers POST {@code application/csp-report} bodies (see
     * {@code dev.bulwark.headers.servlet.CspReportServlet}).
     *
     * @param uri an absolute URL or a path
     * @return this builder
     * @throws ConfigurationException for a malformed source, or when called twice
     */
    public Builder reportUri(String uri) {
      return directive("report-uri", uri);
    }

    /**
     * Sets {@code report-to}, naming a {@code Reporting-Endpoints} group; pair it with {@link
     * #reportUri(String)} for browsers that do not support it.
     *
     * @param group the endpoint name
     * @return this builder
     * @throws ConfigurationException when the name is not a token, or when called twice
     */
    public Builder reportTo(String group) {
      return directive("report-to", group);
    }

    /**
     * Sends the policy as {@code Content-Security-Policy-Report-Only}: violations are reported,
     * nothing is blocked. For rolling out a new policy.
     *
     * @return this builder
     * @throws ConfigurationException when called twice
     */
    public Builder reportOnly() {
      once.set("reportOnly", true);
      this.reportOnly = true;
      return this;
    }

    /**
     * Allows a policy without {@code default-src}: every fetch directive you do not list then
     * allows everything.
     *
     * @return this builder
     * @throws ConfigurationException when called twice
     */
    public Builder dangerouslyDisableDefaultSrc() {
      once.set("dangerouslyDisableDefaultSrc", true);
      this.noDefaultSrc = true;
      return this;
    }

    /**
     * Validates and builds.
     *
     * @return the policy
     * @throws ConfigurationException when {@code default-src} is missing (and not dangerously
     *     disabled) or the policy is empty
     */
    public ContentSecurityPolicy build() {
      if (!directives.containsKey("default-src") && !noDefaultSrc) {
        throw new ConfigurationException(
            "a Content-Security-Policy needs default-src (such as default-src 'self'): without it"
                + " every directive you did not list allows everything. If that is intended, call"
                + " dangerouslyDisableDefaultSrc()");
      }
      if (directives.isEmpty()) {
        throw new ConfigurationException("a Content-Security-Policy needs at least one directive");
      }
      return new ContentSecurityPolicy(this);
    }

    private static String checkName(String name) {
      Objects.requireNonNull(name, "name");
      if (!DIRECTIVE_NAME.matcher(name).matches()) {
        throw new ConfigurationException(
            "CSP directive name '"
                + LogSafe.forLog(name, 100)
                + "' must be lower-case letters and dashes, such as script-src");
      }
      if (!KNOWN_DIRECTIVES.contains(name)) {
        String near = Suggestions.nearest(name, KNOWN_DIRECTIVES);
        if (near != null) {
          throw new ConfigurationException(
              "unknown CSP directive '" + name + "': did you mean '" + near + "'?");
        }
      }
      return name;
    }

    private static String checkSource(String directive, String source) {
      if (source.isEmpty()) {
        throw new ConfigurationException("CSP " + directive + ": empty source");
      }
      for (int i = 0; i < source.length(); i++) {
        char c = source.charAt(i);
        if (c <= 0x20 || c >= 0x7f || c == ';' || c == ',') {
          throw new ConfigurationException(
              "CSP "
                  + directive
                  + ": source '"
                  + LogSafe.forLog(source, 100)
                  + "' contains whitespace, ';', ',' or a non-ASCII character; give each source as"
                  + " its own argument");
        }
      }
      if (source.equals(NONCE)) {
        if (!NONCE_DIRECTIVES.contains(directive)) {
          throw new ConfigurationException(
              "CSP " + directive + ": a nonce only applies to script-src and style-src");
        }
        return source;
      }
      if (source.startsWith("'")) {
        String lower = source.toLowerCase(Locale.ROOT);
        if (KEYWORDS.contains(lower) || HASH.matcher(source).matches()) {
          return KEYWORDS.contains(lower) ? lower : source;
        }
        if (lower.startsWith("'nonce-")) {
          throw new ConfigurationException(
              "CSP "
                  + directive
                  + ": a fixed nonce is no protection (anyone can read it); use"
                  + " ContentSecurityPolicy.NONCE ('nonce-{nonce}') for a fresh nonce per response");
        }
        throw new ConfigurationException(
            "CSP "
                + directive
                + ": unknown keyword "
                + LogSafe.forLog(source, 100)
                + Suggestions.didYouMean(source, KEYWORDS));
      }
      if (KEYWORDS.contains("'" + source.toLowerCase(Locale.ROOT) + "'")
          || source.toLowerCase(Locale.ROOT).startsWith("sha256-")
          || source.toLowerCase(Locale.ROOT).startsWith("nonce-")) {
        throw new ConfigurationException(
            "CSP "
                + directive
                + ": keyword "
                + source
                + " must be quoted: did you mean '"
                + source
                + "' (with the single quotes)?");
      }
      if (directive.equals("report-to") && !HeaderSyntax.isToken(source)) {
        throw new ConfigurationException("CSP report-to takes an endpoint name (a token)");
      }
      return source;
    }
  }
}
