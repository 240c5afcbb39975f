package dev.bulwark.jwt.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.event.SecurityEventPublisher;
import dev.bulwark.jwt.LoginThrottle;
import dev.bulwark.jwt.LoginThrottle.Action;
import dev.bulwark.jwt.TokenStoreException;
import dev.bulwark.ratelimit.BruteForceGuard;
import dev.bulwark.ratelimit.BruteForcePolicy;
import dev.bulwark.ratelimit.redis.RedisBruteForceStore;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Every verdict of the guard becomes the login answer the throttle contract asks for. */
class BruteForceLoginThrottleTest {

  private static LoginThrottle throttle(BruteForcePolicy.Builder policy) {
    return BruteForceLoginThrottle.of(
        BruteForceGuard.create(policy.build(), SecurityEventPublisher.of(e -> {})));
  }

  @Test
  void aLockedAccount_isRejectedAsInvalidCredentials_withNoWaitToReveal() {
    LoginThrottle t = throttle(BruteForcePolicy.builder().maxUsernameFailures(1));
    assertThat(t.check("alice", "198.51.100.1")).isEqualTo(LoginThrottle.Decision.PROCEED);
    t.recordFailure("alice", "198.51.100.1");
    LoginThrottle.Decision d = t.check("Alice", "198.51.100.2");
    assertThat(d.action()).isEqualTo(Action.REJECT_AS_INVALID_CREDENTIALS);
    assertThat(d.retryAfter()).isZero();
  }

  @Test
  void aClientFailingAcrossAccounts_isRejectedWithTheGuardsWait() {
    LoginThrottle t = throttle(BruteForcePolicy.builder().maxClientFailures(3));
    for (int i = 0; i < 3; i++) {
      t.recordFailure("user" + i, "198.51.100.9");
    }
    LoginThrottle.Decision d = t.check("someone-else", "198.51.100.9");
    assertThat(d.action()).isEqualTo(Action.REJECT_CLIENT);
    assertThat(d.retryAfter()).isPositive();
    assertThat(t.check("someone-else", "198.51.100.10")).isEqualTo(LoginThrottle.Decision.PROCEED);
  }

  @Test
  void requestsWithoutAClientAddress_shareOneBudget() {
    LoginThrottle t = throttle(BruteForcePolicy.builder().maxClientFailures(2));
    t.recordFailure("a", null);
    t.recordFailure("b", "");
    assertThat(t.check("c", null).action()).isEqualTo(Action.REJECT_CLIENT);
  }

  @Test
  void aSuccessClearsTheAccount() {
    LoginThrottle t = throttle(BruteForcePolicy.builder().maxUsernameFailures(2));
    t.recordFailure("alice", "198.51.100.1");
    t.recordSuccess("alice", "198.51.100.1");
    t.recordFailure("alice", "198.51.100.1");
    assertThat(t.check("alice", "198.51.100.1")).isEqualTo(LoginThrottle.Decision.PROCEED);
  }

  @Test
  void aGuardWhoseRedisIsDown_becomesAStoreFailure_answered503() throws Exception {
    int nothingListens;
    try (ServerSocket s = new ServerSocket(0)) {
      nothingListens = s.getLocalPort();
    }
    try (RedisBruteForceStore store =
        RedisBruteForceStore.builder("redis://127.0.0.1:" + nothingListens)
            .requestTimeout(Duration.ofMillis(200))
            .build()) {
      LoginThrottle t =
          BruteForceLoginThrottle.of(
              BruteForceGuard.create(
                  BruteForcePolicy.defaults(), SecurityEventPublisher.of(e -> {}), store));
      assertThatThrownBy(() -> t.check("alice", "198.51.100.1"))
          .isInstanceOf(TokenStoreException.class);
    }
  }
}
