package dev.bulwark.event;

/**
 * Receives security events. Called on the request thread, so implementations must be fast and
 * thread-safe; slow work (shipping to a SIEM) belongs on a queue. A listener that throws is logged
 * and skipped by {@link SecurityEventPublisher}; it never breaks the request.
 */
@FunctionalInterface
public interface SecurityEventListener {

  /**
   * Handles one event.
   *
   * @param event the event; its text fields may be attacker-controlled
   */
  void onEvent(SecurityEvent event);
}
