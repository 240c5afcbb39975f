/**
 * JWT access tokens and opaque refresh tokens, without servlet imports.
 *
 * <ul>
 *   <li>{@link dev.bulwark.jwt.KeySet} loads and validates signing and verification keys; {@link
 *       dev.bulwark.jwt.KeyRing} holds the current set and rotates it without a restart.
 *   <li>{@link dev.bulwark.jwt.AccessTokenIssuer} signs RFC 9068 ({@code typ: at+jwt}) access
 *       tokens.
 *   <li>{@link dev.bulwark.jwt.AccessTokenVerifier} verifies them strictly and returns a {@link
 *       dev.bulwark.jwt.VerifiedAccessToken}, the only proof that the checks were made.
 *   <li>{@link dev.bulwark.jwt.TokenService} logs a user in, rotates refresh tokens with reuse
 *       detection and logs out, on top of a {@link dev.bulwark.jwt.RefreshTokenStore} and an {@link
 *       dev.bulwark.jwt.AccessTokenDenylist}.
 * </ul>
 */
@NullMarked
package dev.bulwark.jwt;

import org.jspecify.annotations.NullMarked;
