package dev.bulwark.ratelimit.redis;

import java.io.IOException;
import java.net.ServerSocket;
import redis.embedded.RedisServer;

/** A real redis-server binary (from the embedded-redis artifact) on a free port. */
final class EmbeddedRedis implements AutoCloseable {

  final int port;
  private final RedisServer server;

  EmbeddedRedis() throws IOException {
    this.port = freePort();
    this.server = new RedisServer(port);
    server.start();
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  String uri() {
    return "redis://127.0.0.1:" + port;
  }

  void stop() throws IOException {
    server.stop();
  }

  @Override
  public void close() throws IOException {
    server.stop();
  }
}
