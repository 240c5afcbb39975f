package dev.bulwark.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulwark.jwt.AccessTokenDenylist;
import dev.bulwark.jwt.RefreshTokenStore;
import dev.bulwark.jwt.store.RedisAccessTokenDenylist;
import dev.bulwark.jwt.store.RedisRefreshTokenStore;
import dev.bulwark.ratelimit.BruteForceStore;
import dev.bulwark.ratelimit.RateLimitStore;
import dev.bulwark.ratelimit.redis.RedisBruteForceStore;
import dev.bulwark.ratelimit.redis.RedisRateLimitStore;
import dev.bulwark.spring.boot.testapp.StarterApp;
import io.lettuce.core.RedisClient;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import redis.embedded.RedisServer;

/**
 * {@code bulwark.redis.url} against a real redis-server: the stores move to Redis, the health
 * indicator follows it, and two instances of one application enforce one rate limit and one
 * revocation.
 */
class RedisStoresTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private static final Path KEYS = TestKeyFile.create();
  private static int port;
  private static RedisServer redis;

  @BeforeAll
  static void startRedis() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    redis = new RedisServer(port);
    redis.start();
  }

  @AfterAll
  static void stopRedis() throws IOException {
    redis.stop();
  }

  private static String url() {
    return "redis://127.0.0.1:" + port;
  }

  private final WebApplicationContextRunner runner =
      new WebApplicationContextRunner()
          .withConfiguration(
              AutoConfigurations.of(
                  BulwarkRedisAutoConfiguration.class,
                  BulwarkAutoConfiguration.class,
                  BulwarkJwtAutoConfiguration.class))
          .withPropertyValues(
              "bulwark.jwt.keys-file=" + KEYS,
              "bulwark.jwt.issuer=https://auth.example.com",
              "bulwark.jwt.audience=api");

  @Test
  void theUrl_movesEveryStoreToRedis_andTheHealthIndicatorFollowsIt() {
    runner
        .withPropertyValues("bulwark.redis.url=" + url())
        .run(
            ctx -> {
              assertThat(ctx.getBean(RateLimitStore.class)).isInstanceOf(RedisRateLimitStore.class);
              assertThat(ctx.getBean(BruteForceStore.class))
                  .isInstanceOf(RedisBruteForceStore.class);
              assertThat(ctx.getBean(RefreshTokenStore.class))
                  .isInstanceOf(RedisRefreshTokenStore.class);
              assertThat(ctx.getBean(AccessTokenDenylist.class))
                  .isInstanceOf(RedisAccessTokenDenylist.class);
              HealthIndicator health = ctx.getBean("bulwarkRedis", HealthIndicator.class);
              assertThat(health.health().getStatus()).isEqualTo(Status.UP);
            });
  }

  @Test
  void withoutLettuce_orWithoutTheUrl_theStoresStayInMemory() {
    runner
        .withPropertyValues("bulwark.redis.url=" + url())
        .withClassLoader(new FilteredClassLoader(RedisClient.class))
        .run(
            ctx -> {
              assertThat(ctx).hasNotFailed().doesNotHaveBean("bulwarkRedis");
              assertThat(ctx.getBean(AccessTokenDenylist.class))
                  .isNotInstanceOf(RedisAccessTokenDenylist.class);
            });
    runner.run(ctx -> assertThat(ctx).doesNotHaveBean(RedisClient.class));
  }

  @Test
  void aBadUrl_stopsStartUp_withoutShowingIt() {
    runner
        .withPropertyValues("bulwark.redis.url=redis://:s3cret@[broken")
        .run(
            ctx ->
                assertThat(ctx)
                    .hasFailed()
                    .getFailure()
                    .rootCause()
                    .hasMessageContaining("'bulwark.redis': setting 'url' does not parse")
                    .hasMessageNotContaining("s3cret"));
  }

  @Test
  void twoInstances_shareOneRateLimit_andALogoutOnOneEndsTheTokenOnTheOther() throws Exception {
    try (ConfigurableApplicationContext a = instance();
        ConfigurableApplicationContext b = instance()) {
      int pa = ((WebServerApplicationContext) a).getWebServer().getPort();
      int pb = ((WebServerApplicationContext) b).getWebServer().getPort();
      // burst=3/1m on /limited: two on A and one on B use it up for both
      assertThat(get(pa, "/limited", null).statusCode()).isEqualTo(200);
      assertThat(get(pa, "/limited", null).statusCode()).isEqualTo(200);
      assertThat(get(pb, "/limited", null).statusCode()).isEqualTo(200);
      assertThat(get(pb, "/limited", null).statusCode()).isEqualTo(429);
      assertThat(get(pa, "/limited", null).statusCode()).isEqualTo(429);

      HttpResponse<String> login =
          HTTP.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + pa + "/auth/login"))
                  .header("Content-Type", "application/json")
                  .POST(
                      HttpRequest.BodyPublishers.ofString(
                          "{\"username\":\"alice\",\"password\":\""
                              + StarterApp.ALICE_PASSWORD
                              + "\"}"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
      JsonNode pair = JSON.readTree(login.body());
      String token = pair.get("access_token").asText();
      assertThat(get(pb, "/api/me", token).statusCode()).isEqualTo(200);

      HttpResponse<String> logout =
          HTTP.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + pa + "/auth/logout"))
                  .header("Authorization", "Bearer " + token)
                  .header("Content-Type", "application/json")
                  .POST(
                      HttpRequest.BodyPublishers.ofString(
                          JSON.writeValueAsString(
                              JSON.createObjectNode()
                                  .put("refresh_token", pair.get("refresh_token").asText()))))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(logout.statusCode()).as(logout.body()).isBetween(200, 204);
      assertThat(get(pb, "/api/me", token).statusCode()).isEqualTo(401);
    }
  }

  private static ConfigurableApplicationContext instance() {
    return new SpringApplicationBuilder(StarterApp.class)
        .properties(
            "server.port=0",
            "spring.main.banner-mode=off",
            "bulwark.redis.url=" + url(),
            "bulwark.rate-limit.paths=/limited",
            "bulwark.rate-limit.limits=burst=3/1m",
            "bulwark.jwt.keys-file=" + KEYS,
            "bulwark.jwt.issuer=https://auth.example.com",
            "bulwark.jwt.audience=api")
        .run();
  }

  private static HttpResponse<String> get(int port, String path, String token) throws Exception {
    HttpRequest.Builder r =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(10));
    if (token != null) {
      r.header("Authorization", "Bearer " + token);
    }
    return HTTP.send(r.build(), HttpResponse.BodyHandlers.ofString());
  }
}
