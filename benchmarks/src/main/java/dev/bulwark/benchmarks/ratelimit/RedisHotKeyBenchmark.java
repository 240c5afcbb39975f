package dev.bulwark.benchmarks.ratelimit;

import dev.bulwark.event.SecurityEventPublisher;
import dev.bulwark.ratelimit.Limit;
import dev.bulwark.ratelimit.RateLimitPolicy;
import dev.bulwark.ratelimit.RateLimitRule;
import dev.bulwark.ratelimit.RateLimiter;
import dev.bulwark.ratelimit.redis.RedisRateLimitStore;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import redis.embedded.RedisServer;

/**
 * Decisions per second on one hot key in a real Redis (embedded-redis binary on a free port), 16
 * threads, with and without Bucket4j's batching. Without batching the CAS loop collapses under
 * contention; with it, concurrent requests of this JVM for the key share round trips.
 *
 * <p>Besides decisions per second, JMH reports the {@code allowed} and {@code notAllowed} counters
 * per second: a decision that failed (a timeout under contention fails closed) is fast but is not a
 * decision the backend made, so a run is only meaningful when {@code notAllowed} is zero. The limit
 * (10^9 per 366 days) is never exhausted and refills a unit every 32 ms, well above the store's
 * clock resolution.
 *
 * <p>Needs in the benchmarks pom: {@code bulwark-ratelimit}, {@code bucket4j_jdk17-lettuce}, {@code
 * lettuce-core} and {@code com.github.codemonstur:embedded-redis} (compile scope).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(1)
@Threads(16)
@State(Scope.Benchmark)
public class RedisHotKeyBenchmark {

  @Param({"true", "false"})
  public boolean batching;

  private RedisServer redis;
  private RateLimiter limiter;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    redis = new RedisServer(port);
    redis.start();
    RedisRateLimitStore.Builder store =
        RedisRateLimitStore.builder("redis://127.0.0.1:" + port)
            .requestTimeout(Duration.ofSeconds(5));
    if (!batching) {
      store.withoutBatching();
    }
    limiter =
        RateLimiter.builder(
                RateLimitPolicy.of(
                    RateLimitRule.builder("api")
                        .limit(Limit.of("hot", 1_000_000_000L, Duration.ofDays(366)))
                        .build()))
            .store(store.build())
            .events(SecurityEventPublisher.of(e -> {}))
            .build();
  }

  @TearDown(Level.Trial)
  public void tearDown() throws Exception {
    limiter.close();
    redis.stop();
  }

  /** Per-thread outcome counters, reported by JMH as rates next to the score. */
  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.OPERATIONS)
  public static class Outcomes {
    /** Decisions that admitted the request. */
    public long allowed;

    /** Decisions that did not: rejected or failed (should stay zero). */
    public long notAllowed;

    /** JMH divides by the iteration's time, so each iteration counts from zero. */
    @Setup(Level.Iteration)
    public void reset() {
      allowed = 0;
      notAllowed = 0;
    }
  }

  /** One decision on the shared hot key. */
  @Benchmark
  public boolean hotKeyDecision(Outcomes outcomes) {
    boolean ok = limiter.evaluate("api", "ip:198.51.100.7").allowed();
    if (ok) {
      outcomes.allowed++;
    } else {
      outcomes.notAllowed++;
    }
    return ok;
  }
}
