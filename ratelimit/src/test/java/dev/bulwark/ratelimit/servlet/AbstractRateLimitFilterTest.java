package dev.bulwark.ratelimit.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.event.SecurityEventPublisher;
import dev.bulwark.ratelimit.FailurePolicy;
import dev.bulwark.ratelimit.InMemoryRateLimitStore;
import dev.bulwark.ratelimit.Limit;
import dev.bulwark.ratelimit.RateLimitHeaders;
import dev.bulwark.ratelimit.RateLimitPolicy;
import dev.bulwark.ratelimit.RateLimitRule;
import dev.bulwark.ratelimit.RateLimitStore;
import dev.bulwark.ratelimit.RateLimiter;
import dev.bulwark.testing.MutableClock;
import dev.bulwark.testing.ServletContainer;
import dev.bulwark.web.ClientIpResolver;
import dev.bulwark.web.servlet.ClientIpFilter;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** RateLimitFilter over real HTTP; subclasses pick the container. */
abstract class AbstractRateLimitFilterTest {

  private final HttpClient http = HttpClient.newHttpClient();
  private final MutableClock clock = new MutableClock();
  private ServletContainer container;
  private URI base;

  abstract ServletContainer newContainer() throws Exception;

  /** Answers 200 "ok", or the status in the {@code status} query parameter. */
  static final class App extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse res) throws IOException {
      String s = req.getParameter("status");
      res.setStatus(s == null ? 200 : Integer.parseInt(s));
      res.setContentType("text/plain");
      res.getWriter().write("ok");
    }
  }

  @AfterEach
  void stop() throws Exception {
    if (container != null) {
      container.close();
    }
  }

  /** Starts the container with the app on /*, after {@code filters} adds the filters. */
  private void start(java.util.function.UnaryOperator<ServletContainer> filters) throws Exception {
    container = filters.apply(newContainer()).servlet("app", new App(), "/*").start();
    base = container.baseUri();
  }

  private RateLimiter limiter(RateLimitRule rule) {
    return RateLimiter.builder(RateLimitPolicy.of(rule))
        .store(InMemoryRateLimitStore.builder().clock(clock).build())
        .events(SecurityEventPublisher.of(e -> {}))
        .build();
  }

  private static RateLimitRule rule(long burst, long hourly) {
    return RateLimitRule.builder("api")
        .paths("/api/**")
        .limit(Limit.of("burst", burst, Duration.ofMinutes(1)))
        .limit(Limit.of("hourly", hourly, Duration.ofHours(1)))
        .build();
  }

  private void startWith(RateLimitFilter filter) throws Exception {
    start(c -> c.filter("rateLimit", filter, "/*"));
  }

  private HttpResponse<String> get(String path, String... headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).GET();
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
  }

  private int admitted(int attempts, String path, String... headers) throws Exception {
    int ok = 0;
    for (int i = 0; i < attempts; i++) {
      if (get(path, headers).statusCode() == 200) {
        ok++;
      }
    }
    return ok;
  }

  @Test
  void limitedResponse_carriesIetfDraft11FieldsThatParseAsStructuredFields() throws Exception {
    startWith(new RateLimitFilter(limiter(rule(5, 100))));
    HttpResponse<String> r = get("/api/items");
    assertThat(r.statusCode()).isEqualTo(200);
    List<StructuredFields.Item> policy =
        StructuredFields.parseList(r.headers().firstValue("RateLimit-Policy").orElseThrow());
    assertThat(policy).extracting(StructuredFields.Item::value).containsExactly("burst", "hourly");
    assertThat(policy.get(0).params()).containsEntry("q", 5L).containsEntry("w", 60L);
    assertThat(policy.get(1).params()).containsEntry("q", 100L).containsEntry("w", 3600L);
    assertThat(policy.get(0).params()).doesNotContainKey("pk");
    List<StructuredFields.Item> state =
        StructuredFields.parseList(r.headers().firstValue("RateLimit").orElseThrow());
    assertThat(state).extracting(StructuredFields.Item::value).containsExactly("burst", "hourly");
    assertThat(state.get(0).params()).containsEntry("r", 4L).containsEntry("t", 12L);
    assertThat(state.get(1).params()).containsEntry("r", 99L).containsEntry("t", 36L);
    assertThat(r.headers().firstValue("RateLimit-Limit")).isEmpty();
    assertThat(r.headers().firstValue("X-RateLimit-Limit")).isEmpty();
  }

  @Test
  void unlimitedPath_getsNoRateLimitFields() throws Exception {
    startWith(new RateLimitFilter(limiter(rule(1, 100))));
    HttpResponse<String> r = get("/public");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("RateLimit")).isEmpty();
    assertThat(admitted(5, "/public")).isEqualTo(5);
  }

  @Test
  void exhaustedBudget_gets429WithRetryAfterAndProblemJson() throws Exception {
    startWith(new RateLimitFilter(limiter(rule(2, 100))));
    assertThat(admitted(2, "/api/x")).isEqualTo(2);
    HttpResponse<String> r = get("/api/x");
    assertThat(r.statusCode()).isEqualTo(429);
    long retryAfter = Long.parseLong(r.headers().firstValue("Retry-After").orElseThrow());
    assertThat(retryAfter).isEqualTo(30);
    assertThat(r.headers().firstValue("Content-Type").orElseThrow())
        .startsWith("application/problem+json");
    assertThat(r.body()).contains("\"status\":429").contains("retry in 30 seconds");
    List<StructuredFields.Item> state =
        StructuredFields.parseList(r.headers().firstValue("RateLimit").orElseThrow());
    assertThat(state.get(0).params()).containsEntry("r", 0L);
    clock.advance(Duration.ofSeconds(30));
    assertThat(get("/api/x").statusCode()).isEqualTo(200);
  }

  @Test
  void storeDown_failsClosedWith503RetryAfterAndProblemJson() throws Exception {
    RateLimitStore broken =
        new RateLimitStore() {
          @Override
          public Bucket bucket(String key, BucketConfiguration c, Duration timeToFull) {
            throw new IllegalStateException("Redis is unreachable");
          }

          @Override
          public FailurePolicy failurePolicy() {
            return FailurePolicy.FAIL_CLOSED;
          }
        };
    startWith(
        new RateLimitFilter(
            RateLimiter.builder(RateLimitPolicy.of(rule(5, 100)))
                .store(broken)
                .events(SecurityEventPublisher.of(e -> {}))
                .build()));
    HttpResponse<String> r = get("/api/x");
    assertThat(r.statusCode()).isEqualTo(503);
    assertThat(r.headers().firstValue("Retry-After")).contains("5");
    assertThat(r.headers().firstValue("Content-Type").orElseThrow())
        .startsWith("application/problem+json");
    assertThat(r.body()).contains("\"status\":503").doesNotContain("Redis");
    assertThat(get("/public").statusCode()).isEqualTo(200);
  }

  @Test
  void noTrustedProxy_rotatingXForwardedFor_buysNoExtraRequest() throws Exception {
    startWith(new RateLimitFilter(limiter(rule(3, 100))));
    int ok = 0;
    for (int i = 0; i < 20; i++) {
      if (get("/api/x", "X-Forwarded-For", "203.0.113." + i).statusCode() == 200) {
        ok++;
      }
    }
    assertThat(ok).isEqualTo(3);
  }

  @Test
  void behindTrustedProxy_clientsAreToldApart() throws Exception {
    RateLimitFilter filter = new RateLimitFilter(limiter(rule(3, 100)));
    start(
        c ->
            c.filter(
                    "clientIp",
                    ClientIpFilter.class,
                    Map.of("trustedProxies", "127.0.0.1/32"),
                    "/*")
                .filter("rateLimit", filter, "/*"));
    assertThat(admitted(5, "/api/x", "X-Forwarded-For", "198.51.100.1")).isEqualTo(3);
    assertThat(admitted(5, "/api/x", "X-Forwarded-For", "198.51.100.2")).isEqualTo(3);
    // a client cannot escape by prepending its own entry: the right-most untrusted hop counts
    assertThat(admitted(5, "/api/x", "X-Forwarded-For", "10.9.9.9, 198.51.100.1")).isZero();
  }

  @Test
  void ipv6AddressesInOneSlash56_shareOneBudget() throws Exception {
    startWith(
        RateLimitFilter.builder(limiter(rule(3, 100)))
            .clientIpResolver(ClientIpResolver.builder().trustedProxies("127.0.0.1/32").build())
            .build());
    int ok = 0;
    for (String a :
        List.of(
            "2001:db8:1:100::1", "2001:db8:1:1ff::2", "2001:db8:1:1ab:1::3", "2001:db8:1:1ee::4")) {
      if (get("/api/x", "X-Forwarded-For", a).statusCode() == 200) {
        ok++;
      }
    }
    assertThat(ok).isEqualTo(3);
    assertThat(get("/api/x", "X-Forwarded-For", "2001:db8:1:200::1").statusCode()).isEqualTo(200);
  }

  @Test
  void countOnly401_successfulRequestsDoNotSpendTheBudget() throws Exception {
    RateLimitRule login =
        RateLimitRule.builder("login")
            .paths("/login")
            .countOnlyStatuses("401")
            .limit(Limit.of("failures", 3, Duration.ofMinutes(15)))
            .build();
    startWith(new RateLimitFilter(limiter(login)));
    assertThat(admitted(10, "/login?status=200")).isEqualTo(10);
    for (int i = 0; i < 3; i++) {
      assertThat(get("/login?status=401").statusCode()).isEqualTo(401);
    }
    assertThat(get("/login?status=200").statusCode()).isEqualTo(429);
  }

  @Test
  void legacyFormats_whenChosen_areSentAlongside() throws Exception {
    startWith(
        RateLimitFilter.builder(limiter(rule(5, 100)))
            .headers(
                RateLimitHeaders.builder()
                    .formats(
                        RateLimitHeaders.Format.IETF,
                        RateLimitHeaders.Format.DRAFT_6,
                        RateLimitHeaders.Format.X_RATELIMIT)
                    .build())
            .wallClock(clock)
            .build());
    HttpResponse<String> r = get("/api/x");
    assertThat(r.headers().firstValue("RateLimit-Limit")).contains("5");
    assertThat(r.headers().firstValue("RateLimit-Remaining")).contains("4");
    assertThat(r.headers().firstValue("RateLimit-Reset")).contains("12");
    assertThat(r.headers().firstValue("X-RateLimit-Limit")).contains("5");
    assertThat(r.headers().firstValue("X-RateLimit-Remaining")).contains("4");
    assertThat(r.headers().firstValue("X-RateLimit-Reset"))
        .contains(Long.toString(clock.instant().getEpochSecond() + 12));
    assertThat(r.headers().firstValue("RateLimit")).isPresent();
  }

  @Test
  void partitionKey_whenSecretSet_isAnHmacByteSequenceNotTheAddress() throws Exception {
    byte[] secret = new byte[32];
    secret[0] = 7;
    startWith(
        RateLimitFilter.builder(limiter(rule(5, 100)))
            .headers(RateLimitHeaders.builder().partitionKeySecret(secret).build())
            .build());
    HttpResponse<String> r = get("/api/x");
    String field = r.headers().firstValue("RateLimit").orElseThrow();
    assertThat(field).doesNotContain("127.0.0.1");
    Object pk = StructuredFields.parseList(field).get(0).params().get("pk");
    assertThat(pk).isInstanceOf(byte[].class);
    assertThat((byte[]) pk).hasSize(12);
  }

  @Test
  void webXmlInitParams_configureTheFilter() throws Exception {
    start(
        c ->
            c.filter(
                "rateLimit",
                RateLimitFilter.class,
                Map.of(
                    "rule", "limited",
                    "limits", "burst=2/1h, daily=10/1d",
                    "paths", "/limited/**",
                    "methods", "GET",
                    "headers", "ietf, draft-6"),
                "/*"));
    assertThat(admitted(5, "/limited/a")).isEqualTo(2);
    HttpResponse<String> r = get("/limited/a");
    assertThat(r.statusCode()).isEqualTo(429);
    assertThat(r.headers().firstValue("RateLimit-Remaining")).contains("0");
    assertThat(StructuredFields.parseList(r.headers().firstValue("RateLimit-Policy").orElseThrow()))
        .extracting(StructuredFields.Item::value)
        .containsExactly("burst", "daily");
    assertThat(admitted(5, "/other")).isEqualTo(5);
  }

  @Test
  void webXmlRefillInterval_givesTheWholeWindowBackAtItsEnd() throws Exception {
    start(
        c ->
            c.filter(
                "rateLimit",
                RateLimitFilter.class,
                Map.of("limits", "window=2/1d", "refill", "interval"),
                "/*"));
    assertThat(admitted(3, "/a")).isEqualTo(2);
    HttpResponse<String> r = get("/a");
    assertThat(r.statusCode()).isEqualTo(429);
    // greedy 2 per day would say 12 h; the window closes a day after the first request
    assertThat(Long.parseLong(r.headers().firstValue("Retry-After").orElseThrow()))
        .isBetween(86_300L, 86_400L);
  }
}
