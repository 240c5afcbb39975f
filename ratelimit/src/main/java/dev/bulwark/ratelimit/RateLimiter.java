package dev.bulwark.ratelimit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.bulwark.event.Outcome;
import dev.bulwark.event.SecurityEvent;
import dev.bulwark.event.SecurityEventPublisher;
import dev.bulwark.web.ConfigurationException;
import dev.bulwark.web.internal.SetOnce;
import io.github.bucket4j.Bucket;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides whether requests may proceed under a {@link RateLimitPolicy}, counting them in a {@link
 * RateLimitStore}.
 *
 * <p>For each request, {@link #evaluate} finds the first matching rule, computes its key (the
 * client address by default, never a raw forwarding header) and takes the rule's cost from all its
 * limits at once (one Bucket4j bucket per rule and key; the limits are its bandwidths, so "20 per
 * second and 1000 per hour" is consumed atomically and a rejection takes nothing). After the
 * response, {@link #complete} gives the units back when the rule {@linkplain
 * RateLimitRule#countsOnlySomeOutcomes() counts only some outcomes} and this one is not among them.
 *
 * <p>When the store throws, the store's {@link FailurePolicy} decides ({@link
 * RateLimitDecision.Status#FAILED_OPEN} or {@link RateLimitDecision.Status#FAILED_CLOSED}) and a
 * {@link RateLimitEvents#BACKEND_ERROR} event is published for every failed decision (so a metric
 * counts them all). Rejections publish a {@link RateLimitEvents#REJECTED} event at most once per
 * rule and key per {@link #REPORT_INTERVAL}, so a flood of refused requests does not become a flood
 * of log lines.
 *
 * <p>Thread-safe. A local decision costs one map lookup and one lock-free bucket update, and
 * allocates the stored key, the decision and what Bucket4j allocates; see benchmarks/RESULTS.md.
 *
 * <pre>{@code
 * RateLimiter limiter = RateLimiter.builder(policy).build();   // bounded in-memory store
 * RateLimitDecision d = limiter.evaluate(request);
 * if (!d.allowed()) { ...429 with Retry-After: d.retryAfterSeconds()... }
 * ... run the request ...
 * limiter.complete(d, status);
 * }</pre>
 */
public final class RateLimiter implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(RateLimiter.class);

  /** How long a client is told to wait when the store is down and the limiter fails closed. */
  public static final Duration UNAVAILABLE_RETRY_AFTER = Duration.ofSeconds(5);

  /**
   * The least time between two {@link RateLimitEvents#REJECTED} events for the same rule and key,
   * and between two logged stack traces of store failures.
   */
  public static final Duration REPORT_INTERVAL = Duration.ofMinutes(1);

  private final RateLimitPolicy policy;
  private final RateLimitStore store;
  private final SecurityEventPublisher events;
  private final RateLimitRule[] rules;
  // One rejection event per rule and key per minute: under attack, a log line per refused request
  // would be a second denial of service (on the log pipeline). Bounded like every other map here.
  private final Cache<String, Boolean> recentlyReported =
      Caffeine.newBuilder().maximumSize(10_000).expireAfterWrite(REPORT_INTERVAL).build();
  private final OncePerInterval storeFailureLog = new OncePerInterval(REPORT_INTERVAL);

  private RateLimiter(Builder b) {
    this.policy = b.policy;
    this.store = b.store != null ? b.store : InMemoryRateLimitStore.create();
    this.events = b.events;
    this.rules = policy.rules().toArray(new RateLimitRule[0]);
    Set<RateLimitWarning> warnings = policy.warnings();
    for (RateLimitWarning w : warnings) {
      try {
        b.warningHandler.accept(w);
      } catch (RuntimeException e) {
        LOG.error("rate-limit warning handler failed on {}", w, e);
      }
    }
  }

  /**
   * A builder for a limiter enforcing a policy.
   *
   * @param policy the policy
   * @return a builder with an in-memory store, the logging event publisher and SLF4J warnings
   */
  public static Builder builder(RateLimitPolicy policy) {
    return new Builder(policy);
  }

  /**
   * The policy.
   *
   * @return the policy
   */
  public RateLimitPolicy policy() {
    return policy;
  }

  /**
   * The store.
   *
   * @return the store
   */
  public RateLimitStore store() {
    return store;
  }

  /**
   * Decides a request, taking its cost from its budget when a rule covers it.
   *
   * @param request the request
   * @return the decision; never null, never throws for store failures
   */
  public RateLimitDecision evaluate(RateLimitRequest request) {
    for (RateLimitRule rule : rules) {
      if (!rule.matches(request)) {
        continue;
      }
      if (rule.skips(request)) {
        return RateLimitDecision.notLimited();
      }
      return consume(rule, rule.storeKey(request), request);
    }
    return RateLimitDecision.notLimited();
  }

  /**
   * Decides directly for a rule and key, for callers that key requests themselves (a gRPC
   * interceptor, a message consumer). The rule must belong to this limiter's policy.
   *
   * @param ruleName the rule's name
   * @param key the key; prefix it by its kind, as {@link KeyFunction} does
   * @return the decision
   * @throws IllegalArgumentException when no rule has that name
   */
  public RateLimitDecision evaluate(String ruleName, String key) {
    Objects.requireNonNull(key, "key");
    for (RateLimitRule rule : rules) {
      if (rule.name().equals(ruleName)) {
        return consume(rule, rule.storeKey(key), null);
      }
    }
    throw new IllegalArgumentException("no rule named '" + ruleName + "' in this policy");
  }

  /**
   * Settles a decision after the response: gives the units back when the rule counts only some
   * outcomes and this status is not one of them. Call it once per {@link
   * RateLimitDecision.Status#ALLOWED} decision; other decisions are ignored.
   *
   * @param decision the decision of {@link #evaluate}
   * @param status the response's HTTP status
   */
  public void complete(RateLimitDecision decision, int status) {
    RateLimitRule rule = decision.rule();
    if (decision.status() != RateLimitDecision.Status.ALLOWED || rule == null) {
      return;
    }
    if (rule.counts(status)) {
      return;
    }
    try {
      decision.runRefund();
    } catch (RuntimeException e) {
      // The units stay taken: the budget is stricter than intended, never looser.
      backendError(rule, decision.key(), null, e, "refund");
    }
  }

  private RateLimitDecision consume(
      RateLimitRule rule, String storeKey, @Nullable RateLimitRequest request) {
    RateLimitDecision decision;
    try {
      Bucket bucket = store.bucket(storeKey, rule.bucketConfiguration(), rule.timeToFull());
      Bucket refund = rule.countsOnlySomeOutcomes() ? bucket : null;
      // One bucket operation either way; a rule of one limit needs no per-limit state, so it
      // skips the verbose result's copy of the bucket state.
      decision =
          rule.limitCount() == 1
              ? RateLimitDecision.ofProbe(
                  rule, storeKey, bucket.tryConsumeAndReturnRemaining(rule.cost()), refund)
              : RateLimitDecision.ofVerbose(
                  rule,
                  storeKey,
                  bucket.asVerbose().tryConsumeAndReturnRemaining(rule.cost()),
                  refund);
    } catch (RuntimeException e) {
      FailurePolicy fp = store.failurePolicy();
      backendError(
          rule,
          rule.keyOf(storeKey),
          request,
          e,
          fp == FailurePolicy.FAIL_OPEN ? "fail-open" : "fail-closed");
      return RateLimitDecision.failed(
          fp == FailurePolicy.FAIL_OPEN
              ? RateLimitDecision.Status.FAILED_OPEN
              : RateLimitDecision.Status.FAILED_CLOSED,
          rule,
          storeKey);
    }
    if (decision.status() == RateLimitDecision.Status.REJECTED) {
      rejected(rule, storeKey, request, decision);
    }
    return decision;
  }

  private void rejected(
      RateLimitRule rule,
      String storeKey,
      @Nullable RateLimitRequest request,
      RateLimitDecision decision) {
    if (recentlyReported.asMap().putIfAbsent(storeKey, Boolean.TRUE) != null) {
      return;
    }
    String exhausted = null;
    for (int i = 0; i < rule.limitCount(); i++) {
      if (decision.remaining(i) < rule.cost()) {
        exhausted = rule.limit(i).name();
        break;
      }
    }
    publishRejection(rule, request, exhausted, decision.retryAfter());
  }

  private void publishRejection(
      RateLimitRule rule,
      @Nullable RateLimitRequest request,
      @Nullable String exhausted,
      Duration wait) {
    events.publish(
        SecurityEvent.builder(RateLimitEvents.REJECTED, Outcome.DENIED)
            .client(request != null ? request.client().address() : null)
            .subject(request != null ? request.principal() : null)
            .detail("rule", rule.name())
            .detail("limit", exhausted)
            .detail("retry_after_s", Long.toString(RateLimitDecision.ceilSeconds(wait)))
            .detail("method", request != null ? request.method() : null)
            .detail("path", request != null ? request.path() : null)
            .detail("suppressing_repeats_s", Long.toString(REPORT_INTERVAL.toSeconds()))
            .build());
  }

  private void backendError(
      RateLimitRule rule,
      @Nullable String key,
      @Nullable RateLimitRequest request,
      RuntimeException e,
      String policyName) {
    if (storeFailureLog.due()) {
      LOG.warn(
          "rate-limit store failed for rule {} ({}); further failures are counted by"
              + " ratelimit.backend.error events, stack traces logged once a minute",
          rule.name(),
          policyName,
          e);
    }
    events.publish(
        SecurityEvent.builder(RateLimitEvents.BACKEND_ERROR, Outcome.ERROR)
            .client(request != null ? request.client().address() : null)
            .detail("rule", rule.name())
            .detail("policy", policyName)
            .detail("error", e.getClass().getName())
            .build());
  }

  /** Closes the store. */
  @Override
  public void close() {
    store.close();
  }

  /** The policy and the store, as the start-up log shows them. */
  @Override
  public String toString() {
    return "RateLimiter[" + policy + ", store=" + store + "]";
  }

  /**
   * Builder for {@link RateLimiter}. Each setting may be set once; every failure is a {@link
   * ConfigurationException}. Not thread-safe.
   */
  public static final class Builder {
    private final RateLimitPolicy policy;
    private @Nullable RateLimitStore store;
    private SecurityEventPublisher events = SecurityEventPublisher.logging();
    private Consumer<RateLimitWarning> warningHandler = Builder::logWarning;
    private final SetOnce once = new SetOnce("RateLimiter.Builder");

    private Builder(RateLimitPolicy policy) {
      this.policy = Objects.requireNonNull(policy, "policy");
    }

    private static void logWarning(RateLimitWarning w) {
      String text =
          switch (w) {
            case COST_EXCEEDS_CAPACITY ->
                "a rule's cost exceeds a limit's capacity: every request it covers is rejected";
            case REFILL_FINER_THAN_CLOCK_RESOLUTION ->
                "a limit refills a unit in under 1ms, finer than distributed clocks count: use a"
                    + " larger capacity over a longer period";
            case RULE_UNREACHABLE ->
                "a rule covers every request, so the rules after it are never consulted: move it"
                    + " last";
          };
      LOG.warn("Bulwark rate limiting: {} ({})", text, w);
    }

    /**
     * Where budgets live; a new {@link InMemoryRateLimitStore} with default bounds when not set.
     *
     * @param store the store; the limiter closes it on {@link RateLimiter#close()}
     * @return this builder
     * @throws ConfigurationException when already set
     */
    public Builder store(RateLimitStore store) {
      Objects.requireNonNull(store, "store");
      once.set("store", store);
      this.store = store;
      return this;
    }

    /**
     * Where rejection and backend-error events go; the logging publisher by default.
     *
     * @param events the publisher
     * @return this builder
     * @throws ConfigurationException when already set
     */
    public Builder events(SecurityEventPublisher events) {
      Objects.requireNonNull(events, "events");
      once.set("events", events);
      this.events = events;
      return this;
    }

    /**
     * Where configuration warnings go instead of SLF4J; each is passed once, when the limiter is
     * built.
     *
     * @param handler the handler
     * @return this builder
     * @throws ConfigurationException when already set
     */
    public Builder onWarning(Consumer<RateLimitWarning> handler) {
      Objects.requireNonNull(handler, "onWarning");
      once.set("onWarning", "a handler");
      this.warningHandler = handler;
      return this;
    }

    /**
     * Builds the limiter and reports the policy's warnings.
     *
     * @return the limiter
     */
    public RateLimiter build() {
      return new RateLimiter(this);
    }
  }
}
