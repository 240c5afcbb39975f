package dev.bulwark.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class OncePerIntervalTest {

  @Test
  void due_onceThenNotUntilTheIntervalHasPassed() {
    AtomicLong now = new AtomicLong(Long.MAX_VALUE - 10); // near the wrap of nanoTime
    OncePerInterval gate = new OncePerInterval(Duration.ofNanos(100), now::get);
    assertThat(gate.due()).isTrue();
    assertThat(gate.due()).isFalse();
    now.addAndGet(99);
    assertThat(gate.due()).isFalse();
    now.addAndGet(1); // wraps past Long.MAX_VALUE
    assertThat(gate.due()).isTrue();
    assertThat(gate.due()).isFalse();
  }
}
