package dev.bulwark.headers;

import dev.bulwark.encoding.LogSafe;
import dev.bulwark.web.ConfigurationException;
import dev.bulwark.web.Suggestions;
import dev.bulwark.web.internal.SetOnce;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The {@code Strict-Transport-Security} header (RFC 6797): the browser must use HTTPS for this host
 * for {@code max-age}.
 *
 * <p>Sent <em>only on secure requests</em>: browsers ignore HSTS over plain HTTP anyway, and
 * sending it there breaks nothing but confuses scanners; more importantly, plain-HTTP {@code
 * localhost} development keeps working. A request counts as secure when it arrived over TLS or,
 * with {@code dev.bulwark.web.servlet.ClientIpFilter} mapped first, when a trusted TLS-terminating
 * proxy says so.
 *
 * <p>Default: {@code max-age=63072000; includeSubDomains} (two years, per the OWASP Secure Headers
 * Project). {@code preload} is opt-in because it is hard to undo: the browser lists need weeks to
 * drop a domain.
 *
 * <pre>{@code
 * StrictTransportSecurity hsts = StrictTransportSecurity.builder()
 *     .maxAge(Duration.ofDays(365)).includeSubDomains(true).preload().build();
 * }</pre>
 *
 * <p>Immutable and thread-safe; the value is computed once in {@link Builder#build()}.
 */
public final class StrictTransportSecurity implements SecurityHeader {

  /** The default max-age: two years. */
  public static final Duration DEFAULT_MAX_AGE = Duration.ofSeconds(63_072_000);

  /** The shortest max-age {@code preload} lists accept: one year. */
  public static final Duration PRELOAD_MIN_MAX_AGE = Duration.ofSeconds(31_536_000);

  private final String value;
  private final Duration maxAge;
  private final boolean includeSubDomains;
  private final boolean preload;

  private StrictTransportSecurity(Builder b) {
    this.maxAge = b.maxAge;
    this.includeSubDomains = b.includeSubDomains;
    this.preload = b.preload;
    StringBuilder sb = new StringBuilder("max-age=").append(maxAge.getSeconds());
    if (includeSubDomains) {
      sb.append("; includeSubDomains");
    }
    if (preload) {
      sb.append("; preload");
    }
    this.value = sb.toString();
  }

  /**
   * The default: {@code max-age=63072000; includeSubDomains}.
   *
   * @return the default header
   */
  public static StrictTransportSecurity defaults() {
    return builder().build();
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
   * Parses a header value such as {@code max-age=31536000; includeSubDomains}, with the same
   * validation as the builder; the string form of the {@code strictTransportSecurity} setting.
   *
   * @param value the header value
   * @return the header
   * @throws ConfigurationException naming the bad directive and the fix
   */
  public static StrictTransportSecurity parse(String value) {
    Duration maxAge = null;
    boolean includeSubDomains = false;
    boolean preload = false;
    for (String part : value.split(";")) {
      String p = part.trim();
      if (p.isEmpty()) {
        continue;
      }
      String lower = p.toLowerCase(Locale.ROOT);
      if (lower.startsWith("max-age=")) {
        if (maxAge != null) {
          throw new ConfigurationException("HSTS max-age appears twice: give it once");
        }
        try {
          maxAge = Duration.ofSeconds(Long.parseLong(p.substring(8).replace("\"", "")));
        } catch (NumberFormatException e) {
          throw new ConfigurationException("HSTS max-age must be a number of seconds", e);
        }
      } else if (lower.equals("includesubdomains")) {
        if (!p.equals("includeSubDomains")) {
          throw new ConfigurationException(
              "HSTS directive '" + p + "': did you mean 'includeSubDomains'?");
        }
        includeSubDomains = true;
      } else if (lower.equals("preload")) {
        preload = true;
      } else {
        throw new ConfigurationException(
            "unknown HSTS directive '"
                + LogSafe.forLog(p, 100)
                + "': expected max-age=<seconds>, includeSubDomains or preload."
                + Suggestions.didYouMean(p, List.of("includeSubDomains", "preload")));
      }
    }
    if (maxAge == null) {
      throw new ConfigurationException("HSTS needs max-age=<seconds>");
    }
    Builder b = builder().maxAge(maxAge).includeSubDomains(includeSubDomains);
    if (preload) {
      b.preload();
    }
    return b.build();
  }

  /**
   * The max-age.
   *
   * @return the duration
   */
  public Duration maxAge() {
    return maxAge;
  }

  /**
   * Whether subdomains are covered.
   *
   * @return true with {@code includeSubDomains}
   */
  public boolean includeSubDomains() {
    return includeSubDomains;
  }

  /**
   * Whether {@code preload} is sent.
   *
   * @return true with {@code preload}
   */
  public boolean preload() {
    return preload;
  }

  @Override
  public String headerName() {
    return "Strict-Transport-Security";
  }

  @Override
  public @Nullable String value(HeaderContext context) {
    return context.secure() ? value : null;
  }

  /**
   * The header as a secure request gets it (plain-HTTP requests get none).
   *
   * @return such as {@code Strict-Transport-Security: max-age=63072000; includeSubDomains}
   */
  @Override
  public String toString() {
    return "Strict-Transport-Security: " + value;
  }

  /**
   * Builder for {@link StrictTransportSecurity}, starting from the defaults. Each setter checks its
   * argument at once and may be called once; {@link #build()} checks the combination. Not
   * thread-safe.
   */
  public static final class Builder {
    private final SetOnce once = new SetOnce("StrictTransportSecurity.Builder");
    private Duration maxAge = DEFAULT_MAX_AGE;
    private boolean includeSubDomains = true;
    private boolean preload;

    private Builder() {}

    /**
     * How long the browser remembers to use HTTPS (default two years). Zero tells it to forget (to
     * roll HSTS back).
     *
     * @param maxAge zero or more, whole seconds
     * @return this builder
     * @throws ConfigurationException when negative, or when called twice
     */
    public Builder maxAge(Duration maxAge) {
      Objects.requireNonNull(maxAge, "maxAge");
      if (maxAge.isNegative()) {
        throw new ConfigurationException(
            "HSTS maxAge must not be negative, not " + maxAge + ": use zero to roll HSTS back");
      }
      once.set("maxAge", maxAge);
      this.maxAge = maxAge;
      return this;
    }

    /**
     * Whether the policy covers every subdomain (default true).
     *
     * @param include true to send {@code includeSubDomains}
     * @return this builder
     * @throws ConfigurationException when called twice
     */
    public Builder includeSubDomains(boolean include) {
      once.set("includeSubDomains", include);
      this.includeSubDomains = include;
      return this;
    }

    /**
     * Sends {@code preload}, consenting to inclusion in the browsers' built-in HSTS lists. Requires
     * {@code includeSubDomains} and a max-age of at least one year.
     *
     * @return this builder
     * @throws ConfigurationException when called twice
     */
    public Builder preload() {
      once.set("preload", true);
      this.preload = true;
      return this;
    }

    /**
     * Validates and builds.
     *
     * @return the header
     * @throws ConfigurationException when preload is combined with a short max-age or without
     *     includeSubDomains
     */
    public StrictTransportSecurity build() {
      if (preload && !includeSubDomains) {
        throw new ConfigurationException(
            "HSTS preload requires includeSubDomains: call includeSubDomains(true) or drop"
                + " preload()");
      }
      if (preload && maxAge.compareTo(PRELOAD_MIN_MAX_AGE) < 0) {
        throw new ConfigurationException(
            "HSTS preload requires maxAge of at least 31536000 seconds (one year), not "
                + maxAge.getSeconds());
      }
      return new StrictTransportSecurity(this);
    }
  }
}
