package dev.bulwark.ratelimit;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
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

  private static final RateLimitDecision NOT_LIMITED =
      new RateLimitDecision(Status.NOT_LIMITED, null, null, null, null, null);

  private final Status status;
  private final @Nullable RateLimitRule rule;
  private final @Nullable String storeKey;
  // What the consumption left behind, turned into LimitStatus objects only when asked (headers,
  // callers): the decision itself needs none of it. A plain probe for a rule of one limit, a
  // verbose result (the state of every limit) for a rule of several.
  private final @Nullable Bucket refundBucket;
  private final @Nullable ConsumptionProbe probe;
  private final @Nullable VerboseResult<ConsumptionProbe> verbose;
  // Computed at most a few times under a race, always to equal immutable lists: no lock needed.
  private @Nullable List<LimitStatus> limits;

  private RateLimitDecision(
      Status status,
      @Nullable RateLimitRule rule,
      @Nullable String storeKey,
      @Nullable Bucket refundBucket,
      @Nullable ConsumptionProbe probe,
      @Nullable VerboseResult<ConsumptionProbe> verbose) {
    this.status = status;
    this.rule = rule;
    this.storeKey = storeKey;
    this.refundBucket = refundBucket;
    this.probe = probe;
    this.verbose = verbose;
  }

  static RateLimitDecision notLimited() {
    return NOT_LIMITED;
  }

  /** The store failed ({@link Status#FAILED_OPEN} or {@link Status#FAILED_CLOSED}). */
  static RateLimitDecision failed(Status status, RateLimitRule rule, String storeKey) {
    return new RateLimitDecision(status, rule, storeKey, null, null, null);
  }

  /** A rule of one limit, decided with a plain probe. */
  static RateLimitDecision ofProbe(
      RateLimitRule rule, String storeKey, ConsumptionProbe probe, @Nullable Bucket refundBucket) {
    boolean consumed = probe.isConsumed();
    return new RateLimitDecision(
        consumed ? Status.ALLOWED : Status.REJECTED,
        rule,
        storeKey,
        consumed ? refundBucket : null,
        probe,
        null);
  }

  /** A rule of several limits, decided with a verbose result. */
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
        consumed ? refundBucket : null,
        probe,
        result);
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
    return r == null || probe == null ? 0 : r.limitCount();
  }

  /** The units left in limit {@code i}, 0 to its capacity. */
  long remaining(int i) {
    long capacity = Objects.requireNonNull(rule).limit(i).capacity();
    VerboseResult<ConsumptionProbe> v = verbose;
    long available =
        v == null
            ? Objects.requireNonNull(probe).getRemainingTokens()
            : v.getState().getCurrentSize(i);
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
      VerboseResult<ConsumptionProbe> v = verbose;
      if (v == null) {
        return Math.max(0, Objects.requireNonNull(probe).getNanosToWaitForReset());
      }
      BucketConfiguration alone = Objects.requireNonNull(r.aloneConfiguration(i));
      long now = v.getOperationTimeNanos();
      return Math.max(
          0,
          v.getState()
              .replaceConfiguration(alone, TokensInheritanceStrategy.AS_IS, now)
              .calculateFullRefillingTime(now));
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
    return Duration.ofNanos(retryAfterNanos());
  }

  private long retryAfterNanos() {
    return switch (status) {
      case REJECTED -> Math.max(1, Objects.requireNonNull(probe).getNanosToWaitForRefill());
      case FAILED_CLOSED -> RateLimiter.UNAVAILABLE_RETRY_AFTER.toNanos();
      default -> 0;
    };
  }

  /**
   * {@link #retryAfter()} in whole seconds, rounded up and never below 1, as {@code Retry-After}
   * wants it (a client told "0" would retry at once and be refused again).
   *
   * @return the seconds, at least 1
   */
  public long retryAfterSeconds() {
    return ceilSeconds(retryAfterNanos());
  }

  static long ceilSeconds(Duration d) {
    long s = d.getSeconds() + (d.getNano() > 0 ? 1 : 0);
    return Math.max(1, s);
  }

  private static final long NANOS_PER_SECOND = 1_000_000_000L;

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
