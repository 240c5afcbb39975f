package dev.bulwark.ratelimit;

import dev.bulwark.web.ConfigurationException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Decides whose budget a request counts against.
 *
 * <p>The built-in functions never key on raw, client-chosen text that would let a client pick its
 * own budget: {@link #clientAddress()} uses the address core's {@link
 * dev.bulwark.web.ClientIpResolver} resolved (forwarding headers only through trusted proxies, IPv6
 * grouped by prefix); {@link #principal()} uses the authenticated name; {@link #header(String)}
 * hashes an API key (an unauthenticated API key is as spoofable as any header: use it for
 * authenticated keys, or after the filter that checks them). When a function has nothing to key on
 * it returns null and the request counts against its client address instead, so no request is ever
 * unlimited because it lacks a key.
 *
 * <p>Keys returned by the built-ins are prefixed by their kind ({@code ip:}, {@code user:}, {@code
 * apikey:}, {@code custom:}), so a user named {@code 192.0.2.1} never shares the budget of that
 * address. Implementations must be thread-safe and fast; they run on every request.
 */
@FunctionalInterface
public interface KeyFunction {

  /** The longest key kept as is; longer keys are replaced by their SHA-256 digest. */
  int MAX_KEY_CHARS = 128;

  /**
   * The key of a request.
   *
   * @param request the request
   * @return the key, or null to fall back to the client address
   */
  @Nullable String key(RateLimitRequest request);

  /**
   * The client address (the default): IPv4 addresses one by one, IPv6 by the resolver's prefix (/56
   * unless configured), so one subscriber cannot rotate through its own addresses.
   *
   * @return the function
   */
  static KeyFunction clientAddress() {
    return ClientAddressKey.INSTANCE;
  }

  /**
   * The authenticated principal's name; anonymous requests count against their client address.
   *
   * @return the function
   */
  static KeyFunction principal() {
    return new NamedKeyFunction(
        "principal", r -> r.principal() == null ? null : "user:" + bounded(r.principal()));
  }

  /**
   * The SHA-256 digest of an API-key header (the raw key is never stored); requests without the
   * header count against their client address. When the header is repeated, all lines count
   * together as one key.
   *
   * @param name the header name, such as {@code X-API-Key}
   * @return the function
   * @throws ConfigurationException when the name is blank
   */
  static KeyFunction header(String name) {
    Objects.requireNonNull(name, "header name");
    if (name.isBlank()) {
      throw new ConfigurationException("key header name must not be blank, such as X-API-Key");
    }
    return new NamedKeyFunction(
        "header:" + name,
        r -> {
          List<String> values = r.headers().values(name);
          if (values.isEmpty()) {
            return null;
          }
          return "apikey:" + sha256(String.join(",", values));
        });
  }

  /**
   * A key of the caller's choice, prefixed with {@code custom:}.
   *
   * @param function returns the key, or null to fall back to the client address
   * @return the function
   */
  static KeyFunction custom(KeyFunction function) {
    Objects.requireNonNull(function, "function");
    return new NamedKeyFunction(
        "custom",
        r -> {
          String k = function.key(r);
          return k == null ? null : "custom:" + bounded(k);
        });
  }

  private static String bounded(String key) {
    return key.length() <= MAX_KEY_CHARS ? key : "sha256:" + sha256(key);
  }

  private static String sha256(String text) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(md.digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every Java platform", e);
    }
  }
}
