/**
 * The bridge to bulwark-ratelimit: {@link dev.bulwark.jwt.ratelimit.BruteForceLoginThrottle} lets
 * {@link dev.bulwark.jwt.TokenService#login} consult a {@link
 * dev.bulwark.ratelimit.BruteForceGuard}. Needs {@code dev.bulwark:bulwark-ratelimit} on the class
 * path (an optional dependency of bulwark-jwt).
 */
@NullMarked
package dev.bulwark.jwt.ratelimit;

import org.jspecify.annotations.NullMarked;
