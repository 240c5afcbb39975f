package dev.bulwark.ratelimit.internal;

import dev.bulwark.web.ClientIpResolver;
import org.jspecify.annotations.Nullable;

/** Descriptions shared by the control and its filter, so both say the same thing. */
public final class Descriptions {

  private Descriptions() {}

  /**
   * How a rate limit resolves clients.
   *
   * @param resolver its own resolver, or null
   * @return {@code ClientIpResolver[trustedProxies=[…]]}, or where the address comes from without
   *     one
   */
  public static String clientIp(@Nullable ClientIpResolver resolver) {
    return resolver == null
        ? "ClientIpFilter's answer, else the socket peer"
        : "ClientIpResolver[trustedProxies=" + resolver.trustedProxies() + "]";
  }
}
