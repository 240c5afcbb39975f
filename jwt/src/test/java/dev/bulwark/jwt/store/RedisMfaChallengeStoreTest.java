package dev.bulwark.jwt.store;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.jwt.MfaChallengeStore;
import dev.bulwark.jwt.TokenStoreException;
import dev.bulwark.testing.MutableClock;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.embedded.RedisServer;

/** The mfa-challenge contract on a real Redis, started from a Maven artifact on a free port. */
class RedisMfaChallengeStoreTest extends MfaChallengeStoreContract {

  private static RedisServer server;
  private static RedisClient client;
  private static StatefulRedisConnection<String, String> connection;

  @BeforeAll
  static void startRedis() throws Exception {
    int port = RedisTokenStoreTest.freePort();
    server = new RedisServer(port);
    server.start();
    client = RedisClient.create(RedisURI.builder().withHost("127.0.0.1").withPort(port).build());
    connection = client.connect();
    connection.setTimeout(Duration.ofSeconds(5));
  }

  @AfterAll
  static void stopRedis() throws Exception {
    if (connection != null) {
      connection.close();
    }
    if (client != null) {
      client.shutdown();
    }
    if (server != null) {
      server.stop();
    }
  }

  @Override
  protected MfaChallengeStore newStore(MutableClock clock) {
    return RedisMfaChallengeStore.create(connection);
  }

  @Test
  void redisDown_failsClosedWithStoreException() throws Exception {
    int port = RedisTokenStoreTest.freePort();
    RedisServer other = new RedisServer(port);
    other.start();
    RedisClient c =
        RedisClient.create(RedisURI.builder().withHost("127.0.0.1").withPort(port).build());
    StatefulRedisConnection<String, String> conn = c.connect();
    conn.setTimeout(Duration.ofSeconds(1));
    RedisMfaChallengeStore store = RedisMfaChallengeStore.create(conn);
    other.stop();
    try {
      assertThatThrownBy(() -> store.consume("k", clock.instant()))
          .isInstanceOf(TokenStoreException.class);
      assertThatThrownBy(() -> store.find("k", clock.instant()))
          .isInstanceOf(TokenStoreException.class);
    } finally {
      conn.close();
      c.shutdown();
    }
  }
}
