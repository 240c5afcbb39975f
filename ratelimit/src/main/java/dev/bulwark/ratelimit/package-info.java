/**
 * Per-client rate limiting on Bucket4j token buckets, without servlet types.
 *
 * <p>A {@link dev.bulwark.ratelimit.RateLimitPolicy} holds ordered {@link
 * dev.bulwark.ratelimit.RateLimitRule rules}; each matches requests, keys them (by default the
 * client address from core's {@link dev.bulwark.web.ClientIpResolver}, IPv6 grouped by prefix) and
 * applies one or more {@link dev.bulwark.ratelimit.Limit limits} at once. A {@link
 * dev.bulwark.ratelimit.RateLimiter} evaluates a request against a {@link
 * dev.bulwark.ratelimit.RateLimitStore} (bounded in memory by default, Redis in {@code .redis}) and
 * answers a {@link dev.bulwark.ratelimit.RateLimitDecision}; {@link
 * dev.bulwark.ratelimit.RateLimitHeaders} renders it as IETF {@code RateLimit} fields. {@link
 * dev.bulwark.ratelimit.BruteForceGuard} slows credential guessing per username and per client.
 */
@NullMarked
package dev.bulwark.ratelimit;

import org.jspecify.annotations.NullMarked;
