package dev.bulwark.validation;

import dev.bulwark.web.ConfigurationException;
import dev.bulwark.web.Settings;
import dev.bulwark.web.internal.SetOnce;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The HTTP-level limits that {@code RequestLimitsFilter} applies before the application reads
 * anything: the largest body, the media types a body may have, and whether a malformed
 * percent-encoding in the URL is refused. Immutable; build with {@link #builder()} or parse with
 * {@link #fromSettings(Settings)}.
 *
 * <table>
 *   <caption>Settings (web.xml init-params, or any {@link Settings} front-end)</caption>
 *   <tr><th>name</th><th>value</th><th>default</th></tr>
 *   <tr><td>{@code maxBodyBytes}</td><td>a whole number of bytes, at least 1</td><td>1048576
 *       (1 MiB)</td></tr>
 *   <tr><td>{@code allowedContentTypes}</td><td>comma-separated media types, no parameters or
 *       wildcards</td><td>{@code application/json, application/x-www-form-urlencoded,
 *       multipart/form-data}</td></tr>
 *   <tr><td>{@code checkEncoding}</td><td>{@code true} or {@code false}</td><td>{@code
 *       true}</td></tr>
 * </table>
 */
public final class RequestLimitsPolicy {

  private static final Pattern MEDIA_TYPE =
      Pattern.compile("[a-z0-9!#$&^_.+-]+/[a-z0-9!#$&^_.+-]+");
  private static final Set<String> DEFAULT_TYPES =
      Set.of("application/json", "application/x-www-form-urlencoded", "multipart/form-data");

  private final long maxBodyBytes;
  private final Set<String> allowedContentTypes;
  private final boolean checkEncoding;

  private RequestLimitsPolicy(Builder b) {
    this.maxBodyBytes = b.maxBodyBytes;
    this.allowedContentTypes = b.allowedContentTypes;
    this.checkEncoding = b.checkEncoding;
  }

  /**
   * A builder with the defaults.
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The defaults: 1 MiB bodies of JSON, URL-encoded or multipart forms, encoding checked.
   *
   * @return the policy
   */
  public static RequestLimitsPolicy defaults() {
    return builder().build();
  }

  /**
   * The policy from settings (see the table above).
   *
   * @param settings the settings
   * @return the policy
   * @throws ConfigurationException on an unknown key or a bad value, naming it
   */
  public static RequestLimitsPolicy fromSettings(Settings settings) {
    Builder b = builder();
    settings.apply(
        settings
            .binder()
            .param(
                "maxBodyBytes",
                "a whole number of bytes, at least 1",
                v -> b.maxBodyBytes(Settings.integer(v)))
            .param(
                "allowedContentTypes",
                "comma-separated media types such as application/json, multipart/form-data",
                v -> b.allowedContentTypes(Settings.list(v)))
            .param(
                "checkEncoding",
                "true or false",
                v -> {
                  if (!Settings.bool(v)) {
                    b.dangerouslySkipEncodingCheck();
                  }
                }));
    return settings.build(b::build);
  }

  /**
   * The largest request body accepted.
   *
   * @return bytes, at least 1
   */
  public long maxBodyBytes() {
    return maxBodyBytes;
  }

  /**
   * The media types a request body may have.
   *
   * @return lower-case types without parameters, in the given order
   */
  public Set<String> allowedContentTypes() {
    return allowedContentTypes;
  }

  /**
   * Whether a malformed percent-encoding in the path or query is refused with 400.
   *
   * @return true unless {@link Builder#dangerouslySkipEncodingCheck()} was called
   */
  public boolean checkEncoding() {
    return checkEncoding;
  }

  /** The effective settings; a skipped encoding check is named. */
  @Override
  public String toString() {
    return "RequestLimitsPolicy[maxBodyBytes="
        + maxBodyBytes
        + ", allowedContentTypes="
        + allowedContentTypes
        + (checkEncoding ? ", checkEncoding" : ", dangerouslySkipEncodingCheck")
        + "]";
  }

  /**
   * Builder for {@link RequestLimitsPolicy}. Each setting is checked when it is set and may be set
   * once; every failure is a {@link ConfigurationException}. Not thread-safe.
   */
  public static final class Builder {
    private final SetOnce set = new SetOnce("RequestLimitsPolicy.Builder");
    private long maxBodyBytes = 1024 * 1024;
    private Set<String> allowedContentTypes = DEFAULT_TYPES;
    private boolean checkEncoding = true;

    private Builder() {}

    /**
     * The largest request body; 1 MiB by default. A larger {@code Content-Length} is refused with
     * 413 at once, a chunked body when reading passes it.
     *
     * @param bytes at least 1
     * @return this builder
     * @throws ConfigurationException below 1, or when already set
     */
    public Builder maxBodyBytes(long bytes) {
      set.set("maxBodyBytes", bytes);
      if (bytes < 1) {
        throw new ConfigurationException("maxBodyBytes must be at least 1, was " + bytes);
      }
      this.maxBodyBytes = bytes;
      return this;
    }

    /**
     * The media types a request body may have; anything else is refused with 415.
     *
     * @param types media types such as {@code application/json}: no parameters, no wildcards
     * @return this builder
     * @throws ConfigurationException when one is not a media type, none is given, or already set
     */
    public Builder allowedContentTypes(Collection<String> types) {
      Objects.requireNonNull(types, "types");
      set.set("allowedContentTypes", types);
      Set<String> out = new LinkedHashSet<>();
      for (String t : types) {
        String m = Objects.requireNonNull(t, "a media type").trim().toLowerCase(Locale.ROOT);
        if (!MEDIA_TYPE.matcher(m).matches()) {
          throw new ConfigurationException(
              "allowedContentTypes: '"
                  + t
                  + "' is not a media type such as application/json (no parameters, no"
                  + " wildcards)");
        }
        out.add(m);
      }
      if (out.isEmpty()) {
        throw new ConfigurationException("allowedContentTypes must name at least one media type");
      }
      this.allowedContentTypes = java.util.Collections.unmodifiableSet(out);
      return this;
    }

    /**
     * The media types a request body may have.
     *
     * @param types media types such as {@code application/json}
     * @return this builder
     * @throws ConfigurationException as {@link #allowedContentTypes(Collection)}
     */
    public Builder allowedContentTypes(String... types) {
      return allowedContentTypes(List.of(types));
    }

    /**
     * Lets URLs with malformed percent-encoding through to the application: only for an application
     * that decodes such URLs itself and must accept them.
     *
     * @return this builder
     * @throws ConfigurationException when already set
     */
    public Builder dangerouslySkipEncodingCheck() {
      set.set("checkEncoding", false);
      this.checkEncoding = false;
      return this;
    }

    /**
     * Builds the policy.
     *
     * @return the immutable policy
     */
    public RequestLimitsPolicy build() {
      return new RequestLimitsPolicy(this);
    }
  }
}
