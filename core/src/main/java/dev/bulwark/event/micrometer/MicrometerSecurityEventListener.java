package dev.bulwark.event.micrometer;

import dev.bulwark.event.SecurityEvent;
import dev.bulwark.event.SecurityEventListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Objects;

/**
 * Counts security events in Micrometer as {@code bulwark.security.events} with the tags {@code
 * type} and {@code outcome}. Only these two closed-vocabulary tags are used, so an attacker cannot
 * create unbounded time series. Needs {@code io.micrometer:micrometer-core} on the class path (an
 * optional dependency of bulwark-core).
 */
public final class MicrometerSecurityEventListener implements SecurityEventListener {

  /** The meter name. */
  public static final String METER = "bulwark.security.events";

  private final MeterRegistry registry;

  /**
   * A listener that counts into the registry.
   *
   * @param registry the registry
   */
  public MicrometerSecurityEventListener(MeterRegistry registry) {
    this.registry = Objects.requireNonNull(registry, "registry");
  }

  @Override
  public void onEvent(SecurityEvent event) {
    Counter.builder(METER)
        .description("Security events emitted by Bulwark controls")
        .tag("type", event.type().name())
        .tag("outcome", event.outcome().name().toLowerCase(java.util.Locale.ROOT))
        .register(registry)
        .increment();
  }
}
