package dev.bulwark.jwt.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.jwt.AccessTokenDenylist;
import dev.bulwark.jwt.AccessTokenIssuer;
import dev.bulwark.jwt.AccessTokenVerifier;
import dev.bulwark.jwt.InvalidTokenException;
import dev.bulwark.jwt.KeyRing;
import dev.bulwark.jwt.KeySet;
import dev.bulwark.jwt.RefreshTokenStore;
import dev.bulwark.jwt.RejectionReason;
import dev.bulwark.jwt.TestKeys;
import dev.bulwark.jwt.TokenStoreException;
import dev.bulwark.testing.MutableClock;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.embedded.RedisServer;

/** The store contract on a real Redis, started from a Maven artifact on a free port. */
class RedisTokenStoreTest extends TokenStoreContract {

  private static RedisServer server;
  private static RedisClient client;
  private static StatefulRedisConnection<String, String> connection;
  // another server's connection to the same Redis
  private static StatefulRedisConnection<String, String> otherConnection;

  static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  @BeforeAll
  static void startRedis() throws Exception {
    int port = freePort();
    server = new RedisServer(port);
    server.start();
    client = RedisClient.create(RedisURI.builder().withHost("127.0.0.1").withPort(port).build());
    connection = client.connect();
    connection.setTimeout(Duration.ofSeconds(5));
    otherConnection = client.connect();
    otherConnection.setTimeout(Duration.ofSeconds(5));
  }

  @AfterAll
  static void stopRedis() throws Exception {
    if (connection != null) {
      connection.close();
    }
    if (otherConnection != null) {
      otherConnection.close();
    }
    if (client != null) {
      client.shutdown();
    }
    if (server != null) {
      server.stop();
    }
  }

  @Override
  protected RefreshTokenStore newStore(MutableClock clock) {
    return RedisRefreshTokenStore.create(connection);
  }

  @Override
  protected AccessTokenDenylist newDenylist(MutableClock clock) {
    return RedisAccessTokenDenylist.create(connection, RedisRefreshTokenStore.DEFAULT_PREFIX);
  }

  @Override
  protected RefreshTokenStore otherInstance(RefreshTokenStore store, MutableClock clock) {
    return RedisRefreshTokenStore.create(otherConnection);
  }

  @Override
  protected AccessTokenDenylist otherInstance(AccessTokenDenylist denylist, MutableClock clock) {
    return RedisAccessTokenDenylist.create(otherConnection, RedisRefreshTokenStore.DEFAULT_PREFIX);
  }

  @Test
  void redisDown_failsClosedWithStoreException() throws Exception {
    int port = freePort();
    RedisServer other = new RedisServer(port);
    other.start();
    RedisClient c =
        RedisClient.create(RedisURI.builder().withHost("127.0.0.1").withPort(port).build());
    try (StatefulRedisConnection<String, String> conn = c.connect()) {
      conn.setTimeout(Duration.ofSeconds(2));
      RedisRefreshTokenStore store = RedisRefreshTokenStore.create(conn);
      RedisAccessTokenDenylist denylist = RedisAccessTokenDenylist.create(conn, "x:");
      other.stop();
      assertThatThrownBy(
              () -> store.rotate("a", "b", clock.instant(), clock.instant(), Duration.ZERO))
          .isInstanceOf(TokenStoreException.class);
      assertThatThrownBy(() -> denylist.isDenied("a", clock.instant()))
          .isInstanceOf(TokenStoreException.class);
    } finally {
      c.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
  }

  @Test
  void redisOutage_failsClosedThenRecoversWhenRedisReturnsOnTheSamePort() throws Exception {
    int port = freePort();
    RedisServer redis = new RedisServer(port);
    redis.start();
    RedisClient c =
        RedisClient.create(RedisURI.builder().withHost("127.0.0.1").withPort(port).build());
    KeyRing ring = KeyRing.of(KeySet.of(List.of(TestKeys.RSA_A), null));
    String token =
        AccessTokenIssuer.builder(ring)
            .issuer(TestKeys.ISSUER)
            .audience(TestKeys.AUDIENCE)
            .build()
            .issue("alice", List.of())
            .token();
    try (StatefulRedisConnection<String, String> conn = c.connect()) {
      conn.setTimeout(Duration.ofSeconds(2));
      AccessTokenVerifier verifier =
          AccessTokenVerifier.builder(ring)
              .issuer(TestKeys.ISSUER)
              .audience(TestKeys.AUDIENCE)
              .denylist(RedisAccessTokenDenylist.create(conn, "outage:"))
              .build();
      assertThat(verifier.verify(token).subject()).isEqualTo("alice");

      redis.stop();
      assertThatThrownBy(() -> verifier.verify(token))
          .isInstanceOfSatisfying(
              InvalidTokenException.class,
              e -> assertThat(e.reason()).isEqualTo(RejectionReason.STORE_UNAVAILABLE));

      redis = new RedisServer(port);
      redis.start();
      // Lettuce reconnects by itself (backoff capped at 30 s): a generous bound, no timing claim
      long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
      boolean recovered = false;
      while (!recovered && System.nanoTime() < deadline) {
        try {
          assertThat(verifier.verify(token).subject()).isEqualTo("alice");
          recovered = true;
        } catch (InvalidTokenException e) {
          assertThat(e.reason()).isEqualTo(RejectionReason.STORE_UNAVAILABLE);
          // a real server and a real client reconnecting: no clock to move, so poll gently
          Thread.sleep(250);
        }
      }
      assertThat(recovered).as("still failing 90 s after Redis came back").isTrue();
    } finally {
      c.shutdown(Duration.ZERO, Duration.ofSeconds(2));
      redis.stop();
    }
  }
}
