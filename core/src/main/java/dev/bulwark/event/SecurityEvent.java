package dev.bulwark.event;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One thing a security control saw: a login, a rejected token, a rate-limit hit.
 *
 * <p>Every field except {@code type}, {@code time} and {@code outcome} may carry
 * attacker-controlled text (a username typed into a login form, a header value). Listeners must
 * neutralise them before writing them anywhere: logs with {@link dev.bulwark.encoding.LogSafe},
 * HTML with an encoder. Never put secrets (passwords, tokens, keys) into an event.
 *
 * @param type what happened
 * @param time when
 * @param outcome how it ended
 * @param client the client's address or rate-limit key, when known
 * @param subject the user or principal concerned, when known
 * @param details further facts; an immutable map that keeps insertion order
 */
public record SecurityEvent(
    SecurityEventType type,
    Instant time,
    Outcome outcome,
    @Nullable String client,
    @Nullable String subject,
    Map<String, String> details) {

  /** The most detail entries an event keeps. */
  public static final int MAX_DETAILS = 32;

  /**
   * Checks the fields and freezes the details.
   *
   * @param type what happened
   * @param time when
   * @param outcome how it ended
   * @param client the client, or null
   * @param subject the subject, or null
   * @param details further facts
   */
  public SecurityEvent {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(details, "details");
    if (details.size() > MAX_DETAILS) {
      throw new IllegalArgumentException("an event keeps at most " + MAX_DETAILS + " details");
    }
    details = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(details));
  }

  /**
   * Starts an event.
   *
   * @param type what happened
   * @param outcome how it ended
   * @return a builder
   */
  public static Builder builder(SecurityEventType type, Outcome outcome) {
    return new Builder(type, outcome);
  }

  /** Builder for {@link SecurityEvent}. Not thread-safe. */
  public static final class Builder {
    private final SecurityEventType type;
    private final Outcome outcome;
    private @Nullable Instant time;
    private Clock clock = Clock.systemUTC();
    private @Nullable String client;
    private @Nullable String subject;
    private final Map<String, String> details = new LinkedHashMap<>();

    private Builder(SecurityEventType type, Outcome outcome) {
      this.type = Objects.requireNonNull(type, "type");
      this.outcome = Objects.requireNonNull(outcome, "outcome");
    }

    /**
     * The clock to read the time from when {@link #time(Instant)} is not set.
     *
     * @param clock the clock
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * The time of the event.
     *
     * @param time the instant
     * @return this builder
     */
    public Builder time(Instant time) {
      this.time = Objects.requireNonNull(time, "time");
      return this;
    }

    /**
     * The client's address or key.
     *
     * @param client the client, or null
     * @return this builder
     */
    public Builder client(@Nullable String client) {
      this.client = client;
      return this;
    }

    /**
     * The user or principal concerned.
     *
     * @param subject the subject, or null
     * @return this builder
     */
    public Builder subject(@Nullable String subject) {
      this.subject = subject;
      return this;
    }

    /**
     * Adds a detail. A null value is skipped.
     *
     * @param key the name
     * @param value the value, or null
     * @return this builder
     */
    public Builder detail(String key, @Nullable String value) {
      Objects.requireNonNull(key, "key");
      if (value != null) {
        details.put(key, value);
      }
      return this;
    }

    /**
     * Builds the event.
     *
     * @return the event
     */
    public SecurityEvent build() {
      return new SecurityEvent(
          type, time != null ? time : clock.instant(), outcome, client, subject, details);
    }
  }
}
