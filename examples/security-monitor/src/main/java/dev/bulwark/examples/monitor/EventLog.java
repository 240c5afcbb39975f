package dev.bulwark.examples.monitor;

import dev.bulwark.event.SecurityEvent;
import dev.bulwark.event.SecurityEventListener;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The recent security events the dashboard shows, newest first, as the JSON objects {@code GET
 * /api/events} answers. Bounded, so that a flood cannot exhaust memory. In memory per instance by
 * default ({@link InMemoryEventLog}); in Redis when the demo runs as several instances ({@link
 * RedisEventLog}), so that the dashboard shows the same events whichever instance answers.
 */
interface EventLog extends SecurityEventListener {

  /**
   * The newest events first.
   *
   * @param max at most this many
   * @return the events as JSON-ready maps
   * @throws StoreUnavailableException when the shared store cannot be read
   */
  List<Map<String, Object>> recent(int max);

  /** The JSON form of one event: what the dashboard reads. */
  static Map<String, Object> toJson(SecurityEvent e) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("type", e.type().name());
    m.put("time", e.time().toString());
    m.put("outcome", e.outcome().name());
    m.put("client", e.client());
    m.put("subject", e.subject());
    m.put("details", e.details());
    return m;
  }
}
