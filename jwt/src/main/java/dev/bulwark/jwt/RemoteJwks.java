package dev.bulwark.jwt;

import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import dev.bulwark.web.ConfigurationException;
import dev.bulwark.web.internal.SetOnce;
import java.net.MalformedURLException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Verification keys fetched from another issuer's JWKS endpoint, for {@link
 * AccessTokenVerifier#builder(RemoteJwks)}.
 *
 * <p>Built on Nimbus's {@code JWKSourceBuilder}, configured for a resource server: keys are cached
 * (5 minutes by default) and refreshed ahead of expiry in the background; an unknown {@code kid}
 * triggers a refetch, at most once per {@code minimumRefetchInterval} (30 s by default) so that
 * tokens with random kids cannot make us hammer the issuer; HTTP connect and read timeouts are 2 s
 * and the response is capped at 256 KiB; one retry on a network error; during an outage the last
 * keys stay in use for {@code outageTolerance} (4 hours by default).
 *
 * <p>Every fetched key passes the same validation as {@link KeySet} (RSA ≥ 2048 bits, supported
 * curves, {@code use}/{@code key_ops}, one algorithm per key). A key that fails is skipped with a
 * warning; an HMAC secret is never accepted from a JWKS. Thread-safe.
 */
public final class RemoteJwks implements KeyProvider {

  private static final Logger LOG = LoggerFactory.getLogger(RemoteJwks.class);
  private static final JWKSelector ALL = new JWKSelector(new JWKMatcher.Builder().build());

  private record Snapshot(List<JWK> keys, KeySet set) {}

  private final URI uri;
  private final Duration cacheTtl;
  private final Duration minRefetch;
  private final Duration httpTimeout;
  private final Duration outageTolerance;
  private final JWKSource<SecurityContext> source;
  private volatile @Nullable Snapshot snapshot;

  private RemoteJwks(Builder b) throws MalformedURLException {
    this.uri = b.uri;
    this.cacheTtl = b.cacheTtl;
    this.minRefetch = b.minRefetch;
    this.httpTimeout = b.httpTimeout;
    this.outageTolerance = b.outageTolerance;
    DefaultResourceRetriever retriever =
        new DefaultResourceRetriever(
            (int) b.httpTimeout.toMillis(), (int) b.httpTimeout.toMillis(), 256 * 1024);
    this.source =
        JWKSourceBuilder.<SecurityContext>create(b.uri.toURL(), retriever)
            .cache(b.cacheTtl.toMillis(), JWKSourceBuilder.DEFAULT_CACHE_REFRESH_TIMEOUT)
            .refreshAheadCache(true)
            .rateLimited(b.minRefetch.toMillis())
            .retrying(true)
            .outageTolerant(b.outageTolerance.toMillis())
            .build();
  }

  /**
   * Starts a builder.
   *
   * @param jwksUri the issuer's JWKS URL, {@code https} (plain {@code http} only for loopback)
   * @return a builder
   */
  public static Builder builder(URI jwksUri) {
    return new Builder(jwksUri);
  }

  @Override
  public KeySet current() throws KeysUnavailableException {
    return fetch(ALL);
  }

  @Override
  public KeySet refreshedFor(String kid) throws KeysUnavailableException {
    // asking for the kid makes Nimbus refetch (rate-limited) when the cached set lacks it
    fetch(new JWKSelector(new JWKMatcher.Builder().keyID(kid).build()));
    return fetch(ALL);
  }

  private KeySet fetch(JWKSelector selector) throws KeysUnavailableException {
    List<JWK> keys;
    try {
      keys = source.get(selector, null);
    } catch (KeySourceException e) {
      throw new KeysUnavailableException("the JWKS at " + uri + " cannot be fetched", e);
    }
    if (selector != ALL) {
      Snapshot s = snapshot;
      return s != null ? s.set() : fetch(ALL);
    }
    Snapshot s = snapshot;
    if (s != null && s.keys().equals(keys)) {
      return s.set();
    }
    List<JWK> accepted = new ArrayList<>();
    for (JWK k : keys) {
      if (k instanceof OctetSequenceKey) {
        LOG.warn("JWKS {}: ignoring a secret (oct) key; only public keys are trusted", uri);
        continue;
      }
      try {
        KeySet.of(List.of(k.toPublicJWK()), null);
        accepted.add(k.toPublicJWK());
      } catch (ConfigurationException e) {
        LOG.warn("JWKS {}: ignoring a key: {}", uri, e.getMessage());
      }
    }
    if (accepted.isEmpty()) {
      throw new KeysUnavailableException(
          "the JWKS at " + uri + " holds no acceptable key", new IllegalStateException());
    }
    KeySet set;
    try {
      set = KeySet.of(accepted, null);
    } catch (ConfigurationException e) {
      throw new KeysUnavailableException("the JWKS at " + uri + " is not a valid key set", e);
    }
    snapshot = new Snapshot(List.copyOf(keys), set);
    return set;
  }

  /** Lists every effective setting: the URI, cache time to live, refetch interval, timeouts. */
  @Override
  public String toString() {
    return "RemoteJwks[uri="
        + uri
        + ", cacheTimeToLive="
        + cacheTtl
        + ", minimumRefetchInterval="
        + minRefetch
        + ", httpTimeout="
        + httpTimeout
        + ", outageTolerance="
        + outageTolerance
        + "]";
  }

  /**
   * Builder for {@link RemoteJwks}. Not thread-safe. Each setter checks its argument at once and
   * may be called once: a second call throws {@link ConfigurationException} naming it and its
   * earlier value.
   */
  public static final class Builder {
    private final SetOnce settings = new SetOnce("RemoteJwks.Builder");
    private final URI uri;
    private Duration cacheTtl = Duration.ofMinutes(5);
    private Duration minRefetch = Duration.ofSeconds(30);
    private Duration httpTimeout = Duration.ofSeconds(2);
    private Duration outageTolerance = Duration.ofHours(4);

    private Builder(URI uri) {
      this.uri = Objects.requireNonNull(uri, "jwksUri");
    }

    /**
     * How long fetched keys are cached; 5 minutes by default, 1 minute to 1 day.
     *
     * @param ttl the time to live
     * @return this builder
     * @throws ConfigurationException when out of range or given twice
     */
    public Builder cacheTimeToLive(Duration ttl) {
      Objects.requireNonNull(ttl, "ttl");
      if (ttl.compareTo(Duration.ofMinutes(1)) < 0 || ttl.compareTo(Duration.ofDays(1)) > 0) {
        throw new ConfigurationException(
            "RemoteJwks: cacheTimeToLive must be 1 minute to 1 day (was " + ttl + ")");
      }
      settings.set("cacheTimeToLive", ttl);
      this.cacheTtl = ttl;
      return this;
    }

    /**
     * The shortest interval between two refetches prompted by unknown kids; 30 s by default, at
     * least 100 ms, less than the cache time to live.
     *
     * @param interval the interval
     * @return this builder
     * @throws ConfigurationException when under 100 ms or given twice
     */
    public Builder minimumRefetchInterval(Duration interval) {
      Objects.requireNonNull(interval, "interval");
      if (interval.compareTo(Duration.ofMillis(100)) < 0) {
        throw new ConfigurationException(
            "RemoteJwks: minimumRefetchInterval must be at least 100 ms (was " + interval + ")");
      }
      settings.set("minimumRefetchInterval", interval);
      this.minRefetch = interval;
      return this;
    }

    /**
     * The HTTP connect and read timeout; 2 s by default, 100 ms to 30 s.
     *
     * @param timeout the timeout
     * @return this builder
     * @throws ConfigurationException when out of range or given twice
     */
    public Builder httpTimeout(Duration timeout) {
      Objects.requireNonNull(timeout, "timeout");
      if (timeout.compareTo(Duration.ofMillis(100)) < 0
          || timeout.compareTo(Duration.ofSeconds(30)) > 0) {
        throw new ConfigurationException(
            "RemoteJwks: httpTimeout must be 100 ms to 30 s (was " + timeout + ")");
      }
      settings.set("httpTimeout", timeout);
      this.httpTimeout = timeout;
      return this;
    }

    /**
     * How long the last keys stay in use while the endpoint is unreachable; 4 hours by default.
     *
     * @param tolerance the tolerance, at least the cache time to live
     * @return this builder
     * @throws ConfigurationException when given twice
     */
    public Builder outageTolerance(Duration tolerance) {
      Objects.requireNonNull(tolerance, "tolerance");
      settings.set("outageTolerance", tolerance);
      this.outageTolerance = tolerance;
      return this;
    }

    /**
     * Checks the URI and the combination of settings, and builds. No request is made until the
     * first verification.
     *
     * @return the key source
     * @throws ConfigurationException naming the setting to fix
     */
    public RemoteJwks build() {
      String scheme = uri.getScheme() == null ? "" : uri.getScheme();
      boolean loopback =
          "localhost".equals(uri.getHost())
              || "127.0.0.1".equals(uri.getHost())
              || "[::1]".equals(uri.getHost());
      if (!scheme.equals("https") && !(scheme.equals("http") && loopback)) {
        throw new ConfigurationException(
            "RemoteJwks: the JWKS URI must be https (plain http only for localhost); was " + uri);
      }
      if (minRefetch.compareTo(cacheTtl) >= 0) {
        throw new ConfigurationException(
            "RemoteJwks: minimumRefetchInterval ("
                + minRefetch
                + ") must be less than cacheTimeToLive ("
                + cacheTtl
                + ")");
      }
      if (outageTolerance.compareTo(cacheTtl) < 0) {
        throw new ConfigurationException(
            "RemoteJwks: outageTolerance ("
                + outageTolerance
                + ") must be at least cacheTimeToLive ("
                + cacheTtl
                + ")");
      }
      try {
        return new RemoteJwks(this);
      } catch (MalformedURLException | IllegalArgumentException e) {
        throw new ConfigurationException("RemoteJwks: invalid JWKS URI " + uri, e);
      }
    }
  }
}
