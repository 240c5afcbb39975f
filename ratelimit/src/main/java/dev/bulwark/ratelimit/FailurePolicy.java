package dev.bulwark.ratelimit;

/**
 * What a {@link RateLimiter} does when its {@link RateLimitStore} cannot answer (Redis unreachable
 * or too slow). Either way a {@link RateLimitEvents#BACKEND_ERROR} event is published for each
 * failed decision, so that a Micrometer listener counts them and alerts can fire.
 */
public enum FailurePolicy {
  /**
   * Refuse the request (HTTP 503 with {@code Retry-After}). The default: a security control that
   * silently stops working when a dependency fails is the failure an attacker can provoke (fill
   * Redis, saturate its network) and is hard to notice; refusing is loud and safe.
   */
  FAIL_CLOSED,
  /**
   * Let the request through unlimited. Choose it when availability matters more than the limit (the
   * limit protects capacity, not credentials); watch the error events.
   */
  FAIL_OPEN
}
