package dev.bulwark.ratelimit;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.BucketState;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TokensInheritanceStrategy;
import io.github.bucket4j.VerboseResult;
import java.math.BigInteger;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The answer of a {@link RateLimiter} for one request. Immutable and thread-safe; {@link
 * RateLimiter#complete} settles it after the response. The per-limit state ({@link #limits()}) is
 * computed when first asked, so a caller that only needs {@link #allowed()} pays for none of it.
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

  private static final long NANOS_PER_SECOND = 1_000_000_000L;
  private static final RateLimitDecision NOT_LIMITED =
      new RateLimitDecision(Status.NOT_LIMITED, null, null, 0, null, null, null, 0, 0, 0);

  private final Status status;
  private final @Nullable RateLimitRule rule;
  private final @Nullable String storeKey;
  private final long retryAfterNanos;
  // What a consumption left behind, turned into LimitStatus objects only when asked (headers,
  // callers): the decision itself needs none of it. Either a Bucket4j state (rules of several
  // limits) or the remaining units and time to full of a rule's one limit.
  private final @Nullable Bucket refundBucket;
  private final @Nullable BucketState state;
  private final @Nullable ConsumptionProbe probe;
  private final long operationTimeNanos;
  private final long singleRemaining;
  private final long singleResetNanos;
  // Computed at most a few times under a race, always to equal immutable lists: no lock needed.
  private @Nullable List<LimitStatus> limits;

  private RateLimitDecision(
      Status status,
      @Nullable RateLimitRule rule,
      @Nullable String storeKey,
      long retryAfterNanos,
      @Nullable Bucket refundBucket,
      @Nullable BucketState state,
      @Nullable ConsumptionProbe probe,
      long operationTimeNanos,
      long singleRemaining,
      long singleResetNanos) {
    this.status = status;
    this.rule = rule;
    this.storeKey = storeKey;
    this.retryAfterNanos = retryAfterNanos;
    this.refundBucket = refundBucket;
    this.state = state;
    this.probe = probe;
    this.operationTimeNanos = operationTimeNanos;
    this.singleRemaining = singleRemaining;
    this.singleResetNanos = singleResetNanos;
  }

  static RateLimitDecision notLimited() {
    return NOT_LIMITED;
  }

  /** The store failed; no limit state. */
  static RateLimitDecision failed(
      Status status, RateLimitRule rule, String storeKey, long retryAfterNanos) {
    return new RateLimitDecision(
        status, rule, storeKey, retryAfterNanos, null, null, null, 0, 0, 0);
  }

  /** A rule of one limit, decided with a plain probe. */
  static RateLimitDecision ofProbe(
      RateLimitRule rule, String storeKey, ConsumptionProbe probe, @Nullable Bucket refundBucket) {
    boolean consumed = probe.isConsumed();
    return new RateLimitDecision(
        consumed ? Status.ALLOWED : Status.REJECTED,
        rule,
        storeKey,
        consumed ? 0 : Math.max(1, probe.getNanosToWaitForRefill()),
        consumed ? refundBucket : null,
        null,
        probe,
        0,
        probe.getRemainingTokens(),
        probe.getNanosToWaitForReset());
  }

  /** A rule of several limits, decided with a verbose result (the state of each limit). */
  static RateLimitDecision ofVerbose(
      RateLimitRule rule,
      String storeKey,
      VerboseResult<ConsumptionProbe> result,
      @Nullable Bucket refundBucket) {
    ConsumptionProbe probe = result.getValue();
    boolean consumed = probe.isConsumed();
    return new RateLimitDecision(
        consumed ? Status.ALLOWED : Status.REJECTED,
        rule,
        storeKey,
        consumed ? 0 : Math.max(1, probe.getNanosToWaitForRefill()),
        consumed ? refundBucket : null,
        result.getState(),
        probe,
        result.getOperationTimeNanos(),
        0,
        0);
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
    RateLimitRule r = rule;
    String k = storeKey;
    return r == null || k == null ? null : r.keyOf(k);
  }

  /**
   * The state of each of the rule's limits after this request, in the rule's order; empty unless
   * the status is {@link Status#ALLOWED} or {@link Status#REJECTED}.
   *
   * @return an immutable list
   */
  public List<LimitStatus> limits() {
    List<LimitStatus> l = limits;
    if (l == null) {
      if (limitCount() == 0) {
        return List.of();
      }
      RateLimitRule r = Objects.requireNonNull(rule);
      LimitStatus[] out = new LimitStatus[r.limitCount()];
      for (int i = 0; i < out.length; i++) {
        out[i] = new LimitStatus(r.limit(i), remaining(i), Duration.ofNanos(resetNanos(i)));
      }
      l = List.of(out);
      limits = l;
    }
    return l;
  }

  /** The number of limits with state: the rule's, or 0 without state. */
  int limitCount() {
    RateLimitRule r = rule;
    return r == null || (state == null && probe == null) ? 0 : r.limitCount();
  }

  /** The units left in limit {@code i}, 0 to its capacity. */
  long remaining(int i) {
    long capacity = Objects.requireNonNull(rule).limit(i).capacity();
    BucketState s = state;
    long available = s == null ? singleRemaining : s.getCurrentSize(i);
    return Math.max(0, Math.min(capacity, available));
  }

  /** The nanoseconds until limit {@code i} is full again if nothing more is taken. */
  long resetNanos(int i) {
    RateLimitRule r = Objects.requireNonNull(rule);
    Limit l = r.limit(i);
    long deficit = l.capacity() - remaining(i);
    if (deficit == 0) {
      return 0;
    }
    if (l.refill() == Limit.Refill.INTERVAL) {
      // The end of the window: Bucket4j's time to full, of this limit alone.
      BucketState s = state;
      if (s == null) {
        return Math.max(0, singleResetNanos);
      }
      BucketConfiguration alone = Objects.requireNonNull(r.aloneConfiguration(i));
      return Math.max(
          0,
          s.replaceConfiguration(alone, TokensInheritanceStrategy.AS_IS, operationTimeNanos)
              .calculateFullRefillingTime(operationTimeNanos));
    }
    return ceilMulDiv(deficit, r.periodNanos(i), l.capacity());
  }

  /** ceil(a * b / c) for non-negative a, b and positive c, exact. */
  static long ceilMulDiv(long a, long b, long c) {
    if (Math.multiplyHigh(a, b) == 0) {
      long p = a * b;
      if (p >= 0) {
        long q = p / c;
        return p % c == 0 ? q : q + 1;
      }
    }
    return BigInteger.valueOf(a)
        .multiply(BigInteger.valueOf(b))
        .add(BigInteger.valueOf(c - 1))
        .divide(BigInteger.valueOf(c))
        .longValueExact();
  }

  /**
   * How long the client should wait before retrying: for {@link Status#REJECTED} the time until
   * enough units are back, for {@link Status#FAILED_CLOSED} a short back-off; zero otherwise.
   *
   * @return the duration
   */
  public Duration retryAfter() {
    return Duration.ofNanos(retryAfterNanos);
  }

  /**
   * {@link #retryAfter()} in whole seconds, rounded up and never below 1, as {@code Retry-After}
   * wants it (a client told "0" would retry at once and be refused again).
   *
   * @return the seconds, at least 1
   */
  public long retryAfterSeconds() {
    return ceilSeconds(retryAfterNanos);
  }

  static long ceilSeconds(Duration d) {
    long s = d.getSeconds() + (d.getNano() > 0 ? 1 : 0);
    return Math.max(1, s);
  }

  static long ceilSeconds(long nanos) {
    long s = nanos / NANOS_PER_SECOND + (nanos % NANOS_PER_SECOND > 0 ? 1 : 0);
    return Math.max(1, s);
  }

  /** The stored key (rule name and key), or null. */
  @Nullable String storeKey() {
    return storeKey;
  }

  /** Gives the units back, when the rule counts only some outcomes. */
  void runRefund() {
    Bucket b = refundBucket;
    RateLimitRule r = rule;
    if (b != null && r != null) {
      b.addTokens(r.cost());
    }
  }

  @Override
  public String toString() {
    return "RateLimitDecision[" + status + (rule == null ? "" : " rule=" + rule.name()) + "]";
  }
}
