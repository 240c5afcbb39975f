package dev.bulwark.ratelimit;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The answer of a {@link RateLimiter} for one request. Immutable; {@link RateLimiter#complete}
 * settles it after the response.
 */
public final class RateLimitDecision {

  /** What the limiter concluded. */
  public enum Status {
    /** No rule covers the request, or a rule's skip predicate exempted it. */
    NOT_LIMITED,
    /** A rule covers the request and every limit had room: the units were taken. */
    ALLOWED,
    /** A limit of the rule is exhausted: answer 429 with {@code Retry-After}. */
    REJECTED,
    /** The store failed and its {@link FailurePolicy} is fail-open: the request goes through. */
    FAILED_OPEN,
    /** The store failed and its {@link FailurePolicy} is fail-closed: answer 503. */
    FAILED_CLOSED
  }

  private static final RateLimitDecision NOT_LIMITED =
      new RateLimitDecision(Status.NOT_LIMITED, null, null, List.of(), Duration.ZERO, null);

  private final Status status;
  private final @Nullable RateLimitRule rule;
  private final @Nullable String key;
  private final List<LimitStatus> limits;
  private final Duration retryAfter;
  private final @Nullable Runnable refund;

  RateLimitDecision(
      Status status,
      @Nullable RateLimitRule rule,
      @Nullable String key,
      List<LimitStatus> limits,
      Duration retryAfter,
      @Nullable Runnable refund) {
    this.status = Objects.requireNonNull(status, "status");
    this.rule = rule;
    this.key = key;
    this.limits = List.copyOf(limits);
    this.retryAfter = Objects.requireNonNull(retryAfter, "retryAfter");
    this.refund = refund;
  }

  static RateLimitDecision notLimited() {
    return NOT_LIMITED;
  }

  /**
   * What the limiter concluded.
   *
   * @return the status
   */
  public Status status() {
    return status;
  }

  /**
   * Whether the request may proceed.
   *
   * @return true for {@link Status#NOT_LIMITED}, {@link Status#ALLOWED} and {@link
   *     Status#FAILED_OPEN}
   */
  public boolean allowed() {
    return status == Status.NOT_LIMITED || status == Status.ALLOWED || status == Status.FAILED_OPEN;
  }

  /**
   * The rule that decided.
   *
   * @return the rule, or null when the status is {@link Status#NOT_LIMITED} without a match
   */
  public @Nullable RateLimitRule rule() {
    return rule;
  }

  /**
   * The key the request counted against, prefixed by its kind ({@code ip:192.0.2.1}). It may be a
   * client address: never send it to the client.
   *
   * @return the key, or null when no rule counted the request
   */
  public @Nullable String key() {
    return key;
  }

  /**
   * The state of each of the rule's limits after this request, in the rule's order; empty unless
   * the status is {@link Status#ALLOWED} or {@link Status#REJECTED}.
   *
   * @return an immutable list
   */
  public List<LimitStatus> limits() {
    return limits;
  }

  /**
   * How long the client should wait before retrying: for {@link Status#REJECTED} the time until
   * enough units are back, for {@link Status#FAILED_CLOSED} a short back-off; zero otherwise.
   *
   * @return the duration
   */
  public Duration retryAfter() {
    return retryAfter;
  }

  /**
   * {@link #retryAfter()} in whole seconds, rounded up and never below 1, as {@code Retry-After}
   * wants it (a client told "0" would retry at once and be refused again).
   *
   * @return the seconds, at least 1
   */
  public long retryAfterSeconds() {
    return ceilSeconds(retryAfter);
  }

  static long ceilSeconds(Duration d) {
    long s = d.getSeconds() + (d.getNano() > 0 ? 1 : 0);
    return Math.max(1, s);
  }

  void runRefund() {
    if (refund != null) {
      refund.run();
    }
  }

  @Override
  public String toString() {
    return "RateLimitDecision[" + status + (rule == null ? "" : " rule=" + rule.name()) + "]";
  }
}
