package dev.bulwark.headers;

import org.jspecify.annotations.Nullable;

/**
 * What a {@link SecurityHeader} may depend on for one response.
 *
 * @param secure whether the client reached us over TLS (directly, or through a trusted proxy as
 *     resolved by {@code dev.bulwark.web.ClientIpResolver})
 * @param nonce this response's CSP nonce (base64), or null when the policy uses none
 */
public record HeaderContext(boolean secure, @Nullable String nonce) {}
