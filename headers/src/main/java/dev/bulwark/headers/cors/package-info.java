/**
 * Cross-Origin Resource Sharing: {@link dev.bulwark.headers.cors.CorsPolicy} (an exact origin
 * allow-list with optional anchored subdomain patterns, validated at build time) and the
 * servlet-free decision it makes for each request, {@link dev.bulwark.headers.cors.CorsDecision}.
 */
@NullMarked
package dev.bulwark.headers.cors;

import org.jspecify.annotations.NullMarked;
