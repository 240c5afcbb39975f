package dev.bulwark.web;

/**
 * Which forwarding header the trusted proxies write. Exactly one is read: reading both would let a
 * client smuggle addresses through the header a proxy does not overwrite.
 */
public enum ForwardedHeader {
  /**
   * {@code X-Forwarded-For} for addresses, {@code X-Forwarded-Proto} for the scheme and {@code
   * X-Forwarded-Host} for the host: what nginx, HAProxy, Envoy, cloud load balancers and most
   * Kubernetes ingress controllers write.
   */
  X_FORWARDED_FOR,
  /**
   * RFC 7239 {@code Forwarded} with its {@code for=}, {@code proto=} and {@code host=} parameters.
   */
  FORWARDED
}
