package dev.bulwark.headers;

import dev.bulwark.encoding.LogSafe;
import dev.bulwark.headers.internal.Origins;
import dev.bulwark.web.ConfigurationException;
import dev.bulwark.web.internal.SetOnce;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The {@code Permissions-Policy} header: which powerful browser features (camera, geolocation,
 * payment…) this page and its frames may use. Deny-by-default: {@link #denyAll()} disables every
 * feature in {@link #DEFAULT_DENIED}; {@link Builder#allow(String, String...)} re-enables one for
 * {@code self} and/or named origins.
 *
 * <pre>{@code
 * PermissionsPolicy p = PermissionsPolicy.builder()
 *     .allow("fullscreen", "self")
 *     .allow("payment", "self", "https://pay.example.com")
 *     .build();
 * // ... fullscreen=(self), payment=(self "https://pay.example.com"), ...
 * }</pre>
 *
 * <p>Immutable and thread-safe; the value is computed once.
 */
public final class PermissionsPolicy implements SecurityHeader {

  /** The features denied by default. */
  public static final List<String> DEFAULT_DENIED =
      List.of(
          "accelerometer",
          "autoplay",
          "camera",
          "display-capture",
          "encrypted-media",
          "fullscreen",
          "geolocation",
          "gyroscope",
          "magnetometer",
          "microphone",
          "midi",
          "payment",
          "picture-in-picture",
          "publickey-credentials-get",
          "screen-wake-lock",
          "sync-xhr",
          "usb",
          "web-share",
          "xr-spatial-tracking");

  private static final Pattern FEATURE = Pattern.compile("[a-z][a-z0-9-]{0,63}");

  private final String value;

  private PermissionsPolicy(String value) {
    this.value = value;
  }

  /**
   * Every feature in {@link #DEFAULT_DENIED} disabled: {@code accelerometer=(), autoplay=(), …}.
   *
   * @return the deny-all policy
   */
  public static PermissionsPolicy denyAll() {
    return builder().build();
  }

  /**
   * A builder starting from {@link #denyAll()}.
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Parses the string form of the {@code permissionsPolicyAllow} setting: {@code feature=allowlist}
   * pairs separated by {@code ;}, each allowlist a space-separated list of {@code self}, {@code *}
   * or origins (empty to deny), applied to {@link #denyAll()}: {@code fullscreen=self; payment=self
   * https://pay.example.com}.
   *
   * @param allow the pairs
   * @return the policy
   * @throws ConfigurationException for an entry without {@code =}, a malformed feature or origin,
   *     or a feature given twice
   */
  public static PermissionsPolicy parse(String allow) {
    Builder p = builder();
    for (String entry : allow.split(";")) {
      String e = entry.trim();
      if (e.isEmpty()) {
        continue;
      }
      int eq = e.indexOf('=');
      if (eq <= 0) {
        throw new ConfigurationException(
            "Permissions-Policy entry '"
                + LogSafe.forLog(e, 100)
                + "' is not feature=allowlist, such as fullscreen=self");
      }
      String list = e.substring(eq + 1).trim();
      p.allow(e.substring(0, eq).trim(), list.isEmpty() ? new String[0] : list.split("[ \\t]+"));
    }
    return p.build();
  }

  @Override
  public String headerName() {
    return "Permissions-Policy";
  }

  @Override
  public String value(HeaderContext context) {
    return value;
  }

  /**
   * The header as sent.
   *
   * @return such as {@code Permissions-Policy: accelerometer=(), …}
   */
  @Override
  public String toString() {
    return "Permissions-Policy: " + value;
  }

  /**
   * Builder for {@link PermissionsPolicy}, starting from {@link #denyAll()}. Each feature may be
   * set once ({@link #allow} or {@link #deny}). Not thread-safe.
   */
  public static final class Builder {
    private final SetOnce once = new SetOnce("PermissionsPolicy.Builder");
    private final Map<String, List<String>> features = new LinkedHashMap<>();

    private Builder() {
      for (String f : DEFAULT_DENIED) {
        features.put(f, List.of());
      }
    }

    /**
     * Allows a feature for the listed origins.
     *
     * @param feature the feature name, such as {@code geolocation}
     * @param allowlist {@code self}, {@code *} or origins such as {@code https://maps.example.com};
     *     empty to deny
     * @return this builder
     * @throws ConfigurationException for a malformed feature or origin, or a feature set twice
     */
    public Builder allow(String feature, String... allowlist) {
      checkFeature(feature);
      List<String> items = new ArrayList<>();
      for (String a : allowlist) {
        Objects.requireNonNull(a, "allowlist entry");
        if (a.equals("self") || a.equals("*")) {
          items.add(a);
        } else if (a.equals("'self'")) {
          throw new ConfigurationException(
              "Permissions-Policy uses self without quotes: did you mean self instead of 'self'?");
        } else {
          items.add('"' + Origins.parseConfigured(a) + '"');
        }
      }
      once.set(feature, items.isEmpty() ? "()" : String.join(" ", items));
      features.put(feature, List.copyOf(items));
      return this;
    }

    /**
     * Denies a feature that is not in {@link #DEFAULT_DENIED}.
     *
     * @param feature the feature name
     * @return this builder
     * @throws ConfigurationException for a malformed feature, or a feature set twice
     */
    public Builder deny(String feature) {
      checkFeature(feature);
      once.set(feature, "()");
      features.put(feature, List.of());
      return this;
    }

    private static void checkFeature(String feature) {
      Objects.requireNonNull(feature, "feature");
      if (!FEATURE.matcher(feature).matches()) {
        throw new ConfigurationException(
            "Permissions-Policy feature '"
                + LogSafe.forLog(feature, 100)
                + "' must be a lower-case name such as geolocation");
      }
    }

    /**
     * Builds the policy.
     *
     * @return the header
     */
    public PermissionsPolicy build() {
      StringBuilder sb = new StringBuilder();
      for (Map.Entry<String, List<String>> e : features.entrySet()) {
        if (sb.length() > 0) {
          sb.append(", ");
        }
        sb.append(e.getKey()).append("=");
        List<String> v = e.getValue();
        if (v.size() == 1 && v.get(0).equals("*")) {
          sb.append('*');
        } else {
          sb.append('(').append(String.join(" ", v)).append(')');
        }
      }
      return new PermissionsPolicy(sb.toString());
    }
  }
}
