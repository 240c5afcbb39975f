package dev.bulwark.ratelimit;

import dev.bulwark.web.ConfigurationException;
import dev.bulwark.web.internal.SetOnce;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The settings of a {@link BruteForceGuard}. Immutable; build with {@link #builder()}.
 *
 * <p>Defaults: a username locks after 5 failures within 15 minutes, for 15 minutes, doubling with
 * each further lock up to 24 hours; a client (address, IPv6 /56) is throttled after 20 failures
 * within 15 minutes across all usernames, for the same growing durations; no automatic ban. At most
 * 100,000 usernames and 100,000 clients are tracked (bounded Caffeine maps; as for {@link
 * InMemoryRateLimitStore}, an evicted entry is forgotten, and frequently failing keys survive a
 * flood of one-off keys).
 */
public final class BruteForcePolicy {

  final long maxUsernameFailures;
  final long maxClientFailures;
  final Duration failureWindow;
  final Duration lockDuration;
  final Duration maxLockDuration;
  final long banAfterFailures;
  final Duration banWindow;
  final Duration banDuration;
  final long maxTrackedKeys;
  final Clock clock;
  final @Nullable DeviceTrustPolicy deviceTrust;

  private BruteForcePolicy(Builder b) {
    this.maxUsernameFailures = b.maxUsernameFailures;
    this.maxClientFailures = b.maxClientFailures;
    this.failureWindow = b.failureWindow;
    this.lockDuration = b.lockDuration;
    this.maxLockDuration = b.maxLockDuration;
    this.banAfterFailures = b.banAfterFailures;
    this.banWindow = b.banWindow;
    this.banDuration = b.banDuration;
    this.maxTrackedKeys = b.maxTrackedKeys;
    this.clock = b.clock;
    this.deviceTrust = b.deviceTrust;
  }

  /**
   * The device trust, when {@link Builder#trustedDevices(DeviceTrustPolicy)} was set.
   *
   * @return the device trust policy, or empty when devices are not trusted
   */
  public Optional<DeviceTrustPolicy> deviceTrust() {
    return Optional.ofNullable(deviceTrust);
  }

  /**
   * A new builder with the defaults.
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The policy with every default.
   *
   * @return the policy
   */
  public static BruteForcePolicy defaults() {
    return builder().build();
  }

  /** The effective settings, for start-up logs and posture reports; keys are never shown. */
  @Override
  public String toString() {
    return "BruteForcePolicy[maxUsernameFailures="
        + maxUsernameFailures
        + ", maxClientFailures="
        + maxClientFailures
        + ", failureWindow="
        + failureWindow
        + ", lockDuration="
        + lockDuration
        + ", maxLockDuration="
        + maxLockDuration
        + (banAfterFailures > 0
            ? ", banClients=" + banAfterFailures + " in " + banWindow + " for " + banDuration
            : ", noBan")
        + ", maxTrackedKeys="
        + maxTrackedKeys
        + ", clock="
        + clock
        + ", "
        + (deviceTrust == null ? "noTrustedDevices" : "trustedDevices=" + deviceTrust)
        + "]";
  }

  /**
   * Builder for {@link BruteForcePolicy}. Each setting is checked when set and may be set once;
   * every failure is a {@link ConfigurationException} naming the setting. Not thread-safe.
   */
  public static final class Builder {
    private static final String NAME = "BruteForcePolicy.Builder";

    private long maxUsernameFailures = 5;
    private long maxClientFailures = 20;
    private Duration failureWindow = Duration.ofMinutes(15);
    private Duration lockDuration = Duration.ofMinutes(15);
    private Duration maxLockDuration = Duration.ofHours(24);
    private long banAfterFailures;
    private Duration banWindow = Duration.ofHours(1);
    private Duration banDuration = Duration.ofHours(1);
    private long maxTrackedKeys = 100_000;
    private Clock clock = Clock.systemUTC();
    private @Nullable DeviceTrustPolicy deviceTrust;
    private final SetOnce once = new SetOnce(NAME);

    private Builder() {}

    private static void positive(String setting, Duration d) {
      Objects.requireNonNull(d, setting);
      if (d.isNegative() || d.isZero()) {
        throw new ConfigurationException(
            NAME + ": " + setting + " must be positive (was " + d + "), such as PT15M");
      }
    }

    /**
     * Failures on one username within the window that lock it.
     *
     * @param failures 1 to 1000; 5 by default
     * @return this builder
     * @throws ConfigurationException when out of range or already set
     */
    public Builder maxUsernameFailures(long failures) {
      if (failures < 1 || failures > 1000) {
        throw new ConfigurationException(
            NAME + ": maxUsernameFailures must be between 1 and 1000 (was " + failures + ")");
      }
      once.set("maxUsernameFailures", failures);
      this.maxUsernameFailures = failures;
      return this;
    }

    /**
     * Failures from one client, across all usernames, within the window that throttle it. Keep it
     * above {@link #maxUsernameFailures(long)}: the per-client limit is what stops one address
     * trying one password against many accounts.
     *
     * @param failures 1 to 100,000; 20 by default
     * @return this builder
     * @throws ConfigurationException when out of range or already set
     */
    public Builder maxClientFailures(long failures) {
      if (failures < 1 || failures > 100_000) {
        throw new ConfigurationException(
            NAME + ": maxClientFailures must be between 1 and 100000 (was " + failures + ")");
      }
      once.set("maxClientFailures", failures);
      this.maxClientFailures = failures;
      return this;
    }

    /**
     * The window failures are counted in (a token bucket: one failure is forgotten every {@code
     * window / max}).
     *
     * @param window positive; 15 minutes by default
     * @return this builder
     * @throws ConfigurationException when not positive or already set
     */
    public Builder failureWindow(Duration window) {
      positive("failureWindow", window);
      once.set("failureWindow", window);
      this.failureWindow = window;
      return this;
    }

    /**
     * How long the first lock lasts; each further lock of the same key doubles it, up to the
     * maximum. A success resets a username's locks.
     *
     * @param first the first lock; 15 minutes by default
     * @param max the longest lock; 24 hours by default, not below {@code first}
     * @return this builder
     * @throws ConfigurationException when not positive, the maximum is below the first, or already
     *     set
     */
    public Builder lockDuration(Duration first, Duration max) {
      positive("lockDuration", first);
      positive("maxLockDuration", max);
      if (max.compareTo(first) < 0) {
        throw new ConfigurationException(
            NAME
                + ": lockDuration: the maximum ("
                + max
                + ") is shorter than the first lock ("
                + first
                + ")");
      }
      once.set("lockDuration", first + " up to " + max);
      this.lockDuration = first;
      this.maxLockDuration = max;
      return this;
    }

    /**
     * Bans a client that keeps failing: {@code failures} within {@code window} ban it for {@code
     * duration}, whatever usernames it tries. Off by default.
     *
     * @param failures at least 1; set it above {@link #maxClientFailures(long)} so that the ban is
     *     the next step after throttling
     * @param window the counting window
     * @param duration the ban's length
     * @return this builder
     * @throws ConfigurationException when a value is not positive, or already set
     */
    public Builder banClients(long failures, Duration window, Duration duration) {
      if (failures < 1) {
        throw new ConfigurationException(
            NAME + ": banClients: failures must be at least 1 (was " + failures + ")");
      }
      positive("banClients window", window);
      positive("banClients duration", duration);
      once.set("banClients", failures + " in " + window + " for " + duration);
      this.banAfterFailures = failures;
      this.banWindow = window;
      this.banDuration = duration;
      return this;
    }

    /**
     * The most usernames, and separately the most clients, tracked at once.
     *
     * @param max 1 to 10,000,000; 100,000 by default
     * @return this builder
     * @throws ConfigurationException when out of range or already set
     */
    public Builder maxTrackedKeys(long max) {
      if (max < 1 || max > 10_000_000) {
        throw new ConfigurationException(
            NAME + ": maxTrackedKeys must be between 1 and 10000000 (was " + max + ")");
      }
      once.set("maxTrackedKeys", max);
      this.maxTrackedKeys = max;
      return this;
    }

    /**
     * The clock; the system clock by default. Tests pass a controllable one.
     *
     * @param clock the clock
     * @return this builder
     * @throws ConfigurationException when already set
     */
    public Builder clock(Clock clock) {
      Objects.requireNonNull(clock, "clock");
      once.set("clock", clock);
      this.clock = clock;
      return this;
    }

    /**
     * Exempts the devices a user has already signed in from to that user's lock ({@link
     * DeviceTrustPolicy}); off by default. With it, the guard issues a device token at every
     * successful sign-in ({@link BruteForceGuard#recordSuccess(String,
     * dev.bulwark.web.ResolvedClient, BruteForceVerdict)}) and honours it in {@link
     * BruteForceGuard#check(String, dev.bulwark.web.ResolvedClient, String)}.
     *
     * @param devices the device trust settings
     * @return this builder
     * @throws ConfigurationException when already set
     */
    public Builder trustedDevices(DeviceTrustPolicy devices) {
      Objects.requireNonNull(devices, "devices");
      once.set("trustedDevices", devices);
      this.deviceTrust = devices;
      return this;
    }

    /**
     * Builds the policy.
     *
     * @return the immutable policy
     * @throws ConfigurationException when the ban threshold is not above the client threshold
     */
    public BruteForcePolicy build() {
      if (banAfterFailures > 0 && banAfterFailures <= maxClientFailures) {
        throw new ConfigurationException(
            NAME
                + ": banClients failures ("
                + banAfterFailures
                + ") must be above maxClientFailures ("
                + maxClientFailures
                + "): the ban is the step after throttling");
      }
      return new BruteForcePolicy(this);
    }
  }
}
