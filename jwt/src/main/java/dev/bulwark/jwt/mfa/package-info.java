/**
 * The bridge to bulwark-mfa: {@link dev.bulwark.jwt.mfa.TotpSecondFactor} lets {@link
 * dev.bulwark.jwt.TokenService#login} ask for a TOTP or recovery code from users who enrolled one
 * with a {@link dev.bulwark.mfa.TotpAuthenticator}. Needs {@code dev.bulwark:bulwark-mfa} on the
 * class path (an optional dependency of bulwark-jwt).
 */
@NullMarked
package dev.bulwark.jwt.mfa;

import org.jspecify.annotations.NullMarked;
