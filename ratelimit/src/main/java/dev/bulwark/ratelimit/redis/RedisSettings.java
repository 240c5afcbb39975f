package dev.bulwark.ratelimit.redis;

import dev.bulwark.ratelimit.FailurePolicy;
import dev.bulwark.web.ConfigurationException;
import dev.bulwark.web.internal.SetOnce;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import java.time.Duration;
import java.util.Objects;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;

/**
 * The settings both Redis stores share, validated one way: where Redis is (a URI, or a client the
 * application owns), the key prefix, the request timeout, the reconnect interval and the failure
 * policy. Each store's builder holds one and delegates its common setters to it, so the two
 * builders have the same names, the same rules (each setting once, checked when set) and the same
 * messages.
 */
final class RedisSettings {

  private final String builder;
  private final SetOnce once;
  private final @Nullable RedisURI uri;
  private final @Nullable RedisClient client;
  private final String example;
  private final String slowConsequence;
  String keyPrefix;
  Duration requestTimeout = Duration.ofMillis(500);
  Duration reconnectInterval = Duration.ofSeconds(1);
  FailurePolicy failurePolicy = FailurePolicy.FAIL_CLOSED;
  LongSupplier nanoTime = System::nanoTime;

  private RedisSettings(
      String builder,
      @Nullable RedisURI uri,
      @Nullable RedisClient client,
      String defaultPrefix,
      String example,
      String slowConsequence) {
    this.builder = builder;
    this.once = new SetOnce(builder);
    this.uri = uri;
    this.client = client;
    this.keyPrefix = defaultPrefix;
    this.example = example;
    this.slowConsequence = slowConsequence;
  }

  /** Settings for a store on a URI; the store creates and closes its own client. */
  static RedisSettings ofUri(
      String builder, String redisUri, String defaultPrefix, String example, String slow) {
    Objects.requireNonNull(redisUri, "redisUri");
    RedisURI uri;
    try {
      uri = RedisURI.create(redisUri);
    } catch (RuntimeException e) {
      // the value is not repeated, nor the parser's message that quotes it: it may hold a password
      throw new ConfigurationException(
          builder
              + ": the Redis URI does not parse (value not shown: it may hold a password); use"
              + " redis://host:6379 or rediss://user:password@host:6380/0");
    }
    return new RedisSettings(builder, uri, null, defaultPrefix, example, slow);
  }

  /** Settings for a store on a client the application owns and closes. */
  static RedisSettings ofClient(
      String builder, RedisClient client, String defaultPrefix, String example, String slow) {
    return new RedisSettings(
        builder, null, Objects.requireNonNull(client, "client"), defaultPrefix, example, slow);
  }

  /** 1–64 printable ASCII characters without spaces. */
  void keyPrefix(String prefix) {
    Objects.requireNonNull(prefix, "keyPrefix");
    if (!prefix.matches("[\\x21-\\x7e]{1,64}")) {
      throw new ConfigurationException(
          builder
              + ": keyPrefix must be 1-64 printable ASCII characters without spaces (was '"
              + dev.bulwark.encoding.LogSafe.forLog(prefix, 80)
              + "'), such as '"
              + example
              + "'");
    }
    once.set("keyPrefix", prefix);
    this.keyPrefix = prefix;
  }

  /** 1 ms to 30 s. */
  void requestTimeout(Duration timeout) {
    Objects.requireNonNull(timeout, "requestTimeout");
    if (timeout.compareTo(Duration.ofMillis(1)) < 0
        || timeout.compareTo(Duration.ofSeconds(30)) > 0) {
      throw new ConfigurationException(
          builder
              + ": requestTimeout must be between 1ms and 30s (was "
              + timeout
              + "); "
              + slowConsequence);
    }
    once.set("requestTimeout", timeout);
    this.requestTimeout = timeout;
  }

  /** 10 ms to 30 s. */
  void reconnectInterval(Duration interval) {
    Objects.requireNonNull(interval, "reconnectInterval");
    if (interval.compareTo(Duration.ofMillis(10)) < 0
        || interval.compareTo(Duration.ofSeconds(30)) > 0) {
      throw new ConfigurationException(
          builder
              + ": reconnectInterval must be between 10ms and 30s (was "
              + interval
              + "), such as Duration.ofSeconds(1)");
    }
    once.set("reconnectInterval", interval);
    this.reconnectInterval = interval;
  }

  void failurePolicy(FailurePolicy policy) {
    Objects.requireNonNull(policy, "failurePolicy");
    once.set("failurePolicy", policy);
    this.failurePolicy = policy;
  }

  /** Tests only: the monotonic clock of the reconnect back-off. */
  void nanoTime(LongSupplier nanoTime) {
    once.set("nanoTime", "a test clock");
    this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
  }

  /** A flag or a store-specific setting, tracked with the common ones. */
  void once(String setting, Object value) {
    once.set(setting, value);
  }

  /** Whether the store creates (and so closes) its client. */
  boolean ownsClient() {
    return client == null;
  }

  /**
   * The application's client, or a new one on the URI: commands rejected while disconnected (an
   * outage must not pile commands up in memory), command and connect timeouts from the request
   * timeout.
   */
  RedisClient client() {
    if (client != null) {
      return client;
    }
    RedisClient own = RedisClient.create(Objects.requireNonNull(uri));
    own.setOptions(
        ClientOptions.builder()
            .autoReconnect(true)
            .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
            .timeoutOptions(TimeoutOptions.enabled(requestTimeout))
            .socketOptions(
                SocketOptions.builder().connectTimeout(requestTimeout.multipliedBy(4)).build())
            .build());
    return own;
  }

  /** The common settings, for the stores' descriptions; credentials are never shown. */
  String describe() {
    return "redis="
        + where()
        + ", keyPrefix="
        + keyPrefix
        + ", requestTimeout="
        + requestTimeout
        + ", reconnectInterval="
        + reconnectInterval
        + ", failurePolicy="
        + failurePolicy;
  }

  private String where() {
    if (uri == null) {
      return "the application's client";
    }
    if (uri.getHost() == null) {
      return "a sentinel or socket URI (not shown)";
    }
    return (uri.isSsl() ? "rediss://" : "redis://")
        + uri.getHost()
        + ":"
        + uri.getPort()
        + "/"
        + uri.getDatabase();
  }
}
