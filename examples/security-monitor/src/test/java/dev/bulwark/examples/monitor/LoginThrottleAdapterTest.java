package dev.bulwark.examples.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.event.SecurityEventPublisher;
import dev.bulwark.jwt.LoginThrottle;
import dev.bulwark.jwt.TokenStoreException;
import dev.bulwark.ratelimit.BruteForceGuard;
import dev.bulwark.ratelimit.BruteForcePolicy;
import dev.bulwark.ratelimit.redis.RedisBruteForceStore;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The demo's adapter from the brute-force guard to the login throttle. */
class LoginThrottleAdapterTest {

  @Test
  void guardLockingAnAccount_becomesRejectAsInvalidCredentials() {
    LoginThrottle t =
        SecurityMonitor.throttle(
            BruteForceGuard.create(
                BruteForcePolicy.builder().maxUsernameFailures(1).build(),
                SecurityEventPublisher.of(e -> {})));
    assertThat(t.check("alice", "198.51.100.1")).isEqualTo(LoginThrottle.Decision.PROCEED);
    t.recordFailure("alice", "198.51.100.1");
    assertThat(t.check("alice", null).action())
        .isEqualTo(LoginThrottle.Action.REJECT_AS_INVALID_CREDENTIALS);
  }

  @Test
  void guardWhoseRedisIsDown_becomesAStoreFailure_thatTheLoginServletAnswersWith503()
      throws Exception {
    int nothingListens;
    try (ServerSocket s = new ServerSocket(0)) {
      nothingListens = s.getLocalPort();
    }
    try (RedisBruteForceStore store =
        RedisBruteForceStore.builder("redis://127.0.0.1:" + nothingListens)
            .requestTimeout(Duration.ofMillis(200))
            .build()) {
      LoginThrottle t =
          SecurityMonitor.throttle(
              BruteForceGuard.create(
                  BruteForcePolicy.defaults(), SecurityEventPublisher.of(e -> {}), store));
      assertThatThrownBy(() -> t.check("alice", "198.51.100.1"))
          .isInstanceOf(TokenStoreException.class);
    }
  }
}
