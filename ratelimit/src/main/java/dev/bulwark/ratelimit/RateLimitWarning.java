package dev.bulwark.ratelimit;

/**
 * Misconfigurations a {@link RateLimiter} reports once each when it is built, in the manner of
 * express-rate-limit's validations. They do not stop start-up (the configuration is not less safe
 * than intended, only surprising); the forwarding-header warnings (a forwarding header seen while
 * no proxy is trusted, every address trusted) come from core's {@link
 * dev.bulwark.web.ClientIpResolver}.
 */
public enum RateLimitWarning {
  /**
   * A rule's cost is larger than one of its limits' capacity: it rejects every request, as a limit
   * of zero would.
   */
  COST_EXCEEDS_CAPACITY,
  /**
   * A limit refills a unit in less than a millisecond, finer than the clocks used for distributed
   * buckets (Redis counts milliseconds): express it as a larger capacity over a longer period.
   */
  REFILL_FINER_THAN_CLOCK_RESOLUTION,
  /**
   * A rule covers every request (no paths, methods or predicate), so the rules after it are never
   * consulted.
   */
  RULE_UNREACHABLE
}
