package dev.bulwark.web;

import org.jspecify.annotations.Nullable;

/**
 * What {@link ClientIpResolver} concluded about a request's origin.
 *
 * @param address the client address in canonical text (see {@link IpAddresses#toCanonicalString})
 * @param rateLimitKey the key to count this client under: the address for IPv4, the configured
 *     prefix (for example {@code 2001:db8:ab00::/56}) for IPv6, because one IPv6 subscriber usually
 *     holds a whole prefix and would otherwise get a fresh budget per address
 * @param scheme {@code https} or {@code http}, as the client used it
 * @param secure whether the client's connection was TLS (the scheme is {@code https})
 * @param host the host the client asked for, when known (from the container or a trusted proxy)
 * @param viaTrustedProxy whether the answer came from forwarding headers of trusted proxies
 */
public record ResolvedClient(
    String address,
    String rateLimitKey,
    String scheme,
    boolean secure,
    @Nullable String host,
    boolean viaTrustedProxy) {}
