package dev.bulwark.headers;

import java.time.Duration;
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
   * validation as the builder; for {@code web.xml} configuration.
   *
   * @param value the header value
   * @return the header
   * @throws IllegalArgumentException naming the bad directive and the fix
   */
  public static StrictTransportSecurity parse(String value) {
    Builder b = builder().includeSubDomains(false);
    boolean sawMaxAge = false;
    for (String part : value.split(";")) {
      String p = part.trim();
      if (p.isEmpty()) {
        continue;
      }
      String lower = p.toLowerCase(Locale.ROOT);
      if (lower.startsWith("max-age=")) {
        try {
          b.maxAge(Duration.ofSeconds(Long.parseLong(p.substring(8).replace("\"", ""))));
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException("HSTS max-age must be a number of seconds", e);
        }
        sawMaxAge = true;
      } else if (lower.equals("includesubdomains")) {
        if (!p.equals("includeSubDomains")) {
          throw new IllegalArgumentException(
              "HSTS directive '" + p + "': did you mean 'includeSubDomains'?");
        }
        b.includeSubDomains(true);
      } else if (lower.equals("preload")) {
        b.preload();
      } else {
        throw new IllegalArgumentException(
            "unknown HSTS directive '"
                + dev.bulwark.encoding.LogSafe.forLog(p, 100)
                + "': expected max-age=<seconds>, includeSubDomains or preload."
                + dev.bulwark.web.Suggestions.didYouMean(
                    p, java.util.List.of("includeSubDomains", "preload")));
      }
    }
    if (!sawMaxAge) {
      throw new IllegalArgumentException("HSTS needs max-age=<seconds>");
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

  @Override
  public String toString() {
    return "Strict-Transport-Security: " + value;
  }

  /** Builder for {@link StrictTransportSecurity}. Not thread-safe. */
  public static final class Builder {
    private Duration maxAge = DEFAULT_MAX_AGE;
    private boolean includeSubDomains = true;
    private boolean preload;

    private Builder() {}

    /**
     * How long the browser remembers to use HTTPS. Zero tells it to forget (to roll HSTS back).
     *
     * @param maxAge zero or more, whole seconds
     * @return this builder
     */
    public Builder maxAge(Duration maxAge) {
      Objects.requireNonNull(maxAge, "maxAge");
      if (maxAge.isNegative()) {
        throw new IllegalArgumentException("HSTS maxAge must not be negative");
      }
      this.maxAge = maxAge;
      return this;
    }

    /**
     * Whether the policy covers every subdomain (default true).
     *
     * @param include true to send {@code includeSubDomains}
     * @return this builder
     */
    public Builder includeSubDomains(boolean include) {
      this.includeSubDomains = include;
      return this;
    }

    /**
     * Sends {@code preload}, consenting to inclusion in the browsers' built-in HSTS lists. Requires
     * {@code includeSubDomains} and a max-age of at least one year.
     *
     * @return this builder
     */
    public Builder preload() {
      this.preload = true;
      return this;
    }

    /**
     * Validates and builds.
     *
     * @return the header
     * @throws IllegalStateException when preload is combined with a short max-age or without
     *     includeSubDomains
     */
    public StrictTransportSecurity build() {
      if (preload && !includeSubDomains) {
        throw new IllegalStateException(
            "HSTS preload requires includeSubDomains: call includeSubDomains(true) or drop"
                + " preload()");
      }
      if (preload && maxAge.compareTo(PRELOAD_MIN_MAX_AGE) < 0) {
        throw new IllegalStateException(
            "HSTS preload requires maxAge of at least 31536000 seconds (one year)");
      }
      return new StrictTransportSecurity(this);
    }
  }
}
