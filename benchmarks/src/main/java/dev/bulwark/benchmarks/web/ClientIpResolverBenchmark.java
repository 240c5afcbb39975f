package dev.bulwark.benchmarks.web;

import dev.bulwark.web.ClientIpResolver;
import dev.bulwark.web.ForwardedHeader;
import dev.bulwark.web.HeaderSource;
import dev.bulwark.web.ResolvedClient;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The client behind a 3-hop chain: a spoofed entry, the client, and two trusted proxies, with the
 * socket peer a third trusted proxy. Also the direct case (no proxy trusted), IPv6, and RFC 7239.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class ClientIpResolverBenchmark {

  private final ClientIpResolver xff =
      ClientIpResolver.builder().trustedProxies("10.0.0.0/8", "fd00::/8").build();
  private final ClientIpResolver forwarded =
      ClientIpResolver.builder()
          .trustedProxies("10.0.0.0/8", "fd00::/8")
          .forwardedHeader(ForwardedHeader.FORWARDED)
          .build();
  private final ClientIpResolver direct = ClientIpResolver.builder().onWarning(w -> {}).build();

  private final HeaderSource xffChain =
      headers(Map.of("x-forwarded-for", "6.6.6.6, 198.51.100.7, 10.1.2.3, 10.4.5.6"));
  private final HeaderSource xffChainV6 =
      headers(Map.of("x-forwarded-for", "6.6.6.6, 2001:db8:1:2::7, fd00::3, fd00::4"));
  private final HeaderSource forwardedChain =
      headers(
          Map.of(
              "forwarded",
              "for=6.6.6.6, for=198.51.100.7;proto=https, for=10.1.2.3, for=10.4.5.6"));
  private final HeaderSource none = headers(Map.of());

  private static HeaderSource headers(Map<String, String> m) {
    return name -> {
      String v = m.get(name.toLowerCase(Locale.ROOT));
      return v == null ? List.of() : List.of(v);
    };
  }

  /**
   * Three hops of X-Forwarded-For behind trusted proxies.
   *
   * @return the client
   */
  @Benchmark
  public ResolvedClient xForwardedFor3Hops() {
    return xff.resolve("10.9.9.9", false, "app.example.com", xffChain);
  }

  /**
   * Three hops of X-Forwarded-For with an IPv6 client (prefix key).
   *
   * @return the client
   */
  @Benchmark
  public ResolvedClient xForwardedFor3HopsIpv6() {
    return xff.resolve("fd00::9", false, "app.example.com", xffChainV6);
  }

  /**
   * Three hops of RFC 7239 Forwarded.
   *
   * @return the client
   */
  @Benchmark
  public ResolvedClient forwarded3Hops() {
    return forwarded.resolve("10.9.9.9", false, "app.example.com", forwardedChain);
  }

  /**
   * No proxy: the socket peer.
   *
   * @return the client
   */
  @Benchmark
  public ResolvedClient directPeer() {
    return direct.resolve("198.51.100.7", false, "app.example.com", none);
  }
}
