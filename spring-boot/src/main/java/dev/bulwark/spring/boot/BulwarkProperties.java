package dev.bulwark.spring.boot;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Every {@code bulwark.*} property, one nested section per control. The names under each section
 * are the control's own settings vocabulary (its {@code fromSettings} keys, in Spring's relaxed
 * form: {@code bulwark.cors.max-age} is the CORS setting {@code maxAge}), and the values are the
 * same strings with the same syntax as in {@code web.xml} init-params: the starter hands them to
 * the control's {@code fromSettings} unparsed, so a bad value fails with the control's own message.
 * A list may be given as a YAML list or comma-separated.
 *
 * <p>A property that is not set leaves the control's default, named in each description. Unknown
 * keys under {@code bulwark} stop start-up ({@code ignoreUnknownFields = false}), with a "did you
 * mean" from {@code UnknownPropertyFailureAnalyzer}: a misspelt security setting must never be
 * silently ignored.
 *
 * <p>Generated from the controls' vocabularies by the project's {@code props.py}; {@code
 * PropertiesVocabularyTest} checks that each section's keys are exactly the control's.
 */
@ConfigurationProperties(prefix = "bulwark", ignoreUnknownFields = false)
public class BulwarkProperties {

  /** Whether Bulwark installs anything at all. Default: true. */
  private boolean enabled = true;

  private final ClientIp clientIp = new ClientIp();
  private final Headers headers = new Headers();
  private final Cors cors = new Cors();
  private final Csrf csrf = new Csrf();
  private final RequestLimits requestLimits = new RequestLimits();
  private final RateLimit rateLimit = new RateLimit();
  private final Jwt jwt = new Jwt();
  private final Redis redis = new Redis();
  private final Jdbc jdbc = new Jdbc();

  /** Creates the properties with every default. */
  public BulwarkProperties() {}

  /**
   * Whether Bulwark installs anything at all.
   *
   * @return true unless {@code bulwark.enabled=false}
   */
  public boolean isEnabled() {
    return enabled;
  }

  /**
   * Sets {@code bulwark.enabled}.
   *
   * @param enabled false to install nothing
   */
  public void setEnabled(boolean enabled) {
    this.enabled = enabled;
  }

  /**
   * The {@code bulwark.client-ip.*} section.
   *
   * @return the section
   */
  public ClientIp getClientIp() {
    return clientIp;
  }

  /**
   * The {@code bulwark.headers.*} section.
   *
   * @return the section
   */
  public Headers getHeaders() {
    return headers;
  }

  /**
   * The {@code bulwark.cors.*} section.
   *
   * @return the section
   */
  public Cors getCors() {
    return cors;
  }

  /**
   * The {@code bulwark.csrf.*} section.
   *
   * @return the section
   */
  public Csrf getCsrf() {
    return csrf;
  }

  /**
   * The {@code bulwark.request-limits.*} section.
   *
   * @return the section
   */
  public RequestLimits getRequestLimits() {
    return requestLimits;
  }

  /**
   * The {@code bulwark.rate-limit.*} section.
   *
   * @return the section
   */
  public RateLimit getRateLimit() {
    return rateLimit;
  }

  /**
   * The {@code bulwark.jwt.*} section.
   *
   * @return the section
   */
  public Jwt getJwt() {
    return jwt;
  }

  /**
   * The {@code bulwark.redis.*} section.
   *
   * @return the section
   */
  public Redis getRedis() {
    return redis;
  }

  /**
   * The {@code bulwark.jdbc.*} section.
   *
   * @return the section
   */
  public Jdbc getJdbc() {
    return jdbc;
  }

  /**
   * {@code bulwark.client-ip.*}: The client-IP filter (ClientIpFilter): which proxies' forwarding
   * headers are believed. Keys as in {@link dev.bulwark.web.ClientIpResolver#fromSettings}.
   */
  public static class ClientIp extends Section {

    /**
     * CIDR blocks of the proxies whose forwarding header is believed, such as 10.0.0.0/8,
     * 2001:db8::/32. Default: none (the socket peer is the client).
     */
    private List<String> trustedProxies = new ArrayList<>(List.of());

    /**
     * The forwarding header read from trusted proxies: x-forwarded-for or forwarded. Default:
     * x-forwarded-for.
     */
    private @Nullable String forwardedHeader;

    /**
     * How many leading bits of an IPv6 client address identify one client for rate limits and bans,
     * 32 to 64. Default: 56.
     */
    private @Nullable String ipv6KeyPrefix;

    /** Creates the section with every default. */
    public ClientIp() {}

    /**
     * The {@code trustedProxies} setting.
     *
     * @return the value
     */
    public List<String> getTrustedProxies() {
      return trustedProxies;
    }

    /**
     * Sets the {@code trustedProxies} setting.
     *
     * @param trustedProxies the value
     */
    public void setTrustedProxies(List<String> trustedProxies) {
      this.trustedProxies = new ArrayList<>(trustedProxies);
    }

    /**
     * The {@code forwardedHeader} setting.
     *
     * @return the value, or null for the default
     */
    public @Nullable String getForwardedHeader() {
      return forwardedHeader;
    }

    /**
     * Sets the {@code forwardedHeader} setting.
     *
     * @param forwardedHeader the value
     */
    public void setForwardedHeader(@Nullable String forwardedHeader) {
      this.forwardedHeader = forwardedHeader;
    }

    /**
     * The {@code ipv6KeyPrefix} setting.
     *
     * @return the value, or null for the default
     */
    public @Nullable String getIpv6KeyPrefix() {
      return ipv6KeyPrefix;
    }

    /**
     * Sets the {@code ipv6KeyPrefix} setting.
     *
     * @param ipv6KeyPrefix the value
     */
    public void setIpv6KeyPrefix(@Nullable String ipv6KeyPrefix) {
      this.ipv6KeyPrefix = ipv6KeyPrefix;
    }

    /** The kernel settings: every key that is set, lists joined with ", ". */
    Map<String, String> settings() {
      Map<String, String> s = new LinkedHashMap<>();
      PropertySettings.put(s, "trustedProxies", trustedProxies);
      PropertySettings.put(s, "forwardedHeader", forwardedHeader);
      PropertySettings.put(s, "ipv6KeyPrefix", ipv6KeyPrefix);
      return s;
    }
  }

  /**
   * {@code bulwark.headers.*}: The security-headers filter (SecurityHeadersFilter). Keys as in
   * {@link dev.bulwark.headers.SecurityHeadersPolicy#fromSettings}.
   */
  public static class Headers extends Section {

    /**
     * Content-Security-Policy: strict (nonce-based: script-src 'nonce-...' 'strict-dynamic'; the
     * nonce is the request attribute cspNonce), default (Helmet's policy), policy text with
     * 'nonce-{nonce}', or off. Default: strict.
     */
    private @Nullable String contentSecurityPolicy = "strict";

    /** A report-only policy, such as default-src 'self'; report-uri /csp-reports. Default: none. */
    private @Nullable String contentSecurityPolicyReportOnly;

    /**
     * Strict-Transport-Security on secure requests: max-age=<seconds>[; includeSubDomains][;
     * preload], or off. Default: max-age=63072000; includeSubDomains.
     */
    private @Nullable String strictTransportSecurity;

    /** Referrer-Policy value, or off. Default: no-referrer. */
    private @Nullable String referrerPolicy;

    /** X-Frame-Options: DENY, SAMEORIGIN or off. Default: DENY. */
    private @Nullable String frameOptions;

    /**
     * Cross-Origin-Opener-Policy: same-origin, same-origin-allow-popups, noopener-allow-popups,
     * unsafe-none or off. Default: same-origin.
     */
    private @Nullable String crossOriginOpenerPolicy;

    /**
     * Cross-Origin-Resource-Policy: same-origin, same-site, cross-origin or off. Default:
     * same-origin.
     */
    private @Nullable String crossOriginResourcePolicy;

    /** Cross-Origin-Embedder-Policy: require-corp or credentialless. Default: not sent. */
    private @Nullable String crossOriginEmbedderPolicy;

    /**
     * Features to allow in Permissions-Policy, feature=allowlist pairs separated by ';', such as
     * fullscreen=self; payment=self https://pay.example.com. Default: every feature denied.
     */
    private @Nullable String permissionsPolicyAllow;

    /** Whether to send Origin-Agent-Cluster: ?1 (true or false). Default: true. */
    private @Nullable String originAgentCluster;

    /**
     * When to send Cache-Control: no-store: when-authenticated, always or never. Default:
     * when-authenticated.
     */
    private @Nullable String cacheControl;

    /** Response headers to remove, such as X-Powered-By, Server. Default: none. */
    private List<String> removeHeaders = new ArrayList<>(List.of());

    /**
     * Whether cookies the application sets get HttpOnly, Secure and SameSite (true or false).
     * Default: true.
     */
    private @Nullable String hardenCookies;

    /** Cookies left readable by scripts (no HttpOnly added). Default: none. */
    private List<String> scriptReadableCookies = new ArrayList<>(List.of());

    /** The SameSite attribute added to cookies: lax or strict. Default: lax. */
    private @Nullable String cookieSameSite;

    /**
     * Paths that always get the API profile (no document headers, no nonce), such as /api/**.
     * Default: decided by the response's content type.
     */
    private List<String> apiProfileForPaths = new ArrayList<>(List.of());

    /** Whether every response gets the full document profile (true or false). Default: false. */
    private @Nullable String documentProfileOnly;

    /** Paths that get no security headers, such as /static/**, *.png. Default: none. */
    private List<String> noHeadersForPaths = new ArrayList<>(List.of());

    /** Servlet URL patterns the filter is registered on. Default: /*. */
    private List<String> urlPatterns = new ArrayList<>(List.of("/*"));

    /** Creates the section with every default. */
    public Headers() {}

    /**
     * The {@code contentSecurityPolicy} setting.
     *
     * @return the value, or null for the default
     */
    public @Nullable String getContentSecurityPolicy() {
      return contentSecurityPolicy;
    }

    /**
     * Sets the {@code contentSecurityPolicy} setting.
     *
     * @param contentSecurityPolicy the value
     */
    public void setContentSecurityPolicy(@Nullable String contentSecurityPolicy) {
      this.contentSecurityPolicy = contentSecurityPolicy;
    }

    /**
     * The {@code contentSecurityPolicyReportOnly} setting.
     *
     * @return the value, or null for the default
     */
    public @Nullable String getContentSecurityPolicyReportOnly() {
      return contentSecurityPolicyReportOnly;
    }

    /**
     * Sets the {@code contentSecurityPolicyReportOnly} setting.
     *
     * @param contentSecurityPolicyReportOnly the value
     */
    public void setContentSecurityPolicyReportOnly(
        @Nullable String contentSecurityPolicyReportOnly) {
      this.contentSecurityPolicyReportOnly = contentSecurityPolicyReportOnly;
    }

    /**
     * The {@code strictTransportSecurity} setting.
     *
     * @return the value, or null for the default
     */
    public @Nullable String getStrictTransportSecurity() {
      return strictTransportSecurity;
    }

    /**
     * Sets the {@code strictTransportSecurity} setting.
     *
     * @param strictTransportSecurity the value
     */
    public void setStrictTransportSecurity(@Nullable String strictTransportSecurity) {
      this.strictTransportSecurity = strictTransportSecurity;
    }

    /**
     * The {@code referrerPolicy} setting.
     *
     * @return the value, or null for the default
     */
    public @Nullable String getReferrerPolicy() {
      return referrerPolicy;
    }

    /**
     * Sets the {@code referrerPolicy} setting.
     *
     * @param referrerPolicy the value
     */
    public void setReferrerPolicy(@Nullable String referrerPolicy) {
      this.referrerPolicy = referrerPolicy;
    }

    /**
     * The {@code frameOptions} setting.
     *
     * @return the value, or null for the default
     */
    public @Nullable String getFrameOptions() {
      return frameOptions;
    }

    /**
     * Sets the {@code frameOptions} setting.
     *
     * @param frameOptions the value
     */
    public void setFrameOptions(@Nullable String frameOptions) {
      this.frameOptions = frameOptions;
    }

    /**
     * The {@code crossOriginOpenerPolicy} setting.
     *
     * @return the value, or null for the default
     */
    public @Nullable String getCrossOriginOpenerPolicy() {
      return crossOriginOpenerPolicy;
    }

    /**
     * Sets the {@code crossOriginOpenerPolicy} setting.
     *
     * @param crossOriginOpenerPolicy the value
     */
    public void setCrossOriginOpenerPolicy(@Nullable String crossOriginOpenerPolicy) {
      this.crossOriginOpenerPolicy = crossOriginOpenerPolicy;
    }

    /**
     * The {@code crossOriginResourcePolicy} setting.
     *
     * @return the value, or null for the default
     */
    public @Nullable String getCrossOriginResourcePolicy() {
      return crossOriginResourcePolicy;
    }

    /**
     * Sets the {@code crossOriginResourcePolicy} setting.
     *
     * @param crossOriginResourcePolicy the value
     */
    public void setCrossOriginResourcePolicy(@Nullable String crossOriginResourcePolicy) {
      this.crossOriginResourcePolicy = crossOriginResourcePolicy;
    }

    /**
     * The {@code crossOriginEmbedderPolicy} setting.
     *
     * @return the value, or null for the default
     */
    public @Nullable String getCrossOriginEmbedderPolicy() {
      return crossOriginEmbedderPolicy;
    }

    /**
     * Sets the {@code crossOriginEmbedderPolicy} setting.
     *
     * @param crossOriginEmbedderPolicy the value
     */
    public void setCrossOriginEmbedderPolicy(@Nullable String crossOriginEmbedderPolicy) {
      this.crossOriginEmbedderPolicy = crossOriginEmbedderPolicy;
    }

    /**
     * The {@code permissionsPolicyAllow} setting.
     *
     * @return the value, or null for the default
     */
    public @Nullable String getPermissionsPolicyAllow() {
      return permissionsPolicyAllow;
    }

    /**
     * Sets the {@code permissionsPolicyAllow} setting.
     *
     * @param permissionsPolicyAllow the value
     */
    public void setPermissionsPolicyAllow(@Nullable String permissionsPolicyAllow) {
      this.permissionsPolicyAllow = permissionsPolicyAllow;
    }

    /**
     * The {@code originAgentCluster} setting.
     *
     * @return the value, or null for the default
     */
    public @Nullable String getOriginAgentCluster() {
      return originAgentCluster;
    }

    /**
     * Sets the {@code originAgentCluster} setting.
     *
     * @param originAgentCluster the value
     */
    public void setOriginAgentCluster(@Nullable String originAgentCluster) {
      this.originAgentCluster = originAgentCluster;
    }

    /**
     * The {@code cacheControl} setting.
     *
     * @return the value, or null for the default
     */
    public @Nullable String getCacheControl() {
      return cacheControl;
    }

    /**
     * Sets the {@code cacheControl} setting.
     *
     * @param cacheControl the value
     */
    public void setCacheControl(@Nullable String cacheControl) {
      this.cacheControl = cacheControl;
    }

    /**
     * The {@code removeHeaders} setting.
     *
     * @return the value
     */
    public List<String> getRemoveHeaders() {
      return removeHeaders;
    }

    /**
     * Sets the {@code removeHeaders} setting.
     *
     * @param removeHeaders the value
     */
    public void setRemoveHeaders(List<String> removeHeaders) {
      this.removeHeaders = new ArrayList<>(removeHeaders);
    }

    /**
     * The {@code hardenCookies} setting.
     *
     * @return the value, or null for the default
     */
    public @Nullable String getHardenCookies() {
      return hardenCookies;
    }

    /**
     * Sets the {@code hardenCookies} setting.
     *
     * @param hardenCookies the value
     */
    public void setHardenCookies(@Nullable String hardenCookies) {
      this.hardenCookies = hardenCookies;
    }

    /**
     * The {@code scriptReadableCookies} setting.
     *
     * @return the value
     */
    public List<String> getScriptReadableCookies() {
      return scriptReadableCookies;
    }

    /**
     * Sets the {@code scriptReadableCookies} setting.
     *
     * @param scriptReadableCookies the value
     */
    public void setScriptReadableCookies(List<String> scriptReadableCookies) {
      this.scriptReadableCookies = new ArrayList<>(scriptReadableCookies);
    }

    /**
     * The {@code cookieSameSite} setting.
     *
     * @return the value, or null for the default
     */
    public @Nullable String getCookieSameSite() {
      return cookieSameSite;
    }

    /**
     * Sets the {@code cookieSameSite} setting.
     *
     * @param cookieSameSite the value
     */
    public void setCookieSameSite(@Nullable String cookieSameSite) {
      this.cookieSameSite = cookieSameSite;
    }

    /**
     * The {@code apiProfileForPaths} setting.
     *
     * @return the value
     */
    public List<String> getApiProfileForPaths() {
      return apiProfileForPaths;
    }

    /**
     * Sets the {@code apiProfileForPaths} setting.
     *
     * @param apiProfileForPaths the value
     */
    public void setApiProfileForPaths(List<String> apiProfileForPaths) {
      this.apiProfileForPaths = new ArrayList<>(apiProfileForPaths);
    }

    /**
     * The {@code documentProfileOnly} setting.
     *
     * @return the value, or null for the default
     */
    public @Nullable String getDocumentProfileOnly() {
      return documentProfileOnly;
    }

    /**
     * Sets the {@code documentProfileOnly} setting.
     *
     * @param documentProfileOnly the value
     */
    public void setDocumentProfileOnly(@Nullable String documentProfileOnly) {
      this.documentProfileOnly = documentProfileOnly;
    }

    /**
     * The {@code noHeadersForPaths} setting.
     *
     * @return the value
     */
    public List<String> getNoHeadersForPaths() {
      return noHeadersForPaths;
    }

    /**
     * Sets the {@code noHeadersForPaths} setting.
     *
     * @param noHeadersForPaths the value
     */
    public void setNoHeadersForPaths(List<String> noHeadersForPaths) {
      this.noHeadersForPaths = new ArrayList<>(noHeadersForPaths);
    }

    /**
     * The {@code urlPatterns} setting.
     *
     * @return the value
     */
    public List<String> getUrlPatterns() {
      return urlPatterns;
    }

    /**
     * Sets the {@code urlPatterns} setting.
     *
     * @param urlPatterns the value
     */
    public void setUrlPatterns(List<String> urlPatterns) {
      this.urlPatterns = new ArrayList<>(urlPatterns);
    }

    /** The kernel settings: every key that is set, lists joined with ", ". */
    Map<String, String> settings() {
      Map<String, String> s = new LinkedHashMap<>();
      PropertySettings.put(s, "contentSecurityPolicy", contentSecurityPolicy);
      PropertySettings.put(s, "contentSecurityPolicyReportOnly", contentSecurityPolicyReportOnly);
      PropertySettings.put(s, "strictTransportSecurity", strictTransportSecurity);
      PropertySettings.put(s, "referrerPolicy", referrerPolicy);
      PropertySettings.put(s, "frameOptions", frameOptions);
      PropertySettings.put(s, "crossOriginOpenerPolicy", crossOriginOpenerPolicy);
      PropertySettings.put(s, "crossOriginResourcePolicy", crossOriginResourcePolicy);
      PropertySettings.put(s, "crossOriginEmbedderPolicy", crossOriginEmbedderPolicy);
      PropertySettings.put(s, "permissionsPolicyAllow", permissionsPolicyAllow);
      PropertySettings.put(s, "originAgentCluster", originAgentCluster);
      PropertySettings.put(s, "cacheControl", cacheControl);
      PropertySettings.put(s, "removeHeaders", removeHeaders);
      PropertySettings.put(s, "hardenCookies", hardenCookies);
      PropertySettings.put(s, "scriptReadableCookies", scriptReadableCookies);
      PropertySettings.put(s, "cookieSameSite", cookieSameSite);
      PropertySettings.put(s, "apiProfileForPaths", apiProfileForPaths);
      PropertySettings.put(s, "documentProfileOnly", documentProfileOnly);
      PropertySettings.put(s, "noHeadersForPaths", noHeadersForPaths);
      return s;
    }
  }

  /**
   * {@code bulwark.cors.*}: The CORS filter (CorsFilter). With no setting at all, every
   * cross-origin request is refused (same origin only). Keys as in {@link
   * dev.bulwark.headers.cors.CorsPolicy#fromSettings}.
   */
  public static class Cors extends Section {

    /**
     * Origins allowed to read responses, such as https://app.example.com. Default: none (same
     * origin only).
     */
    private List<String> allowedOrigins = new ArrayList<>(List.of());

    /** Origin patterns, such as https://*.example.com. Default: none. */
    private List<String> allowedOriginPatterns = new ArrayList<>(List.of());

    /** Methods allowed cross-origin, such as GET, POST, PUT. Default: GET, HEAD, POST. */
    private List<String> allowedMethods = new ArrayList<>(List.of());

    /** Request headers allowed cross-origin, such as Content-Type, Authorization. Default: none. */
    private List<String> allowedHeaders = new ArrayList<>(List.of());

    /** Response headers exposed to the calling script. Default: none. */
    private List<String> exposedHeaders = new ArrayList<>(List.of());

    /** Whether cross-origin requests may carry credentials (true or false). Default: false. */
    private @Nullable String allowCredentials;

    /**
     * How long a browser may cache a preflight answer, a duration such as 600s or PT10M, at most
     * 24h. Default: 10m.
     */
    private @Nullable String maxAge;

    /**
     * Relaxation: allow every origin (true or false); refused together with allow-credentials.
     * Default: false.
     */
    private @Nullable String dangerouslyAllowAnyOrigin;

    /** Servlet URL patterns the filter is registered on. Default: /*. */
    private List<String> urlPatterns = new ArrayList<>(List.of("/*"));

    /** Creates the section with every default. */
    public Cors() {}

    /**
     * The {@code allowedOrigins} setting.
     *
     * @return the value
     */
    public List<String> getAllowedOrigins() {
      return allowedOrigins;
    }

    /**
     * Sets the {@code allowedOrigins} setting.
     *
     * @param allowedOrigins the value
     */
    public void setAllowedOrigins(List<String> allowedOrigins) {
      this.allowedOrigins = new ArrayList<>(allowedOrigins);
    }

    /**
     * The {@code allowedOriginPatterns} setting.
     *
     * @return the value
     */
    public List<String> getAllowedOriginPatterns() {
      return allowedOriginPatterns;
    }

    /**
     * Sets the {@code allowedOriginPatterns} setting.
     *
     * @param allowedOriginPatterns the value
     */
    public void setAllowedOriginPatterns(List<String> allowedOriginPatterns) {
      this.allowedOriginPatterns = new ArrayList<>(allowedOriginPatterns);
    }

    /**
     * The {@code allowedMethods} setting.
     *
     * @return the value
     */
    public List<String> getAllowedMethods() {
      return allowedMethods;
    }

    /**
     * Sets the {@code allowedMethods} setting.
     *
     * @param allowedMethods the value
     */
    public void setAllowedMethods(List<String> allowedMethods) {
      this.allowedMethods = new ArrayList<>(allowedMethods);
    }

    /**
     * The {@code allowedHeaders} setting.
     *
     * @return the value
     */
    public List<String> getAllowedHeaders() {
      return allowedHeaders;
    }

    /**
     * Sets the {@code allowedHeaders} setting.
     *
     * @param allowedHeaders the value
     */
    public void setAllowedHeaders(List<String> allowedHeaders) {
      this.allowedHeaders = new ArrayList<>(allowedHeaders);
    }

    /**
     * The {@code exposedHeaders} setting.
     *
     * @return the value
     */
    public List<String> getExposedHeaders() {
      return exposedHeaders;
    }

    /**
     * Sets the {@code exposedHeaders} setting.
     *
     * @param exposedHeaders the value
     */
    public void setExposedHeaders(List<String> exposedHeaders) {
      this.exposedHeaders = new ArrayList<>(exposedHeaders);
    }

    /**
     * The {@code allowCredentials} setting.
     *
     * @return the value, or null for the default
     */
    public @Nullable String getAllowCredentials() {
      return allowCredentials;
    }

    /**
     * Sets the {@code allowCredentials} setting.
     *
     * @param allowCredentials the value
     */
    public void setAllowCredentials(@Nullable String allowCredentials) {
      this.allowCredentials = allowCredentials;
    }

    /**
     * The {@code maxAge} setting.
     *
     * @return the value, or null for the default
     */
    public @Nullable String getMaxAge() {
      return maxAge;
    }

    /**
     * Sets the {@code maxAge} setting.
     *
     * @param maxAge the value
     */
    public void setMaxAge(@Nullable String maxAge) {
      this.maxAge = maxAge;
    }

    /**
     * The {@code dangerouslyAllowAnyOrigin} setting.
     *
     * @return the value, or null for the default
     */
    public @Nullable String getDangerouslyAllowAnyOrigin() {
      return dangerouslyAllowAnyOrigin;
    }

    /**
     * Sets the {@code dangerouslyAllowAnyOrigin} setting.
     *
     * @param dangerouslyAllowAnyOrigin the value
     */
    public void setDangerouslyAllowAnyOrigin(@Nullable String dangerouslyAllowAnyOrigin) {
      this.dangerouslyAllowAnyOrigin = dangerouslyAllowAnyOrigin;
    }

    /**
     * The {@code urlPatterns} setting.
     *
     * @return the value
     */
    public List<String> getUrlPatterns() {
      return urlPatterns;
    }

    /**
     * Sets the {@code urlPatterns} setting.
     *
     * @param urlPatterns the value
     */
    public void setUrlPatterns(List<String> urlPatterns) {
      this.urlPatterns = new ArrayList<>(urlPatterns);
    }

    /** The kernel settings: every key that is set, lists joined with ", ". */
    Map<String, String> settings() {
      Map<String, String> s = new LinkedHashMap<>();
      PropertySettings.put(s, "allowedOrigins", allowedOrigins);
      PropertySettings.put(s, "allowedOriginPatterns", allowedOriginPatterns);
      PropertySettings.put(s, "allowedMethods", allowedMethods);
      PropertySettings.put(s, "allowedHeaders", allowedHeaders);
      PropertySettings.put(s, "exposedHeaders", exposedHeaders);
      PropertySettings.put(s, "allowCredentials", allowCredentials);
      PropertySettings.put(s, "maxAge", maxAge);
      PropertySettings.put(s, "dangerouslyAllowAnyOrigin", dangerouslyAllowAnyOrigin);
      return s;
    }
  }

  /**
   * {@code bulwark.csrf.*}: The CSRF filter (CsrfFilter): Fetch Metadata and Origin checks,
   * optional signed tokens. Keys as in {@link dev.bulwark.headers.csrf.CsrfPolicy#fromSettings}.
   */
  public static class Csrf extends Section {

    /**
     * Other origins whose state-changing requests are accepted, such as https://login.example.com.
     * Default: none.
     */
    private List<String> trustedOrigins = new ArrayList<>(List.of());

    /** Paths not checked, such as /webhooks/**. Default: none. */
    private List<String> bypassPaths = new ArrayList<>(List.of());

    /**
     * Relaxation: accept same-site (not only same-origin) requests (true or false). Default: false.
     */
    private @Nullable String allowSameSite;

    /**
     * What to do with a request that has neither Sec-Fetch-Site nor Origin: allow or reject.
     * Default: allow.
     */
    private @Nullable String missingHeaders;

    /** Whether to require a signed token as well (true or false). Default: false. */
    private @Nullable String tokens;

    /**
     * Secret: base64 keys of at least 32 random bytes for the tokens, the first signing (rotation:
     * new, old). Default: a random per-process key.
     */
    private List<String> tokenKey = new ArrayList<>(List.of());

    /** Servlet URL patterns the filter is registered on. Default: /*. */
    private List<String> urlPatterns = new ArrayList<>(List.of("/*"));

    /** Creates the section with every default. */
    public Csrf() {}

    /**
     * The {@code trustedOrigins} setting.
     *
     * @return the value
     */
    public List<String> getTrustedOrigins() {
      return trustedOrigins;
    }

    /**
     * Sets the {@code trustedOrigins} setting.
     *
     * @param trustedOrigins the value
     */
    public void setTrustedOrigins(List<String> trustedOrigins) {
      this.trustedOrigins = new ArrayList<>(trustedOrigins);
    }

    /**
     * The {@code bypassPaths} setting.
     *
     * @return the value
     */
    public List<String> getBypassPaths() {
      return bypassPaths;
    }

    /**
     * Sets the {@code bypassPaths} setting.
     *
     * @param bypassPaths the value
     */
    public void setBypassPaths(List<String> bypassPaths) {
      this.bypassPaths = new ArrayList<>(bypassPaths);
    }

    /**
     * The {@code allowSameSite} setting.
     *
     * @return the value, or null for the default
     */
    public @Nullable String getAllowSameSite() {
      return allowSameSite;
    }

    /**
     * Sets the {@code allowSameSite} setting.
     *
     * @param allowSameSite the value
     */
    public void setAllowSameSite(@Nullable String allowSameSite) {
      this.allowSameSite = allowSameSite;
    }

    /**
     * The {@code missingHeaders} setting.
     *
     * @return the value, or null for the default
     */
    public @Nullable String getMissingHeaders() {
      return missingHeaders;
    }

    /**
     * Sets the {@code missingHeaders} setting.
     *
     * @param missingHeaders the value
     */
    public void setMissingHeaders(@Nullable String missingHeaders) {
      this.missingHeaders = missingHeaders;
    }

    /**
     * The {@code tokens} setting.
     *
     * @return the value, or null for the default
     */
    public @Nullable String getTokens() {
      return tokens;
    }

    /**
     * Sets the {@code tokens} setting.
     *
     * @param tokens the value
     */
    public void setTokens(@Nullable String tokens) {
      this.tokens = tokens;
    }

    /**
     * The {@code tokenKey} setting.
     *
     * @return the value
     */
    public List<String> getTokenKey() {
      return tokenKey;
    }

    /**
     * Sets the {@code tokenKey} setting.
     *
     * @param tokenKey the value
     */
    public void setTokenKey(List<String> tokenKey) {
      this.tokenKey = new ArrayList<>(tokenKey);
    }

    /**
     * The {@code urlPatterns} setting.
     *
     * @return the value
     */
    public List<String> getUrlPatterns() {
      return urlPatterns;
    }

    /**
     * Sets the {@code urlPatterns} setting.
     *
     * @param urlPatterns the value
     */
    public void setUrlPatterns(List<String> urlPatterns) {
      this.urlPatterns = new ArrayList<>(urlPatterns);
    }

    /** The kernel settings: every key that is set, lists joined with ", ". */
    Map<String, String> settings() {
      Map<String, String> s = new LinkedHashMap<>();
      PropertySettings.put(s, "trustedOrigins", trustedOrigins);
      PropertySettings.put(s, "bypassPaths", bypassPaths);
      PropertySettings.put(s, "allowSameSite", allowSameSite);
      PropertySettings.put(s, "missingHeaders", missingHeaders);
      PropertySettings.put(s, "tokens", tokens);
      PropertySettings.put(s, "tokenKey", tokenKey);
      return s;
    }
  }

  /**
   * {@code bulwark.request-limits.*}: The request-limits filter (RequestLimitsFilter): body size,
   * content type and encoding, before anything reads. Keys as in {@link
   * dev.bulwark.validation.RequestLimitsPolicy#fromSettings}.
   */
  public static class RequestLimits extends Section {

    /** The largest request body, in bytes. Default: 1048576 (1 MiB). */
    private @Nullable String maxBodyBytes;

    /**
     * Media types accepted in request bodies, no parameters or wildcards. Default:
     * application/json, application/x-www-form-urlencoded, multipart/form-data.
     */
    private List<String> allowedContentTypes = new ArrayList<>(List.of());

    /** Whether bodies and parameters must be valid UTF-8 (true or false). Default: true. */
    private @Nullable String checkEncoding;

    /** Servlet URL patterns the filter is registered on. Default: /*. */
    private List<String> urlPatterns = new ArrayList<>(List.of("/*"));

    /** Creates the section with every default. */
    public RequestLimits() {}

    /**
     * The {@code maxBodyBytes} setting.
     *
     * @return the value, or null for the default
     */
    public @Nullable String getMaxBodyBytes() {
      return maxBodyBytes;
    }

    /**
     * Sets the {@code maxBodyBytes} setting.
     *
     * @param maxBodyBytes the value
     */
    public void setMaxBodyBytes(@Nullable String maxBodyBytes) {
      this.maxBodyBytes = maxBodyBytes;
    }

    /**
     * The {@code allowedContentTypes} setting.
     *
     * @return the value
     */
    public List<String> getAllowedContentTypes() {
      return allowedContentTypes;
    }

    /**
     * Sets the {@code allowedContentTypes} setting.
     *
     * @param allowedContentTypes the value
     */
    public void setAllowedContentTypes(List<String> allowedContentTypes) {
      this.allowedContentTypes = new ArrayList<>(allowedContentTypes);
    }

    /**
     * The {@code checkEncoding} setting.
     *
     * @return the value, or null for the default
     */
    public @Nullable String getCheckEncoding() {
      return checkEncoding;
    }

    /**
     * Sets the {@code checkEncoding} setting.
     *
     * @param checkEncoding the value
     */
    public void setCheckEncoding(@Nullable String checkEncoding) {
      this.checkEncoding = checkEncoding;
    }

    /**
     * The {@code urlPatterns} setting.
     *
     * @return the value
     */
    public List<String> getUrlPatterns() {
      return urlPatterns;
    }

    /**
     * Sets the {@code urlPatterns} setting.
     *
     * @param urlPatterns the value
     */
    public void setUrlPatterns(List<String> urlPatterns) {
      this.urlPatterns = new ArrayList<>(urlPatterns);
    }

    /** The kernel settings: every key that is set, lists joined with ", ". */
    Map<String, String> settings() {
      Map<String, String> s = new LinkedHashMap<>();
      PropertySettings.put(s, "maxBodyBytes", maxBodyBytes);
      PropertySettings.put(s, "allowedContentTypes", allowedContentTypes);
      PropertySettings.put(s, "checkEncoding", checkEncoding);
      return s;
    }
  }

  /**
   * {@code bulwark.rate-limit.*}: The rate-limit filter (RateLimitFilter). A RateLimitStore bean
   * (Redis) replaces the in-memory store. Keys as in {@link
   * dev.bulwark.ratelimit.RateLimitControl#fromSettings}.
   */
  public static class RateLimit extends Section {

    /** The rule's name: 1 to 32 of a-z 0-9 - _, starting with a letter. Default: default. */
    private @Nullable String rule;

    /** greedy (one unit back at a time) or interval (the whole window at once). Default: greedy. */
    private @Nullable String refill;

    /**
     * Limits, name=capacity/period, such as burst=20/1s, hourly=1000/1h. Default: burst=50/1s,
     * sustained=1000/1m.
     */
    private List<String> limits = new ArrayList<>(List.of("burst=50/1s", "sustained=1000/1m"));

    /** Paths the rule applies to, such as /api/**, /login. Default: every path. */
    private List<String> paths = new ArrayList<>(List.of());

    /** Methods the rule applies to, such as POST, PUT. Default: every method. */
    private List<String> methods = new ArrayList<>(List.of());

    /** What a bucket is kept per: client, principal or header:<Header-Name>. Default: client. */
    private @Nullable String key;

    /** Units each request takes, at least 1. Default: 1. */
    private @Nullable String cost;

    /**
     * Count only responses with these statuses or classes, such as 401, 5xx. Default: every status.
     */
    private List<String> countOnlyStatuses = new ArrayList<>(List.of());

    /** Rate-limit response headers: ietf, draft-6, x-ratelimit. Default: ietf. */
    private List<String> headers = new ArrayList<>(List.of());

    /** The in-memory store's bound on clients tracked, 1 to 100000000. Default: 100000. */
    private @Nullable String maxKeys;

    /**
     * CIDR blocks, only when no client-IP filter runs before. Default: the client-IP filter's
     * answer.
     */
    private List<String> trustedProxies = new ArrayList<>(List.of());

    /** Servlet URL patterns the filter is registered on. Default: /*. */
    private List<String> urlPatterns = new ArrayList<>(List.of("/*"));

    /** Creates the section with every default. */
    public RateLimit() {}

    /**
     * The {@code rule} setting.
     *
     * @return the value, or null for the default
     */
    public @Nullable String getRule() {
      return rule;
    }

    /**
     * Sets the {@code rule} setting.
     *
     * @param rule the value
     */
    public void setRule(@Nullable String rule) {
      this.rule = rule;
    }

    /**
     * The {@code refill} setting.
     *
     * @return the value, or null for the default
     */
    public @Nullable String getRefill() {
      return refill;
    }

    /**
     * Sets the {@code refill} setting.
     *
     * @param refill the value
     */
    public void setRefill(@Nullable String refill) {
      this.refill = refill;
    }

    /**
     * The {@code limits} setting.
     *
     * @return the value
     */
    public List<String> getLimits() {
      return limits;
    }

    /**
     * Sets the {@code limits} setting.
     *
     * @param limits the value
     */
    public void setLimits(List<String> limits) {
      this.limits = new ArrayList<>(limits);
    }

    /**
     * The {@code paths} setting.
     *
     * @return the value
     */
    public List<String> getPaths() {
      return paths;
    }

    /**
     * Sets the {@code paths} setting.
     *
     * @param paths the value
     */
    public void setPaths(List<String> paths) {
      this.paths = new ArrayList<>(paths);
    }

    /**
     * The {@code methods} setting.
     *
     * @return the value
     */
    public List<String> getMethods() {
      return methods;
    }

    /**
     * Sets the {@code methods} setting.
     *
     * @param methods the value
     */
    public void setMethods(List<String> methods) {
      this.methods = new ArrayList<>(methods);
    }

    /**
     * The {@code key} setting.
     *
     * @return the value, or null for the default
     */
    public @Nullable String getKey() {
      return key;
    }

    /**
     * Sets the {@code key} setting.
     *
     * @param key the value
     */
    public void setKey(@Nullable String key) {
      this.key = key;
    }

    /**
     * The {@code cost} setting.
     *
     * @return the value, or null for the default
     */
    public @Nullable String getCost() {
      return cost;
    }

    /**
     * Sets the {@code cost} setting.
     *
     * @param cost the value
     */
    public void setCost(@Nullable String cost) {
      this.cost = cost;
    }

    /**
     * The {@code countOnlyStatuses} setting.
     *
     * @return the value
     */
    public List<String> getCountOnlyStatuses() {
      return countOnlyStatuses;
    }

    /**
     * Sets the {@code countOnlyStatuses} setting.
     *
     * @param countOnlyStatuses the value
     */
    public void setCountOnlyStatuses(List<String> countOnlyStatuses) {
      this.countOnlyStatuses = new ArrayList<>(countOnlyStatuses);
    }

    /**
     * The {@code headers} setting.
     *
     * @return the value
     */
    public List<String> getHeaders() {
      return headers;
    }

    /**
     * Sets the {@code headers} setting.
     *
     * @param headers the value
     */
    public void setHeaders(List<String> headers) {
      this.headers = new ArrayList<>(headers);
    }

    /**
     * The {@code maxKeys} setting.
     *
     * @return the value, or null for the default
     */
    public @Nullable String getMaxKeys() {
      return maxKeys;
    }

    /**
     * Sets the {@code maxKeys} setting.
     *
     * @param maxKeys the value
     */
    public void setMaxKeys(@Nullable String maxKeys) {
      this.maxKeys = maxKeys;
    }

    /**
     * The {@code trustedProxies} setting.
     *
     * @return the value
     */
    public List<String> getTrustedProxies() {
      return trustedProxies;
    }

    /**
     * Sets the {@code trustedProxies} setting.
     *
     * @param trustedProxies the value
     */
    public void setTrustedProxies(List<String> trustedProxies) {
      this.trustedProxies = new ArrayList<>(trustedProxies);
    }

    /**
     * The {@code urlPatterns} setting.
     *
     * @return the value
     */
    public List<String> getUrlPatterns() {
      return urlPatterns;
    }

    /**
     * Sets the {@code urlPatterns} setting.
     *
     * @param urlPatterns the value
     */
    public void setUrlPatterns(List<String> urlPatterns) {
      this.urlPatterns = new ArrayList<>(urlPatterns);
    }

    /** The kernel settings: every key that is set, lists joined with ", ". */
    Map<String, String> settings() {
      Map<String, String> s = new LinkedHashMap<>();
      PropertySettings.put(s, "rule", rule);
      PropertySettings.put(s, "refill", refill);
      PropertySettings.put(s, "limits", limits);
      PropertySettings.put(s, "paths", paths);
      PropertySettings.put(s, "methods", methods);
      PropertySettings.put(s, "key", key);
      PropertySettings.put(s, "cost", cost);
      PropertySettings.put(s, "countOnlyStatuses", countOnlyStatuses);
      PropertySettings.put(s, "headers", headers);
      PropertySettings.put(s, "maxKeys", maxKeys);
      PropertySettings.put(s, "trustedProxies", trustedProxies);
      return s;
    }
  }

  /**
   * {@code bulwark.jwt.*}: JWT: the bearer-token filter, and with a CredentialVerifier bean the
   * issuer and the login, refresh and logout endpoints; all switched on by keys-file. Keys as in
   * {@link dev.bulwark.jwt.servlet.BearerTokenSettings#fromSettings}.
   */
  public static class Jwt extends Section {

    /**
     * Path of the JWK set file whose current key signs and whose keys verify. Setting it switches
     * JWT on.
     */
    private @Nullable String keysFile;

    /**
     * The iss tokens carry and must carry, such as https://auth.example.com. Required with
     * keys-file.
     */
    private @Nullable String issuer;

    /** Accepted audiences (the first is issued). Required with keys-file. */
    private List<String> audience = new ArrayList<>(List.of());

    /** The realm in WWW-Authenticate, printable ASCII without quotes. Default: bulwark. */
    private @Nullable String realm;

    /** Claim name or dotted path holding the roles, such as realm_access.roles. Default: roles. */
    private @Nullable String rolesClaim;

    /** Tolerated clock difference, a duration such as 60s, at most 5m. Default: 60s. */
    private @Nullable String clockSkew;

    /** Longest accepted token, 64 to 65536 characters. Default: 8192. */
    private @Nullable String maxTokenLength;

    /** Relaxation: requests without a token pass (true or false). Default: false. */
    private @Nullable String allowAnonymous;

    /** Relaxation: accept typ JWT besides at+jwt (true or false). Default: false. */
    private @Nullable String allowTypeJwt;

    /**
     * Role rules [METHOD ]pattern=ROLE[|ROLE] separated by ';', such as GET /api/events=ADMIN;
     * /api/admin/*=ADMIN|OPS. The roles map adds to these. Default: none.
     */
    private @Nullable String roleRules;

    /**
     * Step-up rules [METHOD ]pattern=[FACTOR[|FACTOR]][@MAX_AGE] separated by ';', such as GET
     * /api/events=otp|rcv@PT5M. Default: none.
     */
    private @Nullable String stepUpRules;

    /**
     * Relaxation: tokens saying mfa_enrolled false pass the step-up rules (true or false). Default:
     * false.
     */
    private @Nullable String stepUpOnlyForEnrolledUsers;

    /**
     * How often the key file is checked for rotated keys, 1s to 1h, such as 30s. Default: read
     * once.
     */
    private @Nullable String keysReloadInterval;

    /**
     * Relaxation for development only (true or false): without keys-file, sign and verify with a
     * throw-away key generated at start-up, with a loud warning; tokens die with the process and no
     * other instance accepts them. Setting it switches JWT on. Default: false.
     */
    private @Nullable String developmentKeys;

    /**
     * Servlet URL patterns that need a bearer token; they may not cover the login or refresh path.
     * Default: /api/*.
     */
    private List<String> urlPatterns = new ArrayList<>(List.of("/api/*"));

    /**
     * Role rules as a map, pattern (optionally preceded by a method and a space) to ROLE[|ROLE],
     * such as bulwark.jwt.roles[/api/admin/**]=ADMIN. Default: none.
     */
    private Map<String, String> roles = new LinkedHashMap<>();

    /** Lifetime of the access tokens issued, a duration such as 15m, at most 24h. Default: 30m. */
    private @Nullable String accessTokenLifetime;

    /**
     * Where the login endpoint is mapped (needs a CredentialVerifier bean). Default: /auth/login.
     */
    private @Nullable String loginPath = "/auth/login";

    /** Where the refresh endpoint is mapped. Default: /auth/refresh. */
    private @Nullable String refreshPath = "/auth/refresh";

    /** Where the logout endpoint is mapped; it takes the bearer token. Default: /auth/logout. */
    private @Nullable String logoutPath = "/auth/logout";

    /** Where the public keys are published as a JWK set. Default: /.well-known/jwks.json. */
    private @Nullable String jwksPath = "/.well-known/jwks.json";

    /** Creates the section with every default. */
    public Jwt() {}

    /**
     * The {@code keysFile} setting.
     *
     * @return the value, or null for the default
     */
    public @Nullable String getKeysFile() {
      return keysFile;
    }

    /**
     * Sets the {@code keysFile} setting.
     *
     * @param keysFile the value
     */
    public void setKeysFile(@Nullable String keysFile) {
      this.keysFile = keysFile;
    }

    /**
     * The {@code issuer} setting.
     *
     * @return the value, or null for the default
     */
    public @Nullable String getIssuer() {
      return issuer;
    }

    /**
     * Sets the {@code issuer} setting.
     *
     * @param issuer the value
     */
    public void setIssuer(@Nullable String issuer) {
      this.issuer = issuer;
    }

    /**
     * The {@code audience} setting.
     *
     * @return the value
     */
    public List<String> getAudience() {
      return audience;
    }

    /**
     * Sets the {@code audience} setting.
     *
     * @param audience the value
     */
    public void setAudience(List<String> audience) {
      this.audience = new ArrayList<>(audience);
    }

    /**
     * The {@code realm} setting.
     *
     * @return the value, or null for the default
     */
    public @Nullable String getRealm() {
      return realm;
    }

    /**
     * Sets the {@code realm} setting.
     *
     * @param realm the value
     */
    public void setRealm(@Nullable String realm) {
      this.realm = realm;
    }

    /**
     * The {@code rolesClaim} setting.
     *
     * @return the value, or null for the default
     */
    public @Nullable String getRolesClaim() {
      return rolesClaim;
    }

    /**
     * Sets the {@code rolesClaim} setting.
     *
     * @param rolesClaim the value
     */
    public void setRolesClaim(@Nullable String rolesClaim) {
      this.rolesClaim = rolesClaim;
    }

    /**
     * The {@code clockSkew} setting.
     *
     * @return the value, or null for the default
     */
    public @Nullable String getClockSkew() {
      return clockSkew;
    }

    /**
     * Sets the {@code clockSkew} setting.
     *
     * @param clockSkew the value
     */
    public void setClockSkew(@Nullable String clockSkew) {
      this.clockSkew = clockSkew;
    }

    /**
     * The {@code maxTokenLength} setting.
     *
     * @return the value, or null for the default
     */
    public @Nullable String getMaxTokenLength() {
      return maxTokenLength;
    }

    /**
     * Sets the {@code maxTokenLength} setting.
     *
     * @param maxTokenLength the value
     */
    public void setMaxTokenLength(@Nullable String maxTokenLength) {
      this.maxTokenLength = maxTokenLength;
    }

    /**
     * The {@code allowAnonymous} setting.
     *
     * @return the value, or null for the default
     */
    public @Nullable String getAllowAnonymous() {
      return allowAnonymous;
    }

    /**
     * Sets the {@code allowAnonymous} setting.
     *
     * @param allowAnonymous the value
     */
    public void setAllowAnonymous(@Nullable String allowAnonymous) {
      this.allowAnonymous = allowAnonymous;
    }

    /**
     * The {@code allowTypeJwt} setting.
     *
     * @return the value, or null for the default
     */
    public @Nullable String getAllowTypeJwt() {
      return allowTypeJwt;
    }

    /**
     * Sets the {@code allowTypeJwt} setting.
     *
     * @param allowTypeJwt the value
     */
    public void setAllowTypeJwt(@Nullable String allowTypeJwt) {
      this.allowTypeJwt = allowTypeJwt;
    }

    /**
     * The {@code roleRules} setting.
     *
     * @return the value, or null for the default
     */
    public @Nullable String getRoleRules() {
      return roleRules;
    }

    /**
     * Sets the {@code roleRules} setting.
     *
     * @param roleRules the value
     */
    public void setRoleRules(@Nullable String roleRules) {
      this.roleRules = roleRules;
    }

    /**
     * The {@code stepUpRules} setting.
     *
     * @return the value, or null for the default
     */
    public @Nullable String getStepUpRules() {
      return stepUpRules;
    }

    /**
     * Sets the {@code stepUpRules} setting.
     *
     * @param stepUpRules the value
     */
    public void setStepUpRules(@Nullable String stepUpRules) {
      this.stepUpRules = stepUpRules;
    }

    /**
     * The {@code stepUpOnlyForEnrolledUsers} setting.
     *
     * @return the value, or null for the default
     */
    public @Nullable String getStepUpOnlyForEnrolledUsers() {
      return stepUpOnlyForEnrolledUsers;
    }

    /**
     * Sets the {@code stepUpOnlyForEnrolledUsers} setting.
     *
     * @param stepUpOnlyForEnrolledUsers the value
     */
    public void setStepUpOnlyForEnrolledUsers(@Nullable String stepUpOnlyForEnrolledUsers) {
      this.stepUpOnlyForEnrolledUsers = stepUpOnlyForEnrolledUsers;
    }

    /**
     * The {@code keysReloadInterval} setting.
     *
     * @return the value, or null for the default
     */
    public @Nullable String getKeysReloadInterval() {
      return keysReloadInterval;
    }

    /**
     * Sets the {@code keysReloadInterval} setting.
     *
     * @param keysReloadInterval the value
     */
    public void setKeysReloadInterval(@Nullable String keysReloadInterval) {
      this.keysReloadInterval = keysReloadInterval;
    }

    /**
     * The {@code developmentKeys} setting.
     *
     * @return the value, or null for the default
     */
    public @Nullable String getDevelopmentKeys() {
      return developmentKeys;
    }

    /**
     * Sets the {@code developmentKeys} setting.
     *
     * @param developmentKeys the value
     */
    public void setDevelopmentKeys(@Nullable String developmentKeys) {
      this.developmentKeys = developmentKeys;
    }

    /**
     * The {@code urlPatterns} setting.
     *
     * @return the value
     */
    public List<String> getUrlPatterns() {
      return urlPatterns;
    }

    /**
     * Sets the {@code urlPatterns} setting.
     *
     * @param urlPatterns the value
     */
    public void setUrlPatterns(List<String> urlPatterns) {
      this.urlPatterns = new ArrayList<>(urlPatterns);
    }

    /**
     * The {@code roles} setting.
     *
     * @return the value
     */
    public Map<String, String> getRoles() {
      return roles;
    }

    /**
     * Sets the {@code roles} setting.
     *
     * @param roles the value
     */
    public void setRoles(Map<String, String> roles) {
      this.roles = new LinkedHashMap<>(roles);
    }

    /**
     * The {@code accessTokenLifetime} setting.
     *
     * @return the value, or null for the default
     */
    public @Nullable String getAccessTokenLifetime() {
      return accessTokenLifetime;
    }

    /**
     * Sets the {@code accessTokenLifetime} setting.
     *
     * @param accessTokenLifetime the value
     */
    public void setAccessTokenLifetime(@Nullable String accessTokenLifetime) {
      this.accessTokenLifetime = accessTokenLifetime;
    }

    /**
     * The {@code loginPath} setting.
     *
     * @return the value, or null for the default
     */
    public @Nullable String getLoginPath() {
      return loginPath;
    }

    /**
     * Sets the {@code loginPath} setting.
     *
     * @param loginPath the value
     */
    public void setLoginPath(@Nullable String loginPath) {
      this.loginPath = loginPath;
    }

    /**
     * The {@code refreshPath} setting.
     *
     * @return the value, or null for the default
     */
    public @Nullable String getRefreshPath() {
      return refreshPath;
    }

    /**
     * Sets the {@code refreshPath} setting.
     *
     * @param refreshPath the value
     */
    public void setRefreshPath(@Nullable String refreshPath) {
      this.refreshPath = refreshPath;
    }

    /**
     * The {@code logoutPath} setting.
     *
     * @return the value, or null for the default
     */
    public @Nullable String getLogoutPath() {
      return logoutPath;
    }

    /**
     * Sets the {@code logoutPath} setting.
     *
     * @param logoutPath the value
     */
    public void setLogoutPath(@Nullable String logoutPath) {
      this.logoutPath = logoutPath;
    }

    /**
     * The {@code jwksPath} setting.
     *
     * @return the value, or null for the default
     */
    public @Nullable String getJwksPath() {
      return jwksPath;
    }

    /**
     * Sets the {@code jwksPath} setting.
     *
     * @param jwksPath the value
     */
    public void setJwksPath(@Nullable String jwksPath) {
      this.jwksPath = jwksPath;
    }

    /** The kernel settings: every key that is set, lists joined with ", ". */
    Map<String, String> settings() {
      Map<String, String> s = new LinkedHashMap<>();
      PropertySettings.put(s, "keysFile", keysFile);
      PropertySettings.put(s, "issuer", issuer);
      PropertySettings.put(s, "audience", audience);
      PropertySettings.put(s, "realm", realm);
      PropertySettings.put(s, "rolesClaim", rolesClaim);
      PropertySettings.put(s, "clockSkew", clockSkew);
      PropertySettings.put(s, "maxTokenLength", maxTokenLength);
      PropertySettings.put(s, "allowAnonymous", allowAnonymous);
      PropertySettings.put(s, "allowTypeJwt", allowTypeJwt);
      PropertySettings.put(s, "roleRules", roleRules);
      PropertySettings.put(s, "stepUpRules", stepUpRules);
      PropertySettings.put(s, "stepUpOnlyForEnrolledUsers", stepUpOnlyForEnrolledUsers);
      PropertySettings.put(s, "keysReloadInterval", keysReloadInterval);
      PropertySettings.put(s, "developmentKeys", developmentKeys);
      return s;
    }
  }

  /**
   * {@code bulwark.redis.*}: Shared state on Redis for every instance: rate-limit buckets,
   * brute-force counts, refresh-token families and the access-token denylist (needs
   * io.lettuce:lettuce-core). Read by the starter (see {@link
   * dev.bulwark.ratelimit.redis.RedisRateLimitStore}).
   */
  public static class Redis extends Section {

    /**
     * The Redis URI, such as redis://redis:6379 or rediss://user:password@redis:6380/0 (secret:
     * never shown). Setting it puts the shared stores on Redis; a store bean of the application
     * still wins. Default: unset (in-memory stores, one instance).
     */
    private @Nullable String url;

    /**
     * How long a Redis command may take before the request fails closed, a duration such as 500ms.
     * Default: 500ms.
     */
    private @Nullable String timeout;

    /** Creates the section with every default. */
    public Redis() {}

    /**
     * The {@code url} setting.
     *
     * @return the value, or null for the default
     */
    public @Nullable String getUrl() {
      return url;
    }

    /**
     * Sets the {@code url} setting.
     *
     * @param url the value
     */
    public void setUrl(@Nullable String url) {
      this.url = url;
    }

    /**
     * The {@code timeout} setting.
     *
     * @return the value, or null for the default
     */
    public @Nullable String getTimeout() {
      return timeout;
    }

    /**
     * Sets the {@code timeout} setting.
     *
     * @param timeout the value
     */
    public void setTimeout(@Nullable String timeout) {
      this.timeout = timeout;
    }

    /** The kernel settings: every key that is set, lists joined with ", ". */
    Map<String, String> settings() {
      Map<String, String> s = new LinkedHashMap<>();
      return s;
    }
  }

  /**
   * {@code bulwark.jdbc.*}: Shared token state in the application's PostgreSQL DataSource bean:
   * refresh-token families and the access-token denylist (tables created at start-up if missing).
   * Read by the starter (see {@link dev.bulwark.jwt.store.JdbcRefreshTokenStore}).
   */
  public static class Jdbc extends Section {

    /**
     * Whether the refresh-token families and the denylist live in the application's DataSource
     * (true or false); opt-in, as the tables are created in that database. Redis
     * (bulwark.redis.url) takes precedence. Default: false.
     */
    private @Nullable String stores;

    /** Creates the section with every default. */
    public Jdbc() {}

    /**
     * The {@code stores} setting.
     *
     * @return the value, or null for the default
     */
    public @Nullable String getStores() {
      return stores;
    }

    /**
     * Sets the {@code stores} setting.
     *
     * @param stores the value
     */
    public void setStores(@Nullable String stores) {
      this.stores = stores;
    }

    /** The kernel settings: every key that is set, lists joined with ", ". */
    Map<String, String> settings() {
      Map<String, String> s = new LinkedHashMap<>();
      return s;
    }
  }

  /** What every section has: whether its control is installed. */
  public abstract static class Section {

    /** Whether this control is installed. Default: true (JWT: only when keys-file is set). */
    private boolean enabled = true;

    /** Creates the section, enabled. */
    protected Section() {}

    /**
     * Whether this control is installed.
     *
     * @return the flag
     */
    public boolean isEnabled() {
      return enabled;
    }

    /**
     * Sets whether this control is installed.
     *
     * @param enabled false to leave it out
     */
    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }
  }
}
