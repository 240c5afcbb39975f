package dev.bulwark.ratelimit;

import dev.bulwark.web.ConfigurationException;
import dev.bulwark.web.HmacKeys;
import dev.bulwark.web.internal.SetOnce;
import java.time.Duration;
import java.util.Objects;

/**
 * Device trust for a {@link BruteForceGuard}: the answer to an account lock that anyone who knows a
 * username can trigger (OWASP "Slow Down Online Guessing Attacks with Device Cookies").
 *
 * <p>After a fully successful sign-in, the guard issues a {@link dev.bulwark.web.DeviceToken} that
 * names the user and the device and is signed (HMAC-SHA256 over user, device id and expiry, with
 * {@link HmacKeys}). A later attempt that presents a valid token <em>for the same user</em> is
 * exempt from that user's lock and is counted on the device's own counter instead: after {@link
 * Builder#maxFailures(long) maxFailures} wrong passwords within the token's lifetime the device
 * loses its trust (recorded in the {@link BruteForceStore}, so every instance refuses it) and the
 * account lock applies to it again. Attempts without a valid token (none, forged, tampered,
 * expired, another user's, revoked) are counted and locked as before; a locked account still
 * answers them exactly like a wrong password.
 *
 * <p>Defaults: tokens live 30 days (renewed at every successful sign-in), 5 wrong passwords revoke
 * a device.
 *
 * <pre>{@code
 * BruteForcePolicy policy = BruteForcePolicy.builder()
 *     .trustedDevices(DeviceTrustPolicy.builder(HmacKeys.fromBase64(System.getenv("DEVICE_KEYS")))
 *         .build())
 *     .build();
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public final class DeviceTrustPolicy {

  final HmacKeys keys;
  final Duration lifetime;
  final long maxFailures;

  private DeviceTrustPolicy(Builder b) {
    this.keys = b.keys;
    this.lifetime = b.lifetime;
    this.maxFailures = b.maxFailures;
  }

  /**
   * A builder with the defaults.
   *
   * @param keys the keys that sign the device tokens; every instance must hold the same ones
   * @return a builder
   */
  public static Builder builder(HmacKeys keys) {
    return new Builder(Objects.requireNonNull(keys, "keys"));
  }

  /**
   * How long a device token is accepted after it was issued.
   *
   * @return the lifetime
   */
  public Duration lifetime() {
    return lifetime;
  }

  /**
   * Wrong passwords from one trusted device, within its lifetime, that revoke its trust.
   *
   * @return the count
   */
  public long maxFailures() {
    return maxFailures;
  }

  /** The effective settings; the keys are described, never shown. */
  @Override
  public String toString() {
    return "DeviceTrustPolicy[lifetime="
        + lifetime
        + ", maxFailures="
        + maxFailures
        + ", keys="
        + keys
        + "]";
  }

  /**
   * Builder for {@link DeviceTrustPolicy}. Each setting is checked when it is set and may be set
   * once; every failure is a {@link ConfigurationException} naming the setting. Not thread-safe.
   */
  public static final class Builder {
    private final HmacKeys keys;
    private Duration lifetime = Duration.ofDays(30);
    private long maxFailures = 5;
    private final SetOnce once = new SetOnce("DeviceTrustPolicy.Builder");

    private Builder(HmacKeys keys) {
      this.keys = keys;
    }

    /**
     * How long a device token is accepted; 30 days by default. Each successful sign-in renews it.
     *
     * @param lifetime 1 hour to 400 days (browsers cap a cookie's lifetime at 400 days)
     * @return this builder
     * @throws ConfigurationException when out of range or already set
     */
    public Builder lifetime(Duration lifetime) {
      Objects.requireNonNull(lifetime, "lifetime");
      once.set("lifetime", lifetime);
      if (lifetime.compareTo(Duration.ofHours(1)) < 0
          || lifetime.compareTo(Duration.ofDays(400)) > 0) {
        throw new ConfigurationException(
            "DeviceTrustPolicy: lifetime must be 1 hour to 400 days (was "
                + lifetime
                + "); for example Duration.ofDays(30)");
      }
      this.lifetime = lifetime;
      return this;
    }

    /**
     * Wrong passwords from one trusted device that revoke its trust; 5 by default.
     *
     * @param failures 1 to 100
     * @return this builder
     * @throws ConfigurationException when out of range or already set
     */
    public Builder maxFailures(long failures) {
      once.set("maxFailures", failures);
      if (failures < 1 || failures > 100) {
        throw new ConfigurationException(
            "DeviceTrustPolicy: maxFailures must be 1 to 100 (was " + failures + ")");
      }
      this.maxFailures = failures;
      return this;
    }

    /**
     * Builds the policy.
     *
     * @return the immutable policy
     */
    public DeviceTrustPolicy build() {
      return new DeviceTrustPolicy(this);
    }
  }
}
