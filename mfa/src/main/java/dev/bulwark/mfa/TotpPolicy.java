package dev.bulwark.mfa;

import com.bastiaanjansen.otp.HMACAlgorithm;
import dev.bulwark.web.ConfigurationException;
import dev.bulwark.web.InitParamBinder;
import dev.bulwark.web.Settings;
import dev.bulwark.web.internal.SetOnce;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * How TOTP codes look and how strictly they are checked. Immutable; build with {@link
 * #builder(String)} or parse with {@link #fromSettings(Settings)}.
 *
 * <p>Defaults are what every authenticator app understands: 6 digits, 30-second steps, HMAC-SHA1
 * (RFC 6238's default; SHA-256 and SHA-512 are not supported by several popular apps), and one step
 * of clock skew either way. A code is accepted at most once: its time-step must be later than the
 * last one accepted for the user.
 *
 * <table>
 *   <caption>Settings</caption>
 *   <tr><th>name</th><th>value</th><th>default</th></tr>
 *   <tr><td>{@code issuer}</td><td>the name the app shows, no {@code :}</td><td>required</td></tr>
 *   <tr><td>{@code digits}</td><td>6 or 8</td><td>6</td></tr>
 *   <tr><td>{@code period}</td><td>a duration, 15 s to 120 s</td><td>30 s</td></tr>
 *   <tr><td>{@code algorithm}</td><td>{@code sha1}, {@code sha256}, {@code sha512}</td><td>{@code
 *       sha1}</td></tr>
 *   <tr><td>{@code allowedSkewSteps}</td><td>0 to 2</td><td>1</td></tr>
 * </table>
 */
public final class TotpPolicy {

  /** The hash functions RFC 6238 names. */
  public enum Algorithm {
    /** HMAC-SHA1, the default, understood by every app. */
    SHA1(HMACAlgorithm.SHA1),
    /** HMAC-SHA256. */
    SHA256(HMACAlgorithm.SHA256),
    /** HMAC-SHA512. */
    SHA512(HMACAlgorithm.SHA512);

    final HMACAlgorithm library;

    Algorithm(HMACAlgorithm library) {
      this.library = library;
    }
  }

  final String issuer;
  final int digits;
  final Duration period;
  final Algorithm algorithm;
  final int allowedSkewSteps;
  final Clock clock;

  private TotpPolicy(Builder b) {
    this.issuer = b.issuer;
    this.digits = b.digits;
    this.period = b.period;
    this.algorithm = b.algorithm;
    this.allowedSkewSteps = b.allowedSkewSteps;
    this.clock = b.clock;
  }

  /**
   * A builder with the defaults.
   *
   * @param issuer the service name the authenticator app shows, such as {@code Acme Mail}
   * @return a builder
   * @throws ConfigurationException when the issuer is blank, longer than 64 characters or holds
   *     {@code :}
   */
  public static Builder builder(String issuer) {
    return new Builder(issuer);
  }

  /**
   * The policy from settings (see the table above).
   *
   * @param settings the settings; {@code issuer} is required
   * @return the policy
   * @throws ConfigurationException on an unknown key, a bad value or a missing issuer
   */
  public static TotpPolicy fromSettings(Settings settings) {
    Builder[] b = {null};
    String issuer = settings.values().get("issuer");
    if (issuer == null) {
      throw new ConfigurationException(
          settings + ": issuer is required: the service name the authenticator app shows");
    }
    InitParamBinder binder =
        settings
            .binder()
            .param(
                "issuer",
                "the service name, up to 64 characters, no ':'",
                v -> b[0] = new Builder(v))
            .param("digits", "6 or 8", v -> b[0].digits(Math.toIntExact(Settings.integer(v))))
            .param("period", "a duration from 15s to 120s", v -> b[0].period(Settings.duration(v)))
            .param(
                "algorithm",
                "sha1, sha256 or sha512",
                v -> b[0].algorithm(InitParamBinder.enumValue(Algorithm.class, v)))
            .param(
                "allowedSkewSteps",
                "0, 1 or 2",
                v -> b[0].allowedSkewSteps(Math.toIntExact(Settings.integer(v))));
    settings.apply(binder);
    return settings.build(b[0]::build);
  }

  /**
   * The issuer the app shows.
   *
   * @return the issuer
   */
  public String issuer() {
    return issuer;
  }

  /**
   * Digits per code.
   *
   * @return 6 or 8
   */
  public int digits() {
    return digits;
  }

  /**
   * The time-step.
   *
   * @return the period
   */
  public Duration period() {
    return period;
  }

  /** The effective settings. */
  @Override
  public String toString() {
    return "TotpPolicy[issuer="
        + issuer
        + ", digits="
        + digits
        + ", period="
        + period
        + ", algorithm="
        + algorithm
        + ", allowedSkewSteps="
        + allowedSkewSteps
        + ", replay=refused]";
  }

  /**
   * Builder for {@link TotpPolicy}. Each setting is checked when set and may be set once; every
   * failure is a {@link ConfigurationException}. Not thread-safe.
   */
  public static final class Builder {
    private final SetOnce set = new SetOnce("TotpPolicy.Builder");
    private final String issuer;
    private int digits = 6;
    private Duration period = Duration.ofSeconds(30);
    private Algorithm algorithm = Algorithm.SHA1;
    private int allowedSkewSteps = 1;
    private Clock clock = Clock.systemUTC();

    private Builder(String issuer) {
      Objects.requireNonNull(issuer, "issuer");
      String i = issuer.strip();
      if (i.isEmpty() || i.length() > 64 || i.indexOf(':') >= 0) {
        throw new ConfigurationException(
            "TotpPolicy: issuer must be 1 to 64 characters without ':' (was '"
                + issuer
                + "'); it is the service name the authenticator app shows");
      }
      this.issuer = i;
    }

    /**
     * Digits per code; 6 by default.
     *
     * @param digits 6 or 8
     * @return this builder
     * @throws ConfigurationException otherwise, or when already set
     */
    public Builder digits(int digits) {
      set.set("digits", digits);
      if (digits != 6 && digits != 8) {
        throw new ConfigurationException("TotpPolicy: digits must be 6 or 8 (was " + digits + ")");
      }
      this.digits = digits;
      return this;
    }

    /**
     * The time-step; 30 seconds by default (what authenticator apps assume).
     *
     * @param period 15 to 120 seconds, whole seconds
     * @return this builder
     * @throws ConfigurationException otherwise, or when already set
     */
    public Builder period(Duration period) {
      Objects.requireNonNull(period, "period");
      set.set("period", period);
      if (period.getNano() != 0 || period.getSeconds() < 15 || period.getSeconds() > 120) {
        throw new ConfigurationException(
            "TotpPolicy: period must be 15 to 120 whole seconds (was " + period + ")");
      }
      this.period = period;
      return this;
    }

    /**
     * The HMAC hash; SHA-1 by default.
     *
     * @param algorithm the algorithm
     * @return this builder
     * @throws ConfigurationException when already set
     */
    public Builder algorithm(Algorithm algorithm) {
      set.set("algorithm", algorithm);
      this.algorithm = Objects.requireNonNull(algorithm, "algorithm");
      return this;
    }

    /**
     * How many steps of clock skew are accepted either way; 1 by default (a code is then valid for
     * about 90 seconds).
     *
     * @param steps 0 to 2
     * @return this builder
     * @throws ConfigurationException otherwise, or when already set
     */
    public Builder allowedSkewSteps(int steps) {
      set.set("allowedSkewSteps", steps);
      if (steps < 0 || steps > 2) {
        throw new ConfigurationException(
            "TotpPolicy: allowedSkewSteps must be 0 to 2 (was " + steps + ")");
      }
      this.allowedSkewSteps = steps;
      return this;
    }

    /**
     * The clock; the system clock by default.
     *
     * @param clock the clock
     * @return this builder
     * @throws ConfigurationException when already set
     */
    public Builder clock(Clock clock) {
      set.set("clock", clock);
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Builds the policy.
     *
     * @return the policy
     */
    public TotpPolicy build() {
      return new TotpPolicy(this);
    }
  }
}
