package dev.bulwark.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.event.SecurityEventPublisher;
import dev.bulwark.testing.MutableClock;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * A flood of 1,000,000 distinct client addresses against a store bounded at 100,000 keys. The heap
 * figures are reported (stdout and target/ratelimit-memory.txt), not asserted: only the key bound
 * is.
 */
class InMemoryStoreMemoryBoundTest {

  private static final int FLOOD = 1_000_000;
  private static final long BOUND = 100_000;

  private static long usedHeapAfterGc(MemoryMXBean mx) {
    long used = Long.MAX_VALUE;
    for (int i = 0; i < 4; i++) {
      System.gc();
      used = Math.min(used, mx.getHeapMemoryUsage().getUsed());
    }
    return used;
  }

  @Test
  void flood_ofOneMillionDistinctClients_staysWithinTheConfiguredBound() throws Exception {
    MemoryMXBean mx = ManagementFactory.getMemoryMXBean();
    MutableClock clock = new MutableClock();
    InMemoryRateLimitStore store =
        InMemoryRateLimitStore.builder().maxKeys(BOUND).clock(clock).build();
    RateLimiter limiter =
        RateLimiter.builder(
                RateLimitPolicy.of(
                    RateLimitRule.builder("api")
                        .limit(Limit.of("burst", 20, Duration.ofSeconds(1)))
                        .limit(Limit.of("hourly", 1000, Duration.ofHours(1)))
                        .build()))
            .store(store)
            .events(SecurityEventPublisher.of(e -> {}))
            .build();
    long before = usedHeapAfterGc(mx);
    long maxSeen = 0;
    for (int i = 0; i < FLOOD; i++) {
      String ip =
          (10 + (i >> 24)) + "." + ((i >> 16) & 0xff) + "." + ((i >> 8) & 0xff) + "." + (i & 0xff);
      assertThat(limiter.evaluate("api", "ip:" + ip).allowed()).isTrue();
      if ((i & 0xffff) == 0) {
        maxSeen = Math.max(maxSeen, store.size());
      }
    }
    long size = store.size();
    long after = usedHeapAfterGc(mx);
    long taken = Math.max(0, after - before);
    assertThat(size).isLessThanOrEqualTo(BOUND);
    assertThat(maxSeen).isLessThanOrEqualTo(BOUND);
    assertThat(size).isGreaterThan(BOUND / 2);
    String report =
        String.format(
            Locale.ROOT,
            "flood=%d distinct keys, bound=%d, held=%d, heap taken=%.1f MiB, bytes/key=%d (two"
                + " limits per bucket, keys like ip:10.1.2.3, JDK %s)%n",
            FLOOD,
            BOUND,
            size,
            taken / (1024.0 * 1024.0),
            size == 0 ? 0 : taken / size,
            System.getProperty("java.version"));
    System.out.print(report);
    Files.writeString(Path.of("target", "ratelimit-memory.txt"), report, StandardCharsets.UTF_8);
    // keep the store reachable until measured
    assertThat(store.maxKeys()).isEqualTo(BOUND);
  }
}
