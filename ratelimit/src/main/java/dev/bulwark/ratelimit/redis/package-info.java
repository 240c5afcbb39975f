/**
 * Redis backends for many application instances: a {@link dev.bulwark.ratelimit.RateLimitStore}
 * through Bucket4j's Lettuce proxy manager ({@link
 * dev.bulwark.ratelimit.redis.RedisRateLimitStore}) and a {@link
 * dev.bulwark.ratelimit.BruteForceStore} on Lua scripts ({@link
 * dev.bulwark.ratelimit.redis.RedisBruteForceStore}). Needs {@code io.lettuce:lettuce-core} (and,
 * for the rate-limit store, {@code com.bucket4j:bucket4j_jdk17-lettuce}) on the class path
 * (optional dependencies of bulwark-ratelimit).
 */
@NullMarked
package dev.bulwark.ratelimit.redis;

import org.jspecify.annotations.NullMarked;
