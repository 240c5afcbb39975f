package dev.bulwark.ratelimit;

import dev.bulwark.web.ConfigurationException;
import dev.bulwark.web.internal.SetOnce;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiConsumer;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;

/**
 * Renders a {@link RateLimitDecision} as HTTP response fields, without servlet types.
 *
 * <p><b>{@link Format#IETF} (the default)</b>, draft-ietf-httpapi-ratelimit-headers-11: one quota
 * policy per {@link Limit}, named after it, as Structured Field lists (RFC 9651):
 *
 * <pre>
 * RateLimit-Policy: "burst";q=20;w=1, "hourly";q=1000;w=3600
 * RateLimit: "burst";r=19;t=1, "hourly";r=999;t=4
 * </pre>
 *
 * {@code q} is the capacity, {@code w} the period in seconds (rounded up), {@code r} the units
 * remaining and {@code t} the seconds until the limit is full again (rounded up). The partition key
 * {@code pk} is left out unless a {@linkplain Builder#partitionKeySecret(byte[]) secret} is set;
 * then it is the first 12 bytes of HMAC-SHA256(secret, key), a Byte Sequence that lets a client
 * tell its partitions apart but never reveals its address (which the raw key may contain).
 *
 * <p><b>{@link Format#DRAFT_6}</b>: {@code RateLimit-Limit}, {@code RateLimit-Remaining}, {@code
 * RateLimit-Reset} (seconds) for the most constrained limit (fewest units remaining), as
 * express-rate-limit's {@code draft-6} and older clients read them. <b>{@link
 * Format#X_RATELIMIT}</b>: {@code X-RateLimit-Limit}, {@code X-RateLimit-Remaining} and {@code
 * X-RateLimit-Reset} (Unix time in seconds, GitHub style) for the same limit.
 *
 * <p>A rejected or fail-closed decision adds {@code Retry-After} in whole seconds, rounded up,
 * never 0. A decision without limit state (not limited, backend failure) adds nothing else.
 * Immutable and thread-safe.
 */
public final class RateLimitHeaders {

  /** The header families that can be sent. */
  public enum Format {
    /** {@code RateLimit-Policy} and {@code RateLimit}, draft-ietf-httpapi-ratelimit-headers-11. */
    IETF,
    /** {@code RateLimit-Limit}, {@code -Remaining}, {@code -Reset}, the draft-6 form. */
    DRAFT_6,
    /** {@code X-RateLimit-Limit}, {@code -Remaining}, {@code -Reset} (Unix seconds). */
    X_RATELIMIT;

    /**
     * The name in the settings vocabulary: {@code ietf}, {@code draft-6}, {@code x-ratelimit}.
     *
     * @return the name
     */
    public String settingName() {
      return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
  }

  private static final int PK_BYTES = 12;

  private final Set<Format> formats;
  private final boolean ietf;
  private final boolean draft6;
  private final boolean xRateLimit;
  private final byte @Nullable [] pkSecret;

  private RateLimitHeaders(Builder b) {
    this.formats = b.formats.isEmpty() ? EnumSet.of(Format.IETF) : EnumSet.copyOf(b.formats);
    this.ietf = formats.contains(Format.IETF);
    this.draft6 = formats.contains(Format.DRAFT_6);
    this.xRateLimit = formats.contains(Format.X_RATELIMIT);
    this.pkSecret = b.pkSecret == null ? null : b.pkSecret.clone();
  }

  /**
   * The default: IETF draft-11 fields only, no partition key.
   *
   * @return the renderer
   */
  public static RateLimitHeaders ietf() {
    return builder().build();
  }

  /**
   * A new builder.
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The formats sent.
   *
   * @return an immutable set
   */
  public Set<Format> formats() {
    return Set.copyOf(formats);
  }

  /**
   * The fields for a decision.
   *
   * @param decision the decision
   * @param now the current wall-clock time, for {@code X-RateLimit-Reset}
   * @return field name to value, in sending order; empty when there is nothing to say
   */
  public Map<String, String> fields(RateLimitDecision decision, Instant now) {
    Map<String, String> out = new LinkedHashMap<>();
    write(decision, Clock.fixed(now, ZoneOffset.UTC), out::put);
    return out;
  }

  /**
   * Passes the fields for a decision to a sink, in sending order, without building a map: what a
   * filter calls per response. The {@code RateLimit-Policy} value is computed once per rule (unless
   * a partition key is sent), so a response costs the {@code RateLimit} value only.
   *
   * @param decision the decision
   * @param wallClock read only for {@code X-RateLimit-Reset}
   * @param sink receives each field name and value, such as {@code response::setHeader}
   */
  public void write(RateLimitDecision decision, Clock wallClock, BiConsumer<String, String> sink) {
    int n = decision.limitCount();
    if (n > 0) {
      RateLimitRule rule = Objects.requireNonNull(decision.rule());
      String key = decision.key();
      String pk = pkSecret == null || key == null ? null : ";pk=:" + partitionKey(key) + ":";
      if (ietf) {
        sink.accept("RateLimit-Policy", pk == null ? rule.ietfPolicy() : policyWithPk(rule, pk));
        StringBuilder state = new StringBuilder(n * 32);
        for (int i = 0; i < n; i++) {
          if (i > 0) {
            state.append(", ");
          }
          state.append(rule.ietfStatePrefix(i)).append(decision.remaining(i));
          state.append(";t=").append(ceilOrZero(decision.resetNanos(i)));
          if (pk != null) {
            state.append(pk);
          }
        }
        sink.accept("RateLimit", state.toString());
      }
      if (draft6 || xRateLimit) {
        int tightest = 0;
        long tightestRemaining = decision.remaining(0);
        long tightestReset = decision.resetNanos(0);
        for (int i = 1; i < n; i++) {
          long remaining = decision.remaining(i);
          long reset = decision.resetNanos(i);
          if (remaining < tightestRemaining
              || (remaining == tightestRemaining && reset > tightestReset)) {
            tightest = i;
            tightestRemaining = remaining;
            tightestReset = reset;
          }
        }
        String capacity = Long.toString(rule.limit(tightest).capacity());
        String remaining = Long.toString(tightestRemaining);
        long reset = ceilOrZero(tightestReset);
        if (draft6) {
          sink.accept("RateLimit-Limit", capacity);
          sink.accept("RateLimit-Remaining", remaining);
          sink.accept("RateLimit-Reset", Long.toString(reset));
        }
        if (xRateLimit) {
          sink.accept("X-RateLimit-Limit", capacity);
          sink.accept("X-RateLimit-Remaining", remaining);
          sink.accept(
              "X-RateLimit-Reset", Long.toString(Math.floorDiv(wallClock.millis(), 1000L) + reset));
        }
      }
    }
    if (decision.status() == RateLimitDecision.Status.REJECTED
        || decision.status() == RateLimitDecision.Status.FAILED_CLOSED) {
      sink.accept("Retry-After", Long.toString(decision.retryAfterSeconds()));
    }
  }

  private static String policyWithPk(RateLimitRule rule, String pk) {
    StringBuilder policy = new StringBuilder();
    for (int i = 0; i < rule.limitCount(); i++) {
      if (i > 0) {
        policy.append(", ");
      }
      Limit l = rule.limit(i);
      policy.append('"').append(l.name()).append("\";q=").append(l.capacity());
      policy.append(";w=").append(RateLimitDecision.ceilSeconds(rule.periodNanos(i))).append(pk);
    }
    return policy.toString();
  }

  private static long ceilOrZero(long nanos) {
    return nanos == 0 ? 0 : RateLimitDecision.ceilSeconds(nanos);
  }

  private String partitionKey(String key) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(Objects.requireNonNull(pkSecret), "HmacSHA256"));
      byte[] digest = mac.doFinal(key.getBytes(StandardCharsets.UTF_8));
      return Base64.getEncoder().encodeToString(Arrays.copyOf(digest, PK_BYTES));
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA256 is required of every Java platform", e);
    }
  }

  /** The formats sent, in the settings vocabulary, and whether a partition key is (secret). */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("RateLimitHeaders[formats=");
    boolean first = true;
    for (Format f : formats) {
      sb.append(first ? "" : ", ").append(f.settingName());
      first = false;
    }
    return sb.append(", partitionKey=")
        .append(pkSecret == null ? "none" : "HMAC-SHA256 (secret not shown)")
        .append(']')
        .toString();
  }

  /**
   * Builder for {@link RateLimitHeaders}. Each setting is checked when set and may be set once;
   * every failure is a {@link ConfigurationException}. Not thread-safe.
   */
  public static final class Builder {
    private final Set<Format> formats = EnumSet.noneOf(Format.class);
    private byte @Nullable [] pkSecret;
    private final SetOnce once = new SetOnce("RateLimitHeaders.Builder");

    private Builder() {}

    /**
     * The formats to send; IETF alone when not set.
     *
     * @param formats the formats, at least one
     * @return this builder
     * @throws ConfigurationException when empty or already set
     */
    public Builder formats(Format... formats) {
      return formats(Arrays.asList(formats));
    }

    /**
     * The formats to send; IETF alone when not set.
     *
     * @param formats the formats, at least one
     * @return this builder
     * @throws ConfigurationException when empty or already set
     */
    public Builder formats(Collection<Format> formats) {
      Set<Format> chosen = EnumSet.noneOf(Format.class);
      for (Format f : formats) {
        chosen.add(Objects.requireNonNull(f, "format"));
      }
      if (chosen.isEmpty()) {
        throw new ConfigurationException(
            "RateLimitHeaders.Builder: formats must name at least one of ietf, draft-6,"
                + " x-ratelimit");
      }
      once.set("formats", chosen);
      this.formats.addAll(chosen);
      return this;
    }

    /**
     * Sends the IETF {@code pk} parameter as HMAC-SHA256 of the key under this secret. Keep it
     * secret and stable across instances; without it, {@code pk} is omitted.
     *
     * @param secret at least 32 bytes from a secure random source
     * @return this builder
     * @throws ConfigurationException when shorter than 32 bytes or already set
     */
    public Builder partitionKeySecret(byte[] secret) {
      Objects.requireNonNull(secret, "partitionKeySecret");
      if (secret.length < 32) {
        throw new ConfigurationException(
            "RateLimitHeaders.Builder: partitionKeySecret must be at least 32 random bytes (was "
                + secret.length
                + "): a short secret lets clients recover addresses from pk");
      }
      once.setSecret("partitionKeySecret");
      this.pkSecret = secret.clone();
      return this;
    }

    /**
     * Builds the renderer.
     *
     * @return the immutable renderer
     */
    public RateLimitHeaders build() {
      return new RateLimitHeaders(this);
    }
  }
}
