package dev.bulwark.examples.monitor;

import dev.bulwark.event.SecurityEvent;
import dev.bulwark.event.SecurityEventListener;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * The most recent security events, newest first, bounded so that a flood cannot exhaust the heap.
 * Per instance: each instance of the demo shows what it saw.
 */
final class EventLog implements SecurityEventListener {

  private final int capacity;
  private final Deque<SecurityEvent> events = new ArrayDeque<>();

  EventLog(int capacity) {
    this.capacity = capacity;
  }

  @Override
  public synchronized void onEvent(SecurityEvent event) {
    events.addFirst(event);
    while (events.size() > capacity) {
      events.removeLast();
    }
  }

  synchronized List<SecurityEvent> recent(int max) {
    List<SecurityEvent> out = new ArrayList<>(Math.min(max, events.size()));
    for (SecurityEvent e : events) {
      if (out.size() >= max) {
        break;
      }
      out.add(e);
    }
    return out;
  }
}
