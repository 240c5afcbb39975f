package dev.bulwark.mfa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.event.Outcome;
import dev.bulwark.event.SecurityEvent;
import dev.bulwark.event.SecurityEventPublisher;
import dev.bulwark.event.SecurityEventType;
import dev.bulwark.mfa.TotpAuthenticator.TotpResult;
import dev.bulwark.password.PasswordHasher;
import dev.bulwark.testing.MutableClock;
import dev.bulwark.web.ConfigurationException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class TotpAuthenticatorEventsTest {

  private static final PasswordHasher FAST = PasswordHasher.builder().bcrypt(10).build();
  private static final String CLIENT = "203.0.113.7";

  private final MutableClock clock = new MutableClock(Instant.parse("2026-12-07T10:00:00Z"));
  private final TotpPolicy policy = TotpPolicy.builder("Acme Mail").clock(clock).build();
  private final TotpSecretEncryption encryption =
      TotpSecretEncryption.withKeys("k1", Map.of("k1", new byte[32]));
  private final InMemoryMfaStore store = new InMemoryMfaStore();
  private final List<SecurityEvent> events = new CopyOnWriteArrayList<>();
  private final TotpAuthenticator totp =
      TotpAuthenticator.builder(policy, encryption, store, FAST)
          .events(SecurityEventPublisher.of(events::add))
          .build();

  /** Everything secret the test handed to or got from the authenticator. */
  private final List<String> secrets = new ArrayList<>();

  private String appCode(TotpEnrollment e) {
    String code =
        TotpAuthenticator.generator(e.secretBase32().getBytes(StandardCharsets.US_ASCII), policy)
            .at(clock.instant().getEpochSecond());
    secrets.add(code);
    return code;
  }

  private SecurityEvent last() {
    assertThat(events).isNotEmpty();
    return events.get(events.size() - 1);
  }

  private void assertLast(SecurityEventType type, Outcome outcome, String... details) {
    SecurityEvent e = last();
    assertThat(e.type()).isEqualTo(type);
    assertThat(e.outcome()).isEqualTo(outcome);
    assertThat(e.subject()).isEqualTo("alice");
    assertThat(e.client()).isEqualTo(CLIENT);
    assertThat(e.time()).isEqualTo(clock.instant());
    for (int i = 0; i < details.length; i += 2) {
      assertThat(e.details()).containsEntry(details[i], details[i + 1]);
    }
  }

  @Test
  void everyOutcome_emitsItsEvent_withSubjectAndClient_andNoCodeOrSecret() {
    TotpEnrollment e = totp.startEnrollment("alice", "alice@example.com");
    secrets.add(e.secretBase32());
    secrets.add(store.pending("alice").orElseThrow());
    assertThat(events).as("starting an enrolment changes nothing yet").isEmpty();

    assertThat(totp.confirmEnrollment("alice", "000000", CLIENT)).isEmpty();
    assertLast(MfaEvents.FAILED, Outcome.FAILURE, "operation", "confirm", "reason", "wrong_code");

    List<String> recovery = totp.confirmEnrollment("alice", appCode(e), CLIENT).orElseThrow();
    secrets.addAll(recovery);
    secrets.add(store.totp("alice").orElseThrow().sealedSecret());
    assertLast(MfaEvents.ENROLLED, Outcome.SUCCESS, "method", "totp", "recoveryCodes", "10");

    clock.advance(Duration.ofSeconds(30));
    String code = appCode(e);
    assertThat(totp.verify("alice", code, CLIENT)).isEqualTo(TotpResult.ACCEPTED);
    assertLast(MfaEvents.VERIFIED, Outcome.SUCCESS, "method", "totp");

    assertThat(totp.verify("alice", code, CLIENT)).isEqualTo(TotpResult.REPLAYED);
    assertLast(MfaEvents.CODE_REPLAYED, Outcome.DENIED, "method", "totp");

    String wrong = code.equals("123456") ? "654321" : "123456";
    secrets.add(wrong);
    assertThat(totp.verify("alice", wrong, CLIENT)).isEqualTo(TotpResult.REJECTED);
    assertLast(MfaEvents.FAILED, Outcome.FAILURE, "operation", "verify", "reason", "wrong_code");

    assertThat(totp.useRecoveryCode("alice", recovery.get(0), CLIENT)).isTrue();
    assertLast(MfaEvents.RECOVERY_USED, Outcome.SUCCESS, "method", "recovery");

    assertThat(totp.useRecoveryCode("alice", recovery.get(0), CLIENT)).isFalse();
    assertLast(
        MfaEvents.FAILED,
        Outcome.FAILURE,
        "method",
        "recovery",
        "operation",
        "recovery",
        "reason",
        "wrong_code");

    totp.disable("alice", CLIENT);
    assertLast(MfaEvents.DISABLED, Outcome.SUCCESS);

    assertThat(totp.verify("alice", appCode(e), CLIENT)).isEqualTo(TotpResult.NOT_ENROLLED);
    assertLast(MfaEvents.FAILED, Outcome.FAILURE, "operation", "verify", "reason", "not_enrolled");

    assertThat(totp.confirmEnrollment("alice", appCode(e), CLIENT)).isEmpty();
    assertLast(
        MfaEvents.FAILED,
        Outcome.FAILURE,
        "operation",
        "confirm",
        "reason",
        "no_pending_enrolment");

    assertThat(events)
        .extracting(SecurityEvent::type)
        .contains(
            MfaEvents.ENROLLED,
            MfaEvents.VERIFIED,
            MfaEvents.FAILED,
            MfaEvents.CODE_REPLAYED,
            MfaEvents.RECOVERY_USED,
            MfaEvents.DISABLED);
    assertThat(secrets).hasSizeGreaterThan(15).allMatch(s -> s.length() >= 6);
    for (SecurityEvent ev : events) {
      String text =
          ev.type() + " " + ev.client() + " " + ev.subject() + " " + ev.details() + " " + ev;
      for (String secret : secrets) {
        assertThat(text).as(ev.type() + " holds a code or secret").doesNotContain(secret);
        // recovery codes are typed in any case and with spaces; neither spelling may appear
        assertThat(text)
            .doesNotContain(secret.toUpperCase())
            .doesNotContain(secret.replace("-", ""));
      }
    }
  }

  @Test
  void withoutAClient_theEventsHaveNone_andTheTwoArgumentMethodsStillWork() {
    TotpAuthenticator plain = TotpAuthenticator.create(policy, encryption, store, FAST);
    assertThat(plain.verify("bob", "123456")).isEqualTo(TotpResult.NOT_ENROLLED);
    TotpEnrollment e = totp.startEnrollment("bob", "bob@example.com");
    List<String> recovery = totp.confirmEnrollment("bob", appCode(e)).orElseThrow();
    assertThat(totp.useRecoveryCode("bob", recovery.get(1))).isTrue();
    clock.advance(Duration.ofSeconds(30));
    assertThat(totp.verify("bob", appCode(e))).isEqualTo(TotpResult.ACCEPTED);
    totp.disable("bob");
    assertThat(events).hasSize(4).allSatisfy(ev -> assertThat(ev.client()).isNull());
    assertThat(events).allSatisfy(ev -> assertThat(ev.subject()).isEqualTo("bob"));
  }

  @Test
  void storeFailure_throws_andEmitsAnErrorEvent_neverAnAcceptance() {
    MfaStore down =
        (MfaStore)
            Proxy.newProxyInstance(
                MfaStore.class.getClassLoader(),
                new Class<?>[] {MfaStore.class},
                (proxy, method, args) -> {
                  if (method.getDeclaringClass() == Object.class) {
                    return "a store that is down";
                  }
                  throw new MfaException("the store is down");
                });
    TotpAuthenticator t =
        TotpAuthenticator.builder(policy, encryption, down, FAST)
            .events(SecurityEventPublisher.of(events::add))
            .build();
    assertThatThrownBy(() -> t.verify("alice", "123456", CLIENT)).isInstanceOf(MfaException.class);
    assertLast(MfaEvents.FAILED, Outcome.ERROR, "operation", "verify", "reason", "unavailable");
    assertThatThrownBy(() -> t.useRecoveryCode("alice", "abcd-efgh-ijkm-npqr", CLIENT))
        .isInstanceOf(MfaException.class);
    assertLast(MfaEvents.FAILED, Outcome.ERROR, "operation", "recovery", "reason", "unavailable");
    assertThatThrownBy(() -> t.confirmEnrollment("alice", "123456", CLIENT))
        .isInstanceOf(MfaException.class);
    assertLast(MfaEvents.FAILED, Outcome.ERROR, "operation", "confirm", "reason", "unavailable");
    assertThatThrownBy(() -> t.disable("alice", CLIENT)).isInstanceOf(MfaException.class);
    assertLast(MfaEvents.FAILED, Outcome.ERROR, "operation", "disable", "reason", "unavailable");
    assertThat(events)
        .extracting(SecurityEvent::type)
        .doesNotContain(MfaEvents.VERIFIED, MfaEvents.RECOVERY_USED, MfaEvents.DISABLED);
  }

  @Test
  void aListenerThatThrows_doesNotBreakVerification() {
    TotpAuthenticator t =
        TotpAuthenticator.builder(policy, encryption, store, FAST)
            .events(
                SecurityEventPublisher.of(
                    ev -> {
                      throw new IllegalStateException("listener bug");
                    }))
            .build();
    TotpEnrollment e = t.startEnrollment("carol", "carol@example.com");
    assertThat(t.confirmEnrollment("carol", appCode(e))).isPresent();
    clock.advance(Duration.ofSeconds(30));
    assertThat(t.verify("carol", appCode(e))).isEqualTo(TotpResult.ACCEPTED);
  }

  @Test
  void builder_eventsIsSetOnce() {
    TotpAuthenticator.Builder b =
        TotpAuthenticator.builder(policy, encryption, store, FAST)
            .events(SecurityEventPublisher.logging());
    assertThatThrownBy(() -> b.events(SecurityEventPublisher.logging()))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("events");
  }
}
