/**
 * Servlet filters adapting the bulwark-headers engines, and the CSP reporting endpoint.
 *
 * <h2>Filter order</h2>
 *
 * Map the filters in this order, all before any authentication filter:
 *
 * <ol>
 *   <li>{@code dev.bulwark.web.servlet.ClientIpFilter} (core): resolves the client and whether the
 *       request is secure behind trusted proxies;
 *   <li>{@link dev.bulwark.headers.servlet.SecurityHeadersFilter}: so that every response, errors
 *       and CORS refusals included, carries the headers;
 *   <li>{@link dev.bulwark.headers.servlet.CorsFilter}: answers preflights itself, so they never
 *       reach authentication (a preflight carries no credentials and would fail it);
 *   <li>{@link dev.bulwark.headers.servlet.CsrfFilter}: refuses cross-site state changes before
 *       authentication spends work on them;
 *   <li>authentication, rate limiting, the application.
 * </ol>
 */
@NullMarked
package dev.bulwark.headers.servlet;

import org.jspecify.annotations.NullMarked;
