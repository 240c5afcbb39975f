package dev.bulwark.event;

import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers each event to a fixed list of listeners, isolating the caller from their failures: a
 * listener that throws is logged (with its class name, never the event's attacker-controlled text)
 * and the next listener still runs. Immutable and thread-safe.
 */
public final class SecurityEventPublisher implements SecurityEventListener {

  private static final Logger LOG = LoggerFactory.getLogger(SecurityEventPublisher.class);

  /** Events of one type the default publisher logs per second; the rest are counted. */
  public static final int DEFAULT_LOG_EVENTS_PER_SECOND = 50;

  private static final SecurityEventPublisher LOGGING =
      new SecurityEventPublisher(
          List.of(
              ThrottledSecurityEventListener.of(
                  new Slf4jSecurityEventListener(), DEFAULT_LOG_EVENTS_PER_SECOND)));

  private final List<SecurityEventListener> listeners;

  private SecurityEventPublisher(List<SecurityEventListener> listeners) {
    this.listeners = List.copyOf(listeners);
  }

  /**
   * A publisher to the given listeners, in order.
   *
   * @param listeners the listeners
   * @return the publisher
   */
  public static SecurityEventPublisher of(SecurityEventListener... listeners) {
    for (SecurityEventListener l : listeners) {
      Objects.requireNonNull(l, "a listener is null");
    }
    return new SecurityEventPublisher(List.of(listeners));
  }

  /**
   * The default publisher: events go to the log-injection-safe SLF4J listener, at most {@value
   * #DEFAULT_LOG_EVENTS_PER_SECOND} of each type per second (see {@link
   * ThrottledSecurityEventListener}: a flood of rejected requests must not become a flood of log
   * lines; the next logged event of the type says how many were dropped).
   *
   * @return the shared default publisher
   */
  public static SecurityEventPublisher logging() {
    return LOGGING;
  }

  /**
   * Publishes an event to every listener.
   *
   * @param event the event
   */
  public void publish(SecurityEvent event) {
    for (SecurityEventListener l : listeners) {
      try {
        l.onEvent(event);
      } catch (RuntimeException | LinkageError e) {
        LOG.error(
            "Security event listener {} failed on an event of type {}",
            l.getClass().getName(),
            event.type(),
            e);
      }
    }
  }

  @Override
  public void onEvent(SecurityEvent event) {
    publish(event);
  }

  /** The listeners, in order, by their own descriptions (or class names when they have none). */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("SecurityEventPublisher[");
    for (int i = 0; i < listeners.size(); i++) {
      SecurityEventListener l = listeners.get(i);
      String own = l.toString();
      String identity = l.getClass().getName() + "@" + Integer.toHexString(l.hashCode());
      sb.append(i == 0 ? "" : ", ").append(own.equals(identity) ? l.getClass().getName() : own);
    }
    return sb.append(']').toString();
  }
}
