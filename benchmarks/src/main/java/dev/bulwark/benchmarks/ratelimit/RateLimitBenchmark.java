package dev.bulwark.benchmarks.ratelimit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.bulwark.event.SecurityEventPublisher;
import dev.bulwark.ratelimit.InMemoryRateLimitStore;
import dev.bulwark.ratelimit.Limit;
import dev.bulwark.ratelimit.RateLimitPolicy;
import dev.bulwark.ratelimit.RateLimitRequest;
import dev.bulwark.ratelimit.RateLimitRule;
import dev.bulwark.ratelimit.RateLimiter;
import dev.bulwark.ratelimit.servlet.RateLimitFilter;
import dev.bulwark.web.ClientIpResolver;
import dev.bulwark.web.HeaderSource;
import dev.bulwark.web.ResolvedClient;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One admitted request, several ways, over 1,024 client addresses in rotation: Bulwark's engine on
 * a client already resolved (what {@code ClientIpFilter} leaves in the request for every later
 * filter: rule match, key, bounded store lookup, two limits, decision), the same engine with the
 * address parsed first, Bulwark's servlet filter (engine plus draft-11 header fields), raw Bucket4j
 * {@code tryConsume} on a pre-resolved bucket (the floor), and Tomcat's {@code RateLimitFilter}.
 * Limits are high enough that nothing is rejected: this measures the decision, not the 429 path.
 *
 * <p>The servlet stubs are plain wrappers with the few methods the filters call written out, so
 * that the stubs cost a few nanoseconds rather than a reflective proxy call per method (the wrapped
 * proxy only answers what neither filter calls on its hot path).
 *
 * <p>Needs in the benchmarks pom: {@code bulwark-ratelimit}, {@code tomcat-embed-core} and {@code
 * jakarta.servlet-api} (compile scope).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class RateLimitBenchmark {

  private static final int CLIENTS = 1024;
  private static final HeaderSource NO_HEADERS = name -> List.of();
  private static final FilterChain PASS = (req, res) -> {};

  private final String[] addresses = new String[CLIENTS];
  private final ResolvedClient[] clients = new ResolvedClient[CLIENTS];
  private final HttpServletRequest[] requests = new HttpServletRequest[CLIENTS];
  private final Bucket[] buckets = new Bucket[CLIENTS];
  private final String[] storeKeys = new String[CLIENTS];
  private InMemoryRateLimitStore store;
  private Cache<String, Bucket> fixedExpiry;
  private final ConcurrentHashMap<String, Bucket> unboundedMap = new ConcurrentHashMap<>();
  private Cache<String, Bucket> boundedByCaffeine;
  private BucketConfiguration configuration;
  private final StubResponse response =
      new StubResponse(stub(HttpServletResponse.class, Map.of("getStatus", 200)));
  private final ClientIpResolver resolver = ClientIpResolver.direct();
  private RateLimiter limiter;
  private RateLimitFilter bulwarkFilter;
  private org.apache.catalina.filters.RateLimitFilter tomcatFilter;
  private int next;

  @SuppressWarnings("unchecked")
  private static <T> T stub(Class<T> type, Map<String, Object> answers) {
    return (T)
        Proxy.newProxyInstance(
            type.getClassLoader(),
            new Class<?>[] {type},
            (proxy, method, args) -> {
              Object a = answers.get(method.getName());
              if (a != null) {
                return a;
              }
              Class<?> r = method.getReturnType();
              if (r == boolean.class) {
                return false;
              }
              if (r == int.class) {
                return 0;
              }
              if (r == long.class) {
                return 0L;
              }
              if (r == java.util.Enumeration.class) {
                return Collections.emptyEnumeration();
              }
              return null;
            });
  }

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    limiter =
        RateLimiter.builder(
                RateLimitPolicy.of(
                    RateLimitRule.builder("api")
                        .paths("/api/**")
                        .limit(Limit.of("burst", 1_000_000_000L, Duration.ofSeconds(1)))
                        .limit(Limit.of("hourly", 1_000_000_000_000L, Duration.ofHours(1)))
                        .build()))
            .store(InMemoryRateLimitStore.builder().maxKeys(100_000).build())
            .events(SecurityEventPublisher.of(e -> {}))
            .build();
    bulwarkFilter = new RateLimitFilter(limiter);
    store = InMemoryRateLimitStore.builder().maxKeys(100_000).build();
    fixedExpiry =
        Caffeine.newBuilder().maximumSize(100_000).expireAfterAccess(Duration.ofHours(1)).build();
    boundedByCaffeine =
        Caffeine.newBuilder().maximumSize(100_000).expireAfterAccess(Duration.ofHours(1)).build();
    configuration =
        new BucketConfiguration(
            List.of(
                Bandwidth.builder()
                    .capacity(1_000_000_000L)
                    .refillGreedy(1_000_000_000L, Duration.ofSeconds(1))
                    .build(),
                Bandwidth.builder()
                    .capacity(1_000_000_000_000L)
                    .refillGreedy(1_000_000_000_000L, Duration.ofHours(1))
                    .build()));
    for (int i = 0; i < CLIENTS; i++) {
      addresses[i] = "198.51." + (100 + i / 256) + "." + (i % 256);
      clients[i] = resolver.resolve(addresses[i], false, "localhost", NO_HEADERS);
      storeKeys[i] = "api:ip:" + clients[i].rateLimitKey();
      fixedExpiry.put(storeKeys[i], store.bucket(storeKeys[i], configuration, Duration.ofHours(1)));
      unboundedMap.put(storeKeys[i], twoLimitBucket());
      boundedByCaffeine.put(storeKeys[i], twoLimitBucket());
      requests[i] =
          new StubRequest(stub(HttpServletRequest.class, Map.of()), addresses[i], "/api/items");
      buckets[i] =
          Bucket.builder()
              .addLimit(
                  b ->
                      b.capacity(1_000_000_000L)
                          .refillGreedy(1_000_000_000L, Duration.ofSeconds(1)))
              .addLimit(
                  b ->
                      b.capacity(1_000_000_000_000L)
                          .refillGreedy(1_000_000_000_000L, Duration.ofHours(1)))
              .build();
    }
    tomcatFilter = new org.apache.catalina.filters.RateLimitFilter();
    Map<String, String> params = Map.of("bucketRequests", "1000000000", "bucketDuration", "60");
    ServletContext context = stub(ServletContext.class, Map.of());
    tomcatFilter.init(
        new FilterConfig() {
          @Override
          public String getFilterName() {
            return "tomcat";
          }

          @Override
          public ServletContext getServletContext() {
            return context;
          }

          @Override
          public String getInitParameter(String name) {
            return params.get(name);
          }

          @Override
          public java.util.Enumeration<String> getInitParameterNames() {
            return Collections.enumeration(params.keySet());
          }
        });
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    tomcatFilter.destroy();
    limiter.close();
  }

  private int nextClient() {
    next = (next + 1) & (CLIENTS - 1);
    return next;
  }

  /**
   * Bulwark's engine on a resolved client (as ClientIpFilter shares it): match the rule, key it,
   * find the bucket, consume.
   */
  @Benchmark
  public boolean bulwarkEngine() {
    RateLimitRequest r =
        new RateLimitRequest("GET", "/api/items", clients[nextClient()], null, NO_HEADERS);
    return limiter.evaluate(r).allowed();
  }

  /** The same, parsing and canonicalising the socket address first (core's ClientIpResolver). */
  @Benchmark
  public boolean bulwarkEngineWithAddressParsing() {
    int i = nextClient();
    RateLimitRequest r =
        new RateLimitRequest(
            "GET",
            "/api/items",
            resolver.resolve(addresses[i], false, "localhost", NO_HEADERS),
            null,
            NO_HEADERS);
    return limiter.evaluate(r).allowed();
  }

  /** Core's ClientIpResolver alone on the socket address, to split the row above. */
  @Benchmark
  public ResolvedClient addressParsingOnly() {
    return resolver.resolve(addresses[nextClient()], false, "localhost", NO_HEADERS);
  }

  /** Bulwark's servlet filter, headers included, on stubs. */
  @Benchmark
  public void bulwarkFilter() throws Exception {
    bulwarkFilter.doFilter(requests[nextClient()], response, PASS);
  }

  /** The floor: Bucket4j on a bucket already looked up. */
  @Benchmark
  public boolean rawBucket4jTryConsume() {
    return buckets[nextClient()].tryConsume(1);
  }

  /**
   * Part of the engine: Bucket4j's verbose consumption (the state of every limit, which the
   * RateLimit field needs), on a bucket already looked up.
   */
  @Benchmark
  public Object partBucket4jVerboseTryConsume() {
    return buckets[nextClient()].asVerbose().tryConsumeAndReturnRemaining(1);
  }

  /** Part of the engine: the bounded store's lookup of a known key, the key built per request. */
  @Benchmark
  public Bucket partStoreLookupFreshKey() {
    int i = nextClient();
    return store.bucket(
        "api:ip:".concat(clients[i].rateLimitKey()), configuration, Duration.ofHours(1));
  }

  /** The same lookup with a key string reused (its hash cached): the concatenation and hash. */
  @Benchmark
  public Bucket partStoreLookupReusedKey() {
    return store.bucket(storeKeys[nextClient()], configuration, Duration.ofHours(1));
  }

  /**
   * For comparison with the row above: the same bound in a Caffeine cache with one fixed
   * expire-after-access instead of the store's per-entry (variable) expiry.
   */
  @Benchmark
  public Bucket partCaffeineFixedExpiryReusedKey() {
    return fixedExpiry.getIfPresent(storeKeys[nextClient()]);
  }

  /**
   * Raw Bucket4j with key resolution, the way a hand-written limiter does it: the key built per
   * request, the bucket found in a plain ConcurrentHashMap (unbounded: the leak a flood of
   * addresses exploits), then {@code tryConsume}.
   */
  @Benchmark
  public boolean rawBucket4jKeyedInConcurrentHashMap() {
    String key = "api:ip:".concat(clients[nextClient()].rateLimitKey());
    Bucket b = unboundedMap.get(key);
    if (b == null) {
      b = unboundedMap.computeIfAbsent(key, k -> twoLimitBucket());
    }
    return b.tryConsume(1);
  }

  /**
   * Raw Bucket4j with key resolution and bounded memory: the key built per request, the bucket
   * found in a Caffeine cache with a size bound and a fixed idle expiry, then {@code tryConsume}.
   */
  @Benchmark
  public boolean rawBucket4jKeyedInBoundedCaffeine() {
    String key = "api:ip:".concat(clients[nextClient()].rateLimitKey());
    Bucket b = boundedByCaffeine.getIfPresent(key);
    if (b == null) {
      b = boundedByCaffeine.get(key, k -> twoLimitBucket());
    }
    return b.tryConsume(1);
  }

  private static Bucket twoLimitBucket() {
    return Bucket.builder()
        .addLimit(
            b -> b.capacity(1_000_000_000L).refillGreedy(1_000_000_000L, Duration.ofSeconds(1)))
        .addLimit(
            b ->
                b.capacity(1_000_000_000_000L)
                    .refillGreedy(1_000_000_000_000L, Duration.ofHours(1)))
        .build();
  }

  /** Tomcat 10.1's RateLimitFilter (fixed window keyed on the raw remote address), on stubs. */
  @Benchmark
  public void tomcatRateLimitFilter() throws Exception {
    tomcatFilter.doFilter(requests[nextClient()], response, PASS);
  }

  /** A GET request from one address; answers directly what the filters call per request. */
  private static final class StubRequest extends HttpServletRequestWrapper {
    private final String remoteAddr;
    private final String servletPath;

    StubRequest(HttpServletRequest delegate, String remoteAddr, String servletPath) {
      super(delegate);
      this.remoteAddr = remoteAddr;
      this.servletPath = servletPath;
    }

    @Override
    public String getRemoteAddr() {
      return remoteAddr;
    }

    @Override
    public String getMethod() {
      return "GET";
    }

    @Override
    public String getServletPath() {
      return servletPath;
    }

    @Override
    public String getPathInfo() {
      return null;
    }

    @Override
    public String getRequestURI() {
      return servletPath;
    }

    @Override
    public String getContextPath() {
      return "";
    }

    @Override
    public Object getAttribute(String name) {
      return null;
    }

    @Override
    public void setAttribute(String name, Object o) {}

    @Override
    public String getHeader(String name) {
      return null;
    }

    @Override
    public Enumeration<String> getHeaders(String name) {
      return Collections.emptyEnumeration();
    }

    @Override
    public boolean isSecure() {
      return false;
    }

    @Override
    public String getServerName() {
      return "localhost";
    }

    @Override
    public java.security.Principal getUserPrincipal() {
      return null;
    }

    @Override
    public boolean isAsyncStarted() {
      return false;
    }
  }

  /** A response that keeps the last header written, so the JIT cannot drop the work. */
  private static final class StubResponse extends HttpServletResponseWrapper {
    String lastName;
    String lastValue;

    StubResponse(HttpServletResponse delegate) {
      super(delegate);
    }

    @Override
    public void setHeader(String name, String value) {
      lastName = name;
      lastValue = value;
    }

    @Override
    public void addHeader(String name, String value) {
      lastName = name;
      lastValue = value;
    }

    @Override
    public void setIntHeader(String name, int value) {
      lastName = name;
    }

    @Override
    public int getStatus() {
      return 200;
    }
  }
}
