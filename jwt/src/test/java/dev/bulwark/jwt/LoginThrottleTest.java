package dev.bulwark.jwt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.jwk.JWK;
import dev.bulwark.event.Outcome;
import dev.bulwark.event.SecurityEvent;
import dev.bulwark.event.SecurityEventPublisher;
import dev.bulwark.jwt.store.InMemoryAccessTokenDenylist;
import dev.bulwark.jwt.store.InMemoryRefreshTokenStore;
import dev.bulwark.testing.MutableClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class LoginThrottleTest {

  private static final String RIGHT = "correct horse battery staple";
  private final MutableClock clock = MutableClock.atFixedStart();
  private final KeyRing ring = KeyRing.of(KeySet.of(List.<JWK>of(TestKeys.RSA_A), null));
  private final AccessTokenIssuer issuer =
      AccessTokenIssuer.builder(ring)
          .issuer("https://issuer.example")
          .audience("api")
          .clock(clock)
          .build();
  private final AtomicInteger credentialChecks = new AtomicInteger();
  private final List<SecurityEvent> events = new ArrayList<>();
  private final List<String> recorded = new ArrayList<>();

  private TokenService service(LoginThrottle.Decision decision) {
    LoginThrottle throttle =
        new LoginThrottle() {
          @Override
          public Decision check(String username, String client) {
            return decision;
          }

          @Override
          public void recordFailure(String username, String client) {
            recorded.add("failure:" + username);
          }

          @Override
          public void recordSuccess(String username, String client) {
            recorded.add("success:" + username);
          }
        };
    return TokenService.builder(issuer, InMemoryRefreshTokenStore.create(100, clock))
        .clock(clock)
        .denylist(InMemoryAccessTokenDenylist.create(100, clock))
        .events(SecurityEventPublisher.of(events::add))
        .loginThrottle(throttle)
        .credentialVerifier(
            (u, p) -> {
              credentialChecks.incrementAndGet();
              return u.equals("alice") && String.valueOf(p).equals(RIGHT)
                  ? Optional.of(new AuthenticatedUser("alice", List.of("USER")))
                  : Optional.empty();
            })
        .build();
  }

  @Test
  void login_lockedAccountWithTheRightPassword_failsLikeAWrongPasswordAfterTheSameWork() {
    TokenService s =
        service(
            new LoginThrottle.Decision(
                LoginThrottle.Action.REJECT_AS_INVALID_CREDENTIALS, Duration.ZERO));
    assertThat(s.login("alice", RIGHT.toCharArray(), "192.0.2.1").tokens()).isEmpty();
    assertThat(credentialChecks).hasValue(1);
    assertThat(recorded).containsExactly("failure:alice");
    assertThat(events.get(events.size() - 1).outcome()).isEqualTo(Outcome.FAILURE);
  }

  @Test
  void login_throttledClient_isRefusedBeforeAnyCheck() {
    TokenService s =
        service(
            new LoginThrottle.Decision(
                LoginThrottle.Action.REJECT_CLIENT, Duration.ofMillis(1500)));
    char[] password = RIGHT.toCharArray();
    assertThatThrownBy(() -> s.login("alice", password, "192.0.2.1"))
        .isInstanceOfSatisfying(
            LoginThrottledException.class, e -> assertThat(e.retryAfterSeconds()).isEqualTo(2));
    assertThat(password).containsOnly('\0');
    assertThat(credentialChecks).hasValue(0);
    assertThat(events)
        .singleElement()
        .satisfies(e -> assertThat(e.outcome()).isEqualTo(Outcome.DENIED));
  }

  @Test
  void login_outcomesAreRecorded_andAFailedAttemptNamesTheAttemptedUser() {
    TokenService s = service(LoginThrottle.Decision.PROCEED);
    assertThat(s.login("alice", RIGHT.toCharArray(), "192.0.2.1").tokens()).isPresent();
    assertThat(s.login("<b>mallory</b>", "nope".toCharArray(), "192.0.2.1").tokens()).isEmpty();
    assertThat(recorded).containsExactly("success:alice", "failure:<b>mallory</b>");
    assertThat(events)
        .filteredOn(e -> e.type().equals(JwtEvents.LOGIN_FAILED))
        .singleElement()
        .satisfies(e -> assertThat(e.subject()).isEqualTo("<b>mallory</b>"));
    String longName = "x".repeat(500);
    s.login(longName, "nope".toCharArray(), null);
    assertThat(events.get(events.size() - 1).subject()).hasSize(64);
  }
}
