package dev.bulwark.ratelimit.servlet;

import dev.bulwark.ratelimit.KeyFunction;
import dev.bulwark.ratelimit.Limit;
import dev.bulwark.ratelimit.LocalRateLimitStore;
import dev.bulwark.ratelimit.RateLimitDecision;
import dev.bulwark.ratelimit.RateLimitHeaders;
import dev.bulwark.ratelimit.RateLimitPolicy;
import dev.bulwark.ratelimit.RateLimitRequest;
import dev.bulwark.ratelimit.RateLimitRule;
import dev.bulwark.ratelimit.RateLimiter;
import dev.bulwark.web.ClientIpResolver;
import dev.bulwark.web.ConfigurationException;
import dev.bulwark.web.InitParamBinder;
import dev.bulwark.web.ProblemDetail;
import dev.bulwark.web.ResolvedClient;
import dev.bulwark.web.servlet.FilterParams;
import dev.bulwark.web.servlet.ProblemResponses;
import dev.bulwark.web.servlet.ServletClients;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.security.Principal;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Enforces a {@link RateLimiter} on servlet requests: sets the IETF {@code RateLimit-Policy} and
 * {@code RateLimit} fields on every request a rule covers (see {@link RateLimitHeaders}), answers
 * 429 with {@code Retry-After} and an RFC 9457 problem body when a limit is exhausted, and 503 with
 * {@code Retry-After} when the store is down and fails closed.
 *
 * <p><b>Client identity.</b> The default key is the client address that core's {@link
 * ClientIpResolver} resolved: the answer of a {@code ClientIpFilter} mapped before this filter, or
 * the resolver given to {@link Builder#clientIpResolver(ClientIpResolver)}, or else the socket
 * peer. A forwarding header is only believed from a trusted proxy, so rotating {@code
 * X-Forwarded-For} buys a client nothing.
 *
 * <p><b>Counting only some outcomes.</b> For a rule with {@link
 * RateLimitRule.Builder#countOnlyStatuses(String...)}, the units are taken before the request and
 * given back after it when its status is not counted. A request that throws, or goes asynchronous,
 * keeps its units taken (the status is unknown; the budget errs strict). The {@code RateLimit}
 * field reports the budget as it was before any refund.
 *
 * <p><b>web.xml.</b> The no-arg constructor builds one rule from init-params; an unknown or invalid
 * one stops start-up:
 *
 * <table>
 *   <caption>Init-params</caption>
 *   <tr><th>name</th><th>value</th><th>default</th></tr>
 *   <tr><td>{@code limits}</td><td>{@code burst=20/1s, hourly=1000/1h}</td><td>required</td></tr>
 *   <tr><td>{@code rule}</td><td>the rule name</td><td>{@code default}</td></tr>
 *   <tr><td>{@code paths}</td><td>{@code /api/**, /login}</td><td>every path</td></tr>
 *   <tr><td>{@code methods}</td><td>{@code POST, PUT}</td><td>every method</td></tr>
 *   <tr><td>{@code key}</td><td>{@code client}, {@code principal} or {@code header:X-API-Key}</td>
 *       <td>{@code client}</td></tr>
 *   <tr><td>{@code refill}</td><td>{@code greedy} (one unit back every period / capacity) or
 *       {@code interval} (the whole capacity back when the window ends)</td><td>{@code greedy}</td></tr>
 *   <tr><td>{@code cost}</td><td>units per request</td><td>1</td></tr>
 *   <tr><td>{@code countOnlyStatuses}</td><td>{@code 401, 5xx}</td><td>every status</td></tr>
 *   <tr><td>{@code headers}</td><td>{@code ietf}, {@code draft-6}, {@code x-ratelimit}, comma
 *       separated</td><td>{@code ietf}</td></tr>
 *   <tr><td>{@code maxKeys}</td><td>the in-memory bound</td><td>100000</td></tr>
 *   <tr><td>{@code trustedProxies}</td><td>CIDRs, when no {@code ClientIpFilter} runs
 *       before</td><td>none</td></tr>
 * </table>
 *
 * <p>Thread-safe once initialised.
 */
public final class RateLimitFilter implements Filter {

  private @Nullable RateLimiter limiter;
  private RateLimitHeaders headers = RateLimitHeaders.ietf();
  private @Nullable ClientIpResolver resolver;
  private Clock wallClock = Clock.systemUTC();
  private final boolean fromCode;

  /** For {@code web.xml}: configured from init-params in {@link #init(FilterConfig)}. */
  public RateLimitFilter() {
    this.fromCode = false;
  }

  /**
   * For code: enforces the given limiter with IETF fields and the shared client resolution.
   *
   * @param limiter the limiter
   */
  public RateLimitFilter(RateLimiter limiter) {
    this(builder(limiter));
  }

  private RateLimitFilter(Builder b) {
    this.fromCode = true;
    this.limiter = b.limiter;
    this.headers = b.headers;
    this.resolver = b.resolver;
    this.wallClock = b.wallClock;
  }

  /**
   * A builder for a filter enforcing a limiter.
   *
   * @param limiter the limiter
   * @return a builder
   */
  public static Builder builder(RateLimiter limiter) {
    return new Builder(limiter);
  }

  @Override
  public void init(FilterConfig config) throws ServletException {
    if (fromCode) {
      FilterParams.refuseWhenConfiguredInCode(config, "a limiter");
      return;
    }
    Map<String, String> params = FilterParams.of(config);
    if (!params.containsKey("limits")) {
      throw new ServletException(
          "Filter '"
              + config.getFilterName()
              + "': init-param 'limits' is required, such as burst=20/1s, hourly=1000/1h");
    }
    String ruleName = params.getOrDefault("rule", "default").trim();
    RateLimitRule.Builder rule;
    try {
      rule = RateLimitRule.builder(ruleName);
    } catch (IllegalArgumentException e) {
      throw new ServletException(
          "Filter '" + config.getFilterName() + "': init-param 'rule': " + e.getMessage(), e);
    }
    LocalRateLimitStore.Builder store = LocalRateLimitStore.builder();
    RateLimitHeaders.Builder hb = RateLimitHeaders.builder();
    ClientIpResolver.Builder rb = ClientIpResolver.builder();
    boolean[] ownResolver = {false};
    List<Limit> limits = new ArrayList<>();
    Limit.Refill[] refill = {Limit.Refill.GREEDY};
    InitParamBinder binder =
        InitParamBinder.forComponent(config.getFilterName())
            .param("rule", "a name of lower-case letters, digits, - and _", v -> {})
            .param(
                "limits",
                "comma-separated name=capacity/period, such as burst=20/1s, hourly=1000/1h",
                v -> {
                  // refill may come later: collect here, checking names the way the rule will
                  RateLimitRule.Builder check = RateLimitRule.builder("check");
                  for (String l : v.split(",")) {
                    Limit parsed = Limit.parse(l.trim());
                    check.limit(parsed);
                    limits.add(parsed);
                  }
                })
            .param(
                "refill",
                "greedy (one unit back at a time) or interval (the whole window at once)",
                v -> refill[0] = InitParamBinder.enumValue(Limit.Refill.class, v))
            .param(
                "paths",
                "comma-separated patterns such as /api/**, /login",
                v -> rule.paths(InitParamBinder.list(v)))
            .param(
                "methods",
                "comma-separated HTTP methods such as POST, PUT",
                v -> rule.methods(InitParamBinder.list(v)))
            .param("key", "client, principal or header:<Header-Name>", v -> rule.key(parseKey(v)))
            .param(
                "cost", "a whole number of at least 1", v -> rule.cost(InitParamBinder.integer(v)))
            .param(
                "countOnlyStatuses",
                "comma-separated statuses or classes such as 401, 5xx",
                v -> rule.countOnlyStatuses(InitParamBinder.list(v).toArray(new String[0])))
            .param(
                "headers",
                "comma-separated ietf, draft-6, x-ratelimit",
                v -> {
                  List<RateLimitHeaders.Format> fs = new ArrayList<>();
                  for (String f : InitParamBinder.list(v)) {
                    fs.add(InitParamBinder.enumValue(RateLimitHeaders.Format.class, f));
                  }
                  hb.formats(fs);
                })
            .param(
                "maxKeys",
                "a whole number from 1 to 100000000",
                v -> store.maxKeys(InitParamBinder.integer(v)))
            .param(
                "trustedProxies",
                "comma-separated CIDR blocks such as 10.0.0.0/8",
                v -> {
                  rb.trustedProxies(InitParamBinder.list(v));
                  ownResolver[0] = true;
                });
    FilterParams.bind(config, binder);
    try {
      for (Limit l : limits) {
        rule.limit(l.withRefill(refill[0]));
      }
      this.limiter =
          RateLimiter.builder(RateLimitPolicy.of(rule.build())).store(store.build()).build();
    } catch (ConfigurationException | IllegalArgumentException | IllegalStateException e) {
      throw new ServletException("Filter '" + config.getFilterName() + "': " + e.getMessage(), e);
    }
    this.headers = hb.build();
    this.resolver = ownResolver[0] ? rb.build() : null;
  }

  private static KeyFunction parseKey(String v) {
    String lower = v.toLowerCase(Locale.ROOT);
    if (lower.equals("client")) {
      return KeyFunction.clientAddress();
    }
    if (lower.equals("principal")) {
      return KeyFunction.principal();
    }
    if (lower.startsWith("header:") && v.length() > "header:".length()) {
      return KeyFunction.header(v.substring("header:".length()).trim());
    }
    throw new IllegalArgumentException("unknown key kind");
  }

  @Override
  public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
      throws IOException, ServletException {
    RateLimiter l = limiter;
    if (l == null) {
      throw new ServletException("RateLimitFilter was not initialised");
    }
    if (!(req instanceof HttpServletRequest request)
        || !(res instanceof HttpServletResponse response)) {
      chain.doFilter(req, res);
      return;
    }
    ResolvedClient client = ServletClients.resolve(request, resolver);
    Principal principal = request.getUserPrincipal();
    RateLimitRequest rlr =
        new RateLimitRequest(
            request.getMethod(),
            pathOf(request),
            client,
            principal == null ? null : principal.getName(),
            ServletClients.headers(request));
    RateLimitDecision decision = l.evaluate(rlr);
    headers.write(decision, wallClock, response::setHeader);
    switch (decision.status()) {
      case REJECTED -> {
        ProblemResponses.send(
            response,
            ProblemDetail.builder(429)
                .detail("Too many requests: retry in " + decision.retryAfterSeconds() + " seconds.")
                .build());
        return;
      }
      case FAILED_CLOSED -> {
        ProblemResponses.send(
            response,
            ProblemDetail.builder(503)
                .detail("Rate limiting is temporarily unavailable: retry shortly.")
                .build());
        return;
      }
      default -> {}
    }
    chain.doFilter(request, response);
    if (!request.isAsyncStarted()) {
      l.complete(decision, response.getStatus());
    }
  }

  private static String pathOf(HttpServletRequest request) {
    String servletPath = request.getServletPath();
    String pathInfo = request.getPathInfo();
    if (pathInfo == null) {
      return servletPath == null || servletPath.isEmpty() ? "/" : servletPath;
    }
    String path = servletPath == null ? pathInfo : servletPath.concat(pathInfo);
    return path.isEmpty() ? "/" : path;
  }

  @Override
  public void destroy() {
    RateLimiter l = limiter;
    if (l != null && !fromCode) {
      l.close();
    }
  }

  /** Builder for {@link RateLimitFilter}. Not thread-safe. */
  public static final class Builder {
    private final RateLimiter limiter;
    private RateLimitHeaders headers = RateLimitHeaders.ietf();
    private @Nullable ClientIpResolver resolver;
    private Clock wallClock = Clock.systemUTC();

    private Builder(RateLimiter limiter) {
      this.limiter = Objects.requireNonNull(limiter, "limiter");
    }

    /**
     * Which header fields to send; IETF draft-11 fields by default.
     *
     * @param headers the renderer
     * @return this builder
     */
    public Builder headers(RateLimitHeaders headers) {
      this.headers = Objects.requireNonNull(headers, "headers");
      return this;
    }

    /**
     * A resolver of this filter's own, instead of the {@code ClientIpFilter} answer or the socket
     * peer.
     *
     * @param resolver the resolver
     * @return this builder
     */
    public Builder clientIpResolver(ClientIpResolver resolver) {
      this.resolver = Objects.requireNonNull(resolver, "clientIpResolver");
      return this;
    }

    /**
     * The wall clock for {@code X-RateLimit-Reset}; the system UTC clock by default.
     *
     * @param clock the clock
     * @return this builder
     */
    public Builder wallClock(Clock clock) {
      this.wallClock = Objects.requireNonNull(clock, "wallClock");
      return this;
    }

    /**
     * Builds the filter.
     *
     * @return the filter
     */
    public RateLimitFilter build() {
      return new RateLimitFilter(this);
    }
  }
}
