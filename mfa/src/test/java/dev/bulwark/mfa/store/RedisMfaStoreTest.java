package dev.bulwark.mfa.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.mfa.MfaException;
import dev.bulwark.mfa.MfaStore;
import dev.bulwark.mfa.MfaStoreContract;
import dev.bulwark.web.ConfigurationException;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.embedded.RedisServer;

/**
 * The store contract on a real Redis, started from a Maven artifact on a free port. Each {@link
 * #newStore()} is another instance on its own connection, as two app servers would be.
 */
class RedisMfaStoreTest extends MfaStoreContract {

  private static RedisServer server;
  private static RedisClient client;

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
  }

  @AfterAll
  static void stopRedis() throws Exception {
    if (client != null) {
      client.shutdown(); // closes the connections the tests opened
    }
    if (server != null) {
      server.stop();
    }
  }

  private static StatefulRedisConnection<String, String> connect() {
    StatefulRedisConnection<String, String> c = client.connect();
    c.setTimeout(Duration.ofSeconds(5));
    return c;
  }

  @Override
  protected MfaStore newStore() {
    return RedisMfaStore.builder(connect()).build();
  }

  @Test
  void keys_ofOneSubject_shareOneHashTag_andOddSubjectsStayApart() {
    StatefulRedisConnection<String, String> c = connect();
    MfaStore s = RedisMfaStore.builder(c).keyPrefix("tag:").build();
    String braces = "{a}b}" + alice;
    s.savePending(braces, "p1");
    s.confirm(braces, "p1", 1, Map.of("aaaa", "h"));
    s.savePending("a", "p2");
    assertThat(s.totp(braces).orElseThrow().sealedSecret()).isEqualTo("p1");
    assertThat(s.pending("a")).contains("p2");
    for (String key : c.sync().keys("tag:*")) {
      String tag = key.substring(key.indexOf('{') + 1, key.indexOf('}'));
      assertThat(tag).as(key).matches("[A-Za-z0-9_-]+");
    }
    assertThat(c.sync().keys("tag:*")).hasSize(3);
    assertThatThrownBy(() -> s.totp("")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void keyPrefixes_separateApplications() {
    MfaStore one = RedisMfaStore.builder(connect()).keyPrefix("app1:mfa:").build();
    MfaStore two = RedisMfaStore.builder(connect()).keyPrefix("app2:mfa:").build();
    one.savePending(alice, "p");
    assertThat(two.pending(alice)).isEmpty();
  }

  @Test
  void builder_validatesAtOnce_setsOnce_andToStringHidesTheConnection() {
    StatefulRedisConnection<String, String> c = connect();
    for (String bad : new String[] {"", "has space", "{tag}:", "x".repeat(65), "é:"}) {
      assertThatThrownBy(() -> RedisMfaStore.builder(c).keyPrefix(bad))
          .as(bad)
          .isInstanceOf(ConfigurationException.class)
          .hasMessageContaining("keyPrefix");
    }
    RedisMfaStore.Builder b = RedisMfaStore.builder(c).keyPrefix("a:");
    assertThatThrownBy(() -> b.keyPrefix("b:"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("keyPrefix");
    assertThat(b.build().toString()).contains("keyPrefix=a:").doesNotContain("127.0.0.1");
    assertThat(RedisMfaStore.builder(c).build().toString())
        .contains("keyPrefix=" + RedisMfaStore.DEFAULT_PREFIX);
  }

  @Test
  void redisDown_failsClosedWithMfaException() throws Exception {
    int port = freePort();
    RedisServer other = new RedisServer(port);
    other.start();
    RedisClient c =
        RedisClient.create(RedisURI.builder().withHost("127.0.0.1").withPort(port).build());
    try (StatefulRedisConnection<String, String> conn = c.connect()) {
      conn.setTimeout(Duration.ofSeconds(2));
      RedisMfaStore store = RedisMfaStore.builder(conn).build();
      store.savePending("u", "p");
      store.confirm("u", "p", 1, Map.of("aaaa", "h"));
      other.stop();
      assertThatThrownBy(() -> store.markStepUsed("u", 2)).isInstanceOf(MfaException.class);
      assertThatThrownBy(() -> store.totp("u")).isInstanceOf(MfaException.class);
      assertThatThrownBy(() -> store.consumeRecoveryCode("u", "aaaa", "h"))
          .isInstanceOf(MfaException.class)
          .hasMessageContaining("consume a recovery code")
          .hasMessageNotContaining("aaaa");
    } finally {
      c.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
  }
}
