package dev.bulwark.ratelimit;

/**
 * The built-in {@link KeyFunction#clientAddress()}: one instance, so that the limiter can recognise
 * it and build the stored key with one concatenation ({@code rule:ip:address}).
 */
final class ClientAddressKey implements KeyFunction {

  static final ClientAddressKey INSTANCE = new ClientAddressKey();

  /** The kind prefix of client-address keys. */
  static final String PREFIX = "ip:";

  private ClientAddressKey() {}

  @Override
  public String key(RateLimitRequest request) {
    return PREFIX.concat(request.client().rateLimitKey());
  }

  @Override
  public String toString() {
    return "client";
  }
}
