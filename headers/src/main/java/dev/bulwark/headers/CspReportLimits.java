package dev.bulwark.headers;

import dev.bulwark.web.ConfigurationException;
import dev.bulwark.web.Settings;
import dev.bulwark.web.internal.SetOnce;

/**
 * The limits of the CSP report endpoint ({@code dev.bulwark.headers.servlet.CspReportServlet}): how
 * large a report body may be. Browsers send a few hundred bytes per report; the endpoint needs no
 * authentication, so anything much larger is refused unread.
 *
 * <h2>Settings ({@link #fromSettings(Settings)}, {@code web.xml} init-params)</h2>
 *
 * <table>
 *   <caption>The settings vocabulary</caption>
 *   <tr><th>Name</th><th>Value</th><th>Default</th></tr>
 *   <tr><td>maxBytes</td><td>a number of bytes from 1024 to 1048576</td><td>{@value
 *       #DEFAULT_MAX_BYTES}</td></tr>
 * </table>
 *
 * <pre>{@code
 * CspReportLimits limits = CspReportLimits.builder().maxBytes(16 * 1024).build();
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public final class CspReportLimits {

  /** The default body size limit: 64 KiB. */
  public static final int DEFAULT_MAX_BYTES = 65_536;

  /** The smallest limit accepted: 1 KiB. */
  public static final int MIN_MAX_BYTES = 1024;

  /** The largest limit accepted: 1 MiB. */
  public static final int MAX_MAX_BYTES = 1_048_576;

  private static final CspReportLimits DEFAULTS = builder().build();

  private final int maxBytes;

  private CspReportLimits(Builder b) {
    this.maxBytes = b.maxBytes;
  }

  /**
   * The defaults: bodies up to {@value #DEFAULT_MAX_BYTES} bytes.
   *
   * @return the default limits
   */
  public static CspReportLimits defaults() {
    return DEFAULTS;
  }

  /**
   * A builder starting from the defaults.
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The limits described by settings (the vocabulary in the class comment).
   *
   * @param s the settings
   * @return the limits
   * @throws ConfigurationException on an unknown key (with "did you mean") or a bad value
   */
  public static CspReportLimits fromSettings(Settings s) {
    Builder b = builder();
    s.apply(
        s.binder()
            .param(
                "maxBytes",
                "a number of bytes from 1024 to 1048576",
                v -> {
                  long n = Settings.integer(v);
                  if (n != (int) n) {
                    throw new ConfigurationException(
                        "CSP report maxBytes must be between 1024 and 1048576");
                  }
                  b.maxBytes((int) n);
                }));
    return s.build(b::build);
  }

  /**
   * The largest report body accepted.
   *
   * @return bytes
   */
  public int maxBytes() {
    return maxBytes;
  }

  /**
   * Every effective setting.
   *
   * @return such as {@code CspReportLimits{maxBytes=65536}}
   */
  @Override
  public String toString() {
    return "CspReportLimits{maxBytes=" + maxBytes + "}";
  }

  /**
   * Builder for {@link CspReportLimits}. Each setter checks its argument at once and may be called
   * once. Not thread-safe.
   */
  public static final class Builder {
    private final SetOnce once = new SetOnce("CspReportLimits.Builder");
    private int maxBytes = DEFAULT_MAX_BYTES;

    private Builder() {}

    /**
     * The largest report body accepted (default {@value CspReportLimits#DEFAULT_MAX_BYTES}); larger
     * ones get 413 and are not read further.
     *
     * @param maxBytes 1024 to 1048576
     * @return this builder
     * @throws ConfigurationException outside that range, or when called twice
     */
    public Builder maxBytes(int maxBytes) {
      if (maxBytes < MIN_MAX_BYTES || maxBytes > MAX_MAX_BYTES) {
        throw new ConfigurationException(
            "CSP report maxBytes must be between 1024 and 1048576, not " + maxBytes);
      }
      once.set("maxBytes", maxBytes);
      this.maxBytes = maxBytes;
      return this;
    }

    /**
     * Builds.
     *
     * @return the limits
     */
    public CspReportLimits build() {
      return new CspReportLimits(this);
    }
  }
}
