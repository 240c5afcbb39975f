/**
 * Jakarta Servlet adapters: {@link dev.bulwark.ratelimit.servlet.RateLimitFilter} for per-client
 * limits with IETF {@code RateLimit} fields, and {@link
 * dev.bulwark.ratelimit.servlet.BruteForceResponses} for login servlets guarded by a {@link
 * dev.bulwark.ratelimit.BruteForceGuard}.
 */
@NullMarked
package dev.bulwark.ratelimit.servlet;

import org.jspecify.annotations.NullMarked;
