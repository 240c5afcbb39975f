/**
 * Implementations of {@link dev.bulwark.jwt.RefreshTokenStore} and {@link
 * dev.bulwark.jwt.AccessTokenDenylist}: in memory (bounded, the embedded default), JDBC
 * (PostgreSQL; needs a JDBC driver) and Redis (needs {@code io.lettuce:lettuce-core}, an optional
 * dependency). All pass one shared contract test.
 */
@NullMarked
package dev.bulwark.jwt.store;

import org.jspecify.annotations.NullMarked;
