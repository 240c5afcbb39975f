/**
 * A Redis {@link dev.bulwark.ratelimit.RateLimitStore} for many application instances, through
 * Bucket4j's Lettuce proxy manager. Needs {@code com.bucket4j:bucket4j_jdk17-lettuce} and {@code
 * io.lettuce:lettuce-core} on the class path (optional dependencies of bulwark-ratelimit).
 */
@NullMarked
package dev.bulwark.ratelimit.redis;

import org.jspecify.annotations.NullMarked;
