/**
 * Servlet-free web primitives shared by every Bulwark control: {@link
 * dev.bulwark.web.ClientIpResolver} (the client behind trusted proxies), {@link
 * dev.bulwark.web.ProblemDetail} (RFC 9457 error bodies) and {@link
 * dev.bulwark.web.InitParamBinder} (fail-fast configuration from string parameters).
 */
@NullMarked
package dev.bulwark.web;

import org.jspecify.annotations.NullMarked;
