package dev.bulwark.ratelimit.servlet;

import dev.bulwark.event.SecurityEventPublisher;
import dev.bulwark.ratelimit.RateLimitControl;
import dev.bulwark.ratelimit.RateLimitDecision;
import dev.bulwark.ratelimit.RateLimitHeaders;
import dev.bulwark.ratelimit.RateLimitRequest;
import dev.bulwark.ratelimit.RateLimiter;
import dev.bulwark.ratelimit.internal.Descriptions;
import dev.bulwark.web.ClientIpResolver;
import dev.bulwark.web.ConfigurationException;
import dev.bulwark.web.ProblemDetail;
import dev.bulwark.web.ResolvedClient;
import dev.bulwark.web.internal.SetOnce;
import dev.bulwark.web.servlet.FilterParams;
import dev.bulwark.web.servlet.HttpOnlyFilter;
import dev.bulwark.web.servlet.ProblemResponses;
import dev.bulwark.web.servlet.ServletClients;
import dev.bulwark.web.servlet.ServletPaths;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.security.Principal;
import java.time.Clock;
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
 * dev.bulwark.ratelimit.RateLimitRule.Builder#countOnlyStatuses(String...)}, the units are taken
 * before the request and given back after it when its status is not counted. A request that throws,
 * or goes asynchronous, keeps its units taken (the status is unknown; the budget errs strict). The
 * {@code RateLimit} field reports the budget as it was before any refund.
 *
 * <p><b>web.xml.</b> The no-arg constructor reads one rule, its store, header fields and client
 * resolution from init-params, in the vocabulary of {@link RateLimitControl} (its Javadoc and the
 * module README have the table: {@code limits}, {@code rule}, {@code paths}, {@code methods},
 * {@code key}, {@code refill}, {@code cost}, {@code countOnlyStatuses}, {@code headers}, {@code
 * maxKeys}, {@code trustedProxies}); an unknown, misspelt or invalid one stops start-up. The same
 * settings from any other front-end: {@link #RateLimitFilter(RateLimitControl)}.
 *
 * <p>Thread-safe once initialised.
 */
public final class RateLimitFilter extends HttpOnlyFilter {

  private @Nullable RateLimiter limiter;
  private RateLimitHeaders headers = RateLimitHeaders.ietf();
  private @Nullable ClientIpResolver resolver;
  private Clock wallClock = Clock.systemUTC();
  private final boolean fromCode;
  // a limiter this filter built from settings is its own, closed on destroy; one given is not
  private boolean ownsLimiter;

  /** For {@code web.xml}: configured from init-params in {@link #init(FilterConfig)}. */
  public RateLimitFilter() {
    this.fromCode = false;
  }

  /**
   * For settings from another front-end (properties, the environment): enforces the control with a
   * limiter of its own (logging events), closed by {@link #destroy()}.
   *
   * @param control the control, such as {@link RateLimitControl#fromSettings}'s
   */
  public RateLimitFilter(RateLimitControl control) {
    this.fromCode = true;
    apply(control);
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

  private void apply(RateLimitControl control) {
    this.limiter = control.newLimiter(SecurityEventPublisher.logging());
    this.ownsLimiter = true;
    this.headers = control.headers();
    this.resolver = control.clientIpResolver().orElse(null);
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
      FilterParams.refuseWhenConfiguredInCode(config, "a limiter or a control");
      return;
    }
    apply(FilterParams.fromSettings(config, RateLimitControl::fromSettings));
  }

  @Override
  protected void filter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    RateLimiter l = FilterParams.initialised(limiter, "RateLimitFilter");
    ResolvedClient client = ServletClients.resolve(request, resolver);
    Principal principal = request.getUserPrincipal();
    RateLimitRequest rlr =
        new RateLimitRequest(
            request.getMethod(),
            ServletPaths.pathOf(request),
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

  @Override
  public void destroy() {
    RateLimiter l = limiter;
    if (l != null && ownsLimiter) {
      l.close();
    }
  }

  /** The limiter (policy and store), header fields and client resolution it enforces. */
  @Override
  public String toString() {
    return "RateLimitFilter["
        + (limiter == null ? "not initialised" : limiter)
        + ", headers="
        + headers
        + ", clientIp="
        + Descriptions.clientIp(resolver)
        + ", wallClock="
        + wallClock
        + "]";
  }

  /**
   * Builder for {@link RateLimitFilter}. Each setting may be set once; every failure is a {@link
   * ConfigurationException}. Not thread-safe.
   */
  public static final class Builder {
    private final RateLimiter limiter;
    private RateLimitHeaders headers = RateLimitHeaders.ietf();
    private @Nullable ClientIpResolver resolver;
    private Clock wallClock = Clock.systemUTC();
    private final SetOnce once = new SetOnce("RateLimitFilter.Builder");

    private Builder(RateLimiter limiter) {
      this.limiter = Objects.requireNonNull(limiter, "limiter");
    }

    /**
     * Which header fields to send; IETF draft-11 fields by default.
     *
     * @param headers the renderer
     * @return this builder
     * @throws ConfigurationException when already set
     */
    public Builder headers(RateLimitHeaders headers) {
      Objects.requireNonNull(headers, "headers");
      once.set("headers", headers);
      this.headers = headers;
      return this;
    }

    /**
     * A resolver of this filter's own, instead of the {@code ClientIpFilter} answer or the socket
     * peer.
     *
     * @param resolver the resolver
     * @return this builder
     * @throws ConfigurationException when already set
     */
    public Builder clientIpResolver(ClientIpResolver resolver) {
      Objects.requireNonNull(resolver, "clientIpResolver");
      once.set("clientIpResolver", Descriptions.clientIp(resolver));
      this.resolver = resolver;
      return this;
    }

    /**
     * The wall clock for {@code X-RateLimit-Reset}; the system UTC clock by default.
     *
     * @param clock the clock
     * @return this builder
     * @throws ConfigurationException when already set
     */
    public Builder wallClock(Clock clock) {
      Objects.requireNonNull(clock, "wallClock");
      once.set("wallClock", clock);
      this.wallClock = clock;
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
