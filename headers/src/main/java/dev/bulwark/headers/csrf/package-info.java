/**
 * Cross-site request forgery protection: {@link dev.bulwark.headers.csrf.CsrfPolicy} decides from
 * Fetch Metadata and {@code Origin} whether a state-changing request came from this site, and
 * {@link dev.bulwark.headers.csrf.CsrfTokens} adds a signed, session-bound double-submit token for
 * classic form applications. No servlet imports; the filter is {@code
 * dev.bulwark.headers.servlet.CsrfFilter}.
 */
@NullMarked
package dev.bulwark.headers.csrf;

import org.jspecify.annotations.NullMarked;
