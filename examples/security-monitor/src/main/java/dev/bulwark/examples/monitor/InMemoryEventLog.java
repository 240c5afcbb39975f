package dev.bulwark.examples.monitor;

import dev.bulwark.event.SecurityEvent;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;

/** The most recent events of this instance, bounded. */
final class InMemoryEventLog implements EventLog {

  private final int capacity;
  private final Deque<SecurityEvent> events = new ArrayDeque<>();

  InMemoryEventLog(int capacity) {
    this.capacity = capacity;
  }

  @Override
  public synchronized void onEvent(SecurityEvent event) {
    events.addFirst(event);
    while (events.size() > capacity) {
      events.removeLast();
    }
  }

  @Override
  public synchronized List<Map<String, Object>> recent(int max) {
    List<Map<String, Object>> out = new ArrayList<>(Math.min(max, events.size()));
    for (SecurityEvent e : events) {
      if (out.size() >= max) {
        break;
      }
      out.add(EventLog.toJson(e));
    }
    return out;
  }
}
