/**
 * {@link dev.bulwark.mfa.MfaStore}s shared by every instance of a service: {@link
 * dev.bulwark.mfa.store.JdbcMfaStore} (PostgreSQL through plain JDBC) and {@link
 * dev.bulwark.mfa.store.RedisMfaStore} (Redis through Lettuce). Their client libraries are optional
 * dependencies of bulwark-mfa: add {@code org.postgresql:postgresql} or {@code
 * io.lettuce:lettuce-core} to use one.
 *
 * <p>Both make each check-and-change atomic on the server (a conditional {@code UPDATE} or {@code
 * DELETE}, a Lua script), so that a TOTP time-step or a recovery code is accepted once across all
 * instances however the load balancer spreads the replays. Both fail closed: any backend error
 * becomes an {@link dev.bulwark.mfa.MfaException}, which {@link dev.bulwark.mfa.TotpAuthenticator}
 * passes on; no code is ever accepted on a guess.
 */
@NullMarked
package dev.bulwark.mfa.store;

import org.jspecify.annotations.NullMarked;
