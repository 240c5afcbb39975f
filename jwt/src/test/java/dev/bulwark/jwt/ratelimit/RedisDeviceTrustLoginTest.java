package dev.bulwark.jwt.ratelimit;

import dev.bulwark.event.SecurityEventPublisher;
import dev.bulwark.ratelimit.BruteForceGuard;
import dev.bulwark.ratelimit.BruteForcePolicy;
import dev.bulwark.ratelimit.redis.RedisBruteForceStore;
import dev.bulwark.testing.JettyContainer;
import dev.bulwark.testing.ServletContainer;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import redis.embedded.RedisServer;

/**
 * Device trust on two instances (two Jetty servers, requests alternating between them) sharing one
 * real Redis: a lock, a device's trust and its revocation taken through one hold on the other.
 */
class RedisDeviceTrustLoginTest extends DeviceTrustLoginContract {

  private static RedisServer server;
  private static int port;
  private final String prefix = "test:" + UUID.randomUUID() + ":";
  private final List<RedisBruteForceStore> stores = new ArrayList<>();

  @BeforeAll
  static void startRedis() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    server = new RedisServer(port);
    server.start();
  }

  @AfterAll
  static void stopRedis() throws Exception {
    if (server != null) {
      server.stop();
    }
  }

  @AfterEach
  void closeStores() {
    stores.forEach(RedisBruteForceStore::close);
  }

  @Override
  protected ServletContainer newContainer() {
    return new JettyContainer();
  }

  @Override
  protected BruteForceGuard newGuard(BruteForcePolicy policy, SecurityEventPublisher events) {
    RedisBruteForceStore store =
        RedisBruteForceStore.builder("redis://127.0.0.1:" + port).keyPrefix(prefix).build();
    stores.add(store);
    return BruteForceGuard.create(policy, events, store);
  }

  @Override
  protected int instances() {
    return 2;
  }
}
