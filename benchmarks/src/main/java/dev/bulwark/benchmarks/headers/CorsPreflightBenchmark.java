package dev.bulwark.benchmarks.headers;

import dev.bulwark.headers.cors.CorsPolicy;
import dev.bulwark.headers.servlet.CorsFilter;
import jakarta.servlet.Filter;
import jakarta.servlet.ServletException;
import java.io.IOException;
import java.time.Duration;
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
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;

/**
 * An allowed CORS preflight ({@code OPTIONS https://api.example.com/api/orders/42} from {@code
 * https://app.example.com}, {@code Access-Control-Request-Method: PUT}, {@code
 * Access-Control-Request-Headers: content-type, authorization}) answered by Bulwark's {@link
 * CorsFilter} and by Spring's {@link org.springframework.web.filter.CorsFilter}, both configured
 * with one exact origin, methods {@code GET, HEAD, POST, PUT, DELETE}, headers {@code Content-Type,
 * Authorization}, credentials and a 600 s max-age (Spring through a {@link
 * UrlBasedCorsConfigurationSource} mapped to {@code /**}). Both answer without calling the chain
 * and send {@code Access-Control-Allow-Origin}, {@code -Allow-Credentials}, {@code -Allow-Methods},
 * {@code -Allow-Headers}, {@code -Max-Age} and {@code Vary}; Bulwark answers 204, Spring 200.
 *
 * <p>{@code baseline} is the cost of the stubs alone.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class CorsPreflightBenchmark {

  private static final String ORIGIN = "https://app.example.com";

  private final ServletStubs.Request request =
      new ServletStubs.Request("OPTIONS", "https", "api.example.com", 443, "/api/orders/42")
          .header("Host", "api.example.com")
          .header("Origin", ORIGIN)
          .header("Access-Control-Request-Method", "PUT")
          .header("Access-Control-Request-Headers", "content-type, authorization")
          .header("Accept", "*/*")
          .header("User-Agent", "Mozilla/5.0 (X11; Linux x86_64) Chrome/142.0")
          .header("Sec-Fetch-Mode", "cors");
  private final ServletStubs.Response response = new ServletStubs.Response();

  private Filter bulwark;
  private Filter spring;

  /**
   * Builds the filters and checks that each answers the preflight with the expected headers and
   * without calling the chain.
   *
   * @throws Exception when a filter answers differently
   */
  @Setup
  public void setUp() throws Exception {
    bulwark =
        new CorsFilter(
            CorsPolicy.builder()
                .allowedOrigins(ORIGIN)
                .allowedMethods("GET", "HEAD", "POST", "PUT", "DELETE")
                .allowedHeaders("Content-Type", "Authorization")
                .allowCredentials(true)
                .maxAge(Duration.ofSeconds(600))
                .build(),
            event -> {});

    CorsConfiguration config = new CorsConfiguration();
    config.setAllowedOrigins(List.of(ORIGIN));
    config.setAllowedMethods(List.of("GET", "HEAD", "POST", "PUT", "DELETE"));
    config.setAllowedHeaders(List.of("Content-Type", "Authorization"));
    config.setAllowCredentials(true);
    config.setMaxAge(600L);
    UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
    source.registerCorsConfiguration("/**", config);
    spring = new org.springframework.web.filter.CorsFilter(source);

    check("bulwark", bulwark, 204);
    check("spring", spring, 200);
  }

  private void check(String label, Filter filter, int status) throws IOException, ServletException {
    request.recycle();
    response.recycle();
    boolean[] called = {false};
    filter.doFilter(request, response, (req, res) -> called[0] = true);
    Map<String, String> expected =
        Map.of(
            "Access-Control-Allow-Origin", ORIGIN,
            "Access-Control-Allow-Credentials", "true",
            "Access-Control-Max-Age", "600");
    for (Map.Entry<String, String> e : expected.entrySet()) {
      if (!e.getValue().equals(response.getHeader(e.getKey()))) {
        throw new IllegalStateException(
            label + ": " + e.getKey() + " is " + response.getHeader(e.getKey()));
      }
    }
    String methods = response.getHeader("Access-Control-Allow-Methods");
    String headers = response.getHeader("Access-Control-Allow-Headers");
    if (called[0]
        || response.getStatus() != status
        || methods == null
        || !methods.contains("PUT")
        || headers == null
        || !headers.toLowerCase(Locale.ROOT).contains("authorization")
        || response.getHeaders("Vary").isEmpty()) {
      throw new IllegalStateException(
          label
              + ": status "
              + response.getStatus()
              + ", chain called "
              + called[0]
              + ", headers "
              + response.getHeaderNames());
    }
  }

  private void run(Filter filter) throws IOException, ServletException {
    request.recycle();
    response.recycle();
    filter.doFilter(request, response, ServletStubs.NO_OP_CHAIN);
  }

  /**
   * The stubs alone: recycle, no-op chain.
   *
   * @param bh consumes the result
   * @throws IOException never
   * @throws ServletException never
   */
  @Benchmark
  public void baseline(Blackhole bh) throws IOException, ServletException {
    request.recycle();
    response.recycle();
    ServletStubs.NO_OP_CHAIN.doFilter(request, response);
    bh.consume(response.headerCount());
  }

  /**
   * Bulwark's {@code CorsFilter} answering the preflight.
   *
   * @param bh consumes the result
   * @throws IOException never
   * @throws ServletException never
   */
  @Benchmark
  public void bulwark(Blackhole bh) throws IOException, ServletException {
    run(bulwark);
    bh.consume(response.getStatus());
    bh.consume(response.headerCount());
  }

  /**
   * Spring's {@code CorsFilter} answering the preflight.
   *
   * @param bh consumes the result
   * @throws IOException never
   * @throws ServletException never
   */
  @Benchmark
  public void spring(Blackhole bh) throws IOException, ServletException {
    run(spring);
    bh.consume(response.getStatus());
    bh.consume(response.headerCount());
  }
}
