package dev.bulwark.ratelimit.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The lazy connect with back-off, on a test clock: no Redis, no sleeping. */
class LazyConnectionTest {

  private final AtomicLong now = new AtomicLong();
  private final AtomicInteger attempts = new AtomicInteger();
  private volatile boolean redisUp;

  private LazyConnection<String> connection() {
    return new LazyConnection<>(
        "test store",
        () -> {
          attempts.incrementAndGet();
          if (!redisUp) {
            throw new IllegalStateException("connection refused");
          }
          return "connected";
        },
        Duration.ofSeconds(1),
        now::get,
        (message, cause) -> new StoreDown(message, cause));
  }

  static final class StoreDown extends RuntimeException {
    private static final long serialVersionUID = 1L;

    StoreDown(String message, Throwable cause) {
      super(message, cause);
    }
  }

  @Test
  void get_opensOnFirstUse_thenReusesTheConnection() {
    redisUp = true;
    LazyConnection<String> c = connection();
    assertThat(attempts).hasValue(0);
    assertThat(c.get()).isEqualTo("connected");
    assertThat(c.get()).isEqualTo("connected");
    assertThat(attempts).hasValue(1);
  }

  @Test
  void get_whileUnreachable_triesAtMostOncePerInterval_thenRecovers() {
    LazyConnection<String> c = connection();
    assertThatThrownBy(c::get)
        .isInstanceOf(StoreDown.class)
        .hasMessage("test store: cannot connect to Redis")
        .hasRootCauseMessage("connection refused");
    now.addAndGet(Duration.ofMillis(999).toNanos());
    assertThatThrownBy(c::get)
        .isInstanceOf(StoreDown.class)
        .hasMessageContaining("next connection attempt pending");
    assertThat(attempts).hasValue(1);
    redisUp = true;
    now.addAndGet(Duration.ofMillis(1).toNanos());
    assertThat(c.get()).isEqualTo("connected");
    assertThat(attempts).hasValue(2);
  }

  @Test
  void close_handsBackTheOpenConnection_andRefusesLaterUse() {
    redisUp = true;
    LazyConnection<String> c = connection();
    c.get();
    assertThat(c.close()).isEqualTo("connected");
    assertThatThrownBy(c::get).isInstanceOf(StoreDown.class).hasMessage("the test store is closed");
    assertThat(attempts).hasValue(1);
  }
}
