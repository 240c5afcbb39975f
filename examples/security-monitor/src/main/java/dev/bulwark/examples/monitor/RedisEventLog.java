package dev.bulwark.examples.monitor;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import dev.bulwark.event.SecurityEvent;
import io.lettuce.core.api.StatefulRedisConnection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The recent events of every instance, in one capped Redis list: each event is pushed as JSON and
 * the list trimmed to its capacity, so the dashboard shows the same events whichever instance
 * answers. Writes are asynchronous (a request never waits for them; one that fails is dropped and
 * logged at most once a minute); reads fail with {@link StoreUnavailableException} when Redis is
 * unreachable, which {@code GET /api/events} answers with 503.
 */
final class RedisEventLog implements EventLog {

  private static final Logger LOG = LoggerFactory.getLogger(RedisEventLog.class);
  private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

  private final StatefulRedisConnection<String, String> connection;
  private final String key;
  private final int capacity;
  private final AtomicLong lastFailureLog = new AtomicLong(Long.MIN_VALUE);

  RedisEventLog(StatefulRedisConnection<String, String> connection, String key, int capacity) {
    this.connection = connection;
    this.key = key;
    this.capacity = capacity;
  }

  @Override
  public void onEvent(SecurityEvent event) {
    String json;
    try {
      json = Json.MAPPER.writeValueAsString(EventLog.toJson(event));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("an event did not serialise", e);
    }
    try {
      // both commands go out on the one connection, in order; a trim racing with another
      // instance's push only ever leaves the list at its capacity
      connection.async().lpush(key, json).exceptionally(this::dropped);
      connection.async().ltrim(key, 0, capacity - 1L).exceptionally(this::dropped);
    } catch (RuntimeException e) {
      dropped(e);
    }
  }

  private <T> T dropped(Throwable e) {
    long now = System.nanoTime();
    long last = lastFailureLog.get();
    if ((last == Long.MIN_VALUE || now - last >= 60_000_000_000L)
        && lastFailureLog.compareAndSet(last, now)) {
      LOG.warn(
          "security events could not be written to Redis ({}); the dashboard misses them, the"
              + " log and the metrics do not",
          e.getClass().getSimpleName());
    }
    return null;
  }

  @Override
  public List<Map<String, Object>> recent(int max) {
    List<String> raw;
    try {
      raw = connection.sync().lrange(key, 0, Math.min(max, capacity) - 1L);
    } catch (RuntimeException e) {
      throw new StoreUnavailableException("redis", e);
    }
    List<Map<String, Object>> out = new ArrayList<>(raw.size());
    for (String s : raw) {
      try {
        out.add(Json.MAPPER.readValue(s, MAP));
      } catch (JsonProcessingException e) {
        // not written by this demo: skip it rather than fail the whole page
        LOG.debug("skipped an unreadable event entry in {}", key);
      }
    }
    return out;
  }
}
