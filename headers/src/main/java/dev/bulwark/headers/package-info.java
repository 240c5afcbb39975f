/**
 * Security response headers as small immutable units, composed by {@link
 * dev.bulwark.headers.SecurityHeadersPolicy}: {@link dev.bulwark.headers.ContentSecurityPolicy}
 * (with per-request nonces), {@link dev.bulwark.headers.StrictTransportSecurity}, {@link
 * dev.bulwark.headers.PermissionsPolicy}, {@link dev.bulwark.headers.ReferrerPolicy}, {@link
 * dev.bulwark.headers.FrameOptions}, the cross-origin isolation headers and fixed-value headers,
 * plus {@link dev.bulwark.headers.CookieHardening}. Nothing here imports the Servlet API; the
 * filters live in {@code dev.bulwark.headers.servlet}.
 */
@NullMarked
package dev.bulwark.headers;

import org.jspecify.annotations.NullMarked;
