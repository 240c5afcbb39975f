/**
 * Spring Boot auto-configuration for Bulwark: with only the {@code bulwark-spring-boot-starter}
 * dependency, a servlet application gets the client-IP, security-headers (strict nonce CSP), CORS
 * (same origin only), CSRF, request-limits and rate-limit filters, in that order and before
 * Spring's own filters; {@code bulwark.jwt.keys-file} adds the bearer-token filter, the token
 * endpoints and the JWKS endpoint. Every setting is a {@code bulwark.*} property ({@link
 * dev.bulwark.spring.boot.BulwarkProperties}) handed unparsed to the control's {@code
 * fromSettings}; every bean is {@code @ConditionalOnMissingBean}, so an application's own bean
 * replaces ours.
 */
@NullMarked
package dev.bulwark.spring.boot;

import org.jspecify.annotations.NullMarked;
