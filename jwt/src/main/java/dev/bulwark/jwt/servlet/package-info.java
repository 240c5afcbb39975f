/**
 * Servlet adapters for the JWT engine: {@link dev.bulwark.jwt.servlet.BearerTokenFilter} (RFC 6750
 * bearer authentication and role rules) and the token endpoints {@link
 * dev.bulwark.jwt.servlet.LoginServlet}, {@link dev.bulwark.jwt.servlet.RefreshServlet}, {@link
 * dev.bulwark.jwt.servlet.LogoutServlet} and {@link dev.bulwark.jwt.servlet.JwksServlet}.
 *
 * <p>Every error is an RFC 9457 {@code application/problem+json} body that never says why a token
 * was refused; the precise reason goes to the security events.
 */
@NullMarked
package dev.bulwark.jwt.servlet;

import org.jspecify.annotations.NullMarked;
