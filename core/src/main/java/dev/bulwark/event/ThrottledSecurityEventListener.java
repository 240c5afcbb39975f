package dev.bulwark.event;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Passes at most a fixed number of events of each {@link SecurityEventType} per second on to
 * another listener and counts the rest, so that a flood (a million rate-limited requests, a
 * credential-stuffing run) cannot turn into a flood of log lines that fills disks, drowns the
 * events that matter and costs the service more than the attack itself.
 *
 * <p>Put it in front of the listeners whose cost grows with every event (logs, a SIEM queue) and
 * leave counters such as the Micrometer listener unthrottled, so that metrics stay exact:
 *
 * <pre>{@code
 * SecurityEventPublisher events = SecurityEventPublisher.of(
 *     ThrottledSecurityEventListener.of(new Slf4jSecurityEventListener(), 20),
 *     new MicrometerSecurityEventListener(registry));
 * }</pre>
 *
 * <p>Nothing is lost silently: the first event of a type that passes after some were dropped
 * carries a {@value #SUPPRESSED} detail with how many events of that type were dropped since the
 * last one passed. Each type has its own budget, so a flood of one kind never hides another kind.
 * Memory is bounded: one small slot per type, at most {@value #MAX_TYPES} types (events of further
 * types share one slot). Thread-safe.
 */
public final class ThrottledSecurityEventListener implements SecurityEventListener {

  /** The detail that counts the events of the same type dropped before this one. */
  public static final String SUPPRESSED = "suppressed";

  /** The most event types that get a budget of their own. */
  public static final int MAX_TYPES = 256;

  private static final long SECOND = Duration.ofSeconds(1).toNanos();

  private final SecurityEventListener delegate;
  private final int perSecond;
  private final LongSupplier nanoTime;
  private final Map<SecurityEventType, Slot> slots = new ConcurrentHashMap<>();
  private final Slot overflow;

  private static final class Slot {
    private long windowStart;
    private boolean started;
    private int passed;
    private long suppressed;
  }

  private ThrottledSecurityEventListener(
      SecurityEventListener delegate, int perSecond, LongSupplier nanoTime) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
    if (perSecond < 1) {
      throw new IllegalArgumentException(
          "perSecond must be at least 1 (it was "
              + perSecond
              + "): to drop every event, do not"
              + " register the listener at all");
    }
    this.perSecond = perSecond;
    this.nanoTime = nanoTime;
    this.overflow = new Slot();
  }

  private Slot slot(SecurityEventType type) {
    Slot s = slots.get(type);
    if (s == null) {
      s = slots.size() >= MAX_TYPES ? overflow : slots.computeIfAbsent(type, t -> new Slot());
    }
    return s;
  }

  /**
   * Wraps a listener.
   *
   * @param delegate the listener that receives the events that pass
   * @param perSecond how many events of each type pass per second, at least 1
   * @return the throttled listener
   * @throws IllegalArgumentException when {@code perSecond} is less than 1
   */
  public static ThrottledSecurityEventListener of(SecurityEventListener delegate, int perSecond) {
    return new ThrottledSecurityEventListener(delegate, perSecond, System::nanoTime);
  }

  /**
   * Wraps a listener, reading time from the given monotonic source (for tests).
   *
   * @param delegate the listener that receives the events that pass
   * @param perSecond how many events of each type pass per second, at least 1
   * @param nanoTime a monotonic nanosecond source such as {@code System::nanoTime}
   * @return the throttled listener
   */
  static ThrottledSecurityEventListener of(
      SecurityEventListener delegate, int perSecond, LongSupplier nanoTime) {
    return new ThrottledSecurityEventListener(delegate, perSecond, nanoTime);
  }

  @Override
  public void onEvent(SecurityEvent event) {
    Slot slot = slot(event.type());
    long dropped;
    synchronized (slot) {
      long now = nanoTime.getAsLong();
      if (!slot.started || now - slot.windowStart >= SECOND) {
        slot.started = true;
        slot.windowStart = now;
        slot.passed = 0;
      }
      if (slot.passed >= perSecond) {
        slot.suppressed++;
        return;
      }
      slot.passed++;
      dropped = slot.suppressed;
      slot.suppressed = 0;
    }
    delegate.onEvent(dropped == 0 ? event : withSuppressed(event, dropped));
  }

  /**
   * The events dropped so far for a type and not yet reported by a later event.
   *
   * @param type the event type
   * @return the count
   */
  public long pendingSuppressed(SecurityEventType type) {
    Slot slot = slot(Objects.requireNonNull(type, "type"));
    synchronized (slot) {
      return slot.suppressed;
    }
  }

  private static SecurityEvent withSuppressed(SecurityEvent e, long dropped) {
    Map<String, String> details = new LinkedHashMap<>();
    details.put(SUPPRESSED, Long.toString(dropped));
    int room = SecurityEvent.MAX_DETAILS - 1;
    for (Map.Entry<String, String> d : e.details().entrySet()) {
      if (room-- == 0) {
        break;
      }
      details.putIfAbsent(d.getKey(), d.getValue());
    }
    return new SecurityEvent(e.type(), e.time(), e.outcome(), e.client(), e.subject(), details);
  }
}
