package dev.bulwark.headers;

import dev.bulwark.encoding.LogSafe;
import dev.bulwark.web.ConfigurationException;
import dev.bulwark.web.internal.SetOnce;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Hardens every {@code Set-Cookie} a response carries, the container's session cookie included:
 * adds {@code Secure} on secure requests, {@code HttpOnly} unless the cookie is declared
 * script-readable, and {@code SameSite=Lax} (or the configured default) when the application set no
 * {@code SameSite}. Attributes the application set itself are never weakened or removed.
 *
 * <p>{@code Secure} is not added on plain-HTTP requests: browsers would drop the cookie and
 * plain-HTTP {@code localhost} development would lose its session. A cookie with {@code
 * SameSite=None} on a plain-HTTP request is left as is (browsers refuse it anyway).
 *
 * <pre>{@code
 * CookieHardening c = CookieHardening.builder().scriptReadable("theme").build();
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public final class CookieHardening {

  /** The values {@code SameSite} may take. */
  public enum SameSite {
    /** Sent on top-level navigations from other sites, never on their subrequests or POSTs. */
    LAX("Lax"),
    /** Never sent with a request that another site started. */
    STRICT("Strict");

    private final String attribute;

    SameSite(String attribute) {
      this.attribute = attribute;
    }

    /**
     * The attribute value.
     *
     * @return {@code Lax} or {@code Strict}
     */
    public String attribute() {
      return attribute;
    }
  }

  private final Set<String> scriptReadable;
  private final SameSite sameSite;

  private CookieHardening(Builder b) {
    this.scriptReadable = Set.copyOf(b.scriptReadable);
    this.sameSite = b.sameSite;
  }

  /**
   * The default: Secure on secure requests, HttpOnly, SameSite=Lax.
   *
   * @return the default hardening
   */
  public static CookieHardening defaults() {
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
   * Hardens one {@code Set-Cookie} header value.
   *
   * @param setCookie the header value, such as {@code JSESSIONID=abc; Path=/}
   * @param secure whether the request is secure
   * @return the value with the missing attributes appended
   */
  public String harden(String setCookie, boolean secure) {
    String[] parts = setCookie.split(";");
    String name = parts[0];
    int eq = name.indexOf('=');
    name = (eq >= 0 ? name.substring(0, eq) : name).trim();
    boolean hasSecure = false;
    boolean hasHttpOnly = false;
    boolean hasSameSite = false;
    for (int i = 1; i < parts.length; i++) {
      String a = parts[i].trim().toLowerCase(Locale.ROOT);
      if (a.equals("secure")) {
        hasSecure = true;
      } else if (a.equals("httponly")) {
        hasHttpOnly = true;
      } else if (a.startsWith("samesite")) {
        hasSameSite = true;
      }
    }
    StringBuilder sb = new StringBuilder(setCookie);
    if (secure && !hasSecure) {
      sb.append("; Secure");
    }
    if (!hasHttpOnly && !scriptReadable.contains(name)) {
      sb.append("; HttpOnly");
    }
    if (!hasSameSite) {
      sb.append("; SameSite=").append(sameSite.attribute());
    }
    return sb.toString();
  }

  /**
   * The {@code SameSite} value added to cookies that have none.
   *
   * @return the default
   */
  public SameSite defaultSameSite() {
    return sameSite;
  }

  /**
   * The cookies left readable by scripts.
   *
   * @return cookie names
   */
  public Set<String> scriptReadable() {
    return scriptReadable;
  }

  /**
   * What is done to a cookie the application set without the attribute.
   *
   * @return such as {@code CookieHardening{Secure on secure requests, HttpOnly except [theme],
   *     SameSite=Lax when absent}}
   */
  @Override
  public String toString() {
    return "CookieHardening{Secure on secure requests, HttpOnly"
        + (scriptReadable.isEmpty() ? "" : " except " + new TreeSet<>(scriptReadable))
        + ", SameSite="
        + sameSite.attribute()
        + " when absent}";
  }

  /**
   * Builder for {@link CookieHardening}, starting from the defaults. Each setter checks its
   * argument at once; {@link #defaultSameSite} may be called once. Not thread-safe.
   */
  public static final class Builder {
    private final SetOnce once = new SetOnce("CookieHardening.Builder");
    private final Set<String> scriptReadable = new TreeSet<>();
    private SameSite sameSite = SameSite.LAX;
    private boolean changed;

    private Builder() {}

    /**
     * Declares cookies that page scripts must read, so they do not get {@code HttpOnly}.
     *
     * @param names cookie names (exact, case-sensitive); added to those of earlier calls
     * @return this builder
     * @throws ConfigurationException for a name that is not an RFC 9110 token
     */
    public Builder scriptReadable(String... names) {
      for (String n : names) {
        if (!HeaderSyntax.isToken(Objects.requireNonNull(n, "name"))) {
          throw new ConfigurationException(
              "scriptReadable: '"
                  + LogSafe.forLog(n, 100)
                  + "' is not a valid cookie name (an RFC 9110 token)");
        }
      }
      scriptReadable.addAll(List.of(names));
      changed = true;
      return this;
    }

    /**
     * The {@code SameSite} value added when a cookie has none (default {@link SameSite#LAX}).
     *
     * @param sameSite the default
     * @return this builder
     * @throws ConfigurationException when called twice
     */
    public Builder defaultSameSite(SameSite sameSite) {
      Objects.requireNonNull(sameSite, "sameSite");
      once.set("defaultSameSite", sameSite);
      this.sameSite = sameSite;
      changed = true;
      return this;
    }

    /** Whether a setter was called: the settings front-end then installs this hardening. */
    boolean changed() {
      return changed;
    }

    /**
     * Builds.
     *
     * @return the hardening
     */
    public CookieHardening build() {
      return new CookieHardening(this);
    }
  }
}
