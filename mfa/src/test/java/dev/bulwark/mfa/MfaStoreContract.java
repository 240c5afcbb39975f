package dev.bulwark.mfa;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.mfa.TotpAuthenticator.TotpResult;
import dev.bulwark.password.PasswordHasher;
import dev.bulwark.testing.MutableClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * What every {@link MfaStore} must do; each store's test subclasses it (the shared stores' tests
 * live in {@code dev.bulwark.mfa.store}, hence public). A shared store (JDBC, Redis) gets two
 * instances from {@link #newStore()} calls that share the backend. Each test works on its own
 * subject, since a shared backend outlives a test.
 */
public abstract class MfaStoreContract {

  private static final PasswordHasher FAST = PasswordHasher.builder().bcrypt(10).build();
  private static final TotpSecretEncryption ENCRYPTION =
      TotpSecretEncryption.withKeys("k1", Map.of("k1", new byte[32]));

  /** This test's user: unique, so that tests on one shared backend do not see each other. */
  protected final String alice = "alice-" + UUID.randomUUID();

  /**
   * A store; for a shared backend, each call is another instance on the same data.
   *
   * @return the store
   */
  protected abstract MfaStore newStore();

  private static long countTrue(List<Callable<Boolean>> tasks) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(tasks.size());
    CountDownLatch start = new CountDownLatch(1);
    try {
      List<Future<Boolean>> futures = new ArrayList<>();
      for (Callable<Boolean> t : tasks) {
        futures.add(
            pool.submit(
                () -> {
                  start.await();
                  return t.call();
                }));
      }
      start.countDown();
      long n = 0;
      for (Future<Boolean> f : futures) {
        n += f.get(30, TimeUnit.SECONDS) ? 1 : 0;
      }
      return n;
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void pendingThenConfirm_makesTheFactor_withTheConfirmingStepUsed() {
    MfaStore s = newStore();
    assertThat(s.totp(alice)).isEmpty();
    s.savePending(alice, "sealed-1");
    assertThat(s.pending(alice)).contains("sealed-1");
    assertThat(s.confirm(alice, "sealed-other", 5, Map.of())).isFalse();
    assertThat(s.confirm(alice, "sealed-1", 5, Map.of("abcd", "h"))).isTrue();
    assertThat(s.pending(alice)).isEmpty();
    assertThat(s.totp(alice)).contains(new MfaStore.Totp("sealed-1", 5));
    assertThat(s.markStepUsed(alice, 5)).isFalse();
    assertThat(s.markStepUsed(alice, 6)).isTrue();
    assertThat(s.markStepUsed(alice, 4)).isFalse();
    assertThat(s.markStepUsed("bob-" + UUID.randomUUID(), 100))
        .as("no factor, nothing to mark")
        .isFalse();
  }

  @Test
  void reEnrolment_keepsTheOldFactorUntilConfirmed() {
    MfaStore s = newStore();
    s.savePending(alice, "old");
    s.confirm(alice, "old", 1, Map.of());
    s.savePending(alice, "new");
    assertThat(s.totp(alice).orElseThrow().sealedSecret()).isEqualTo("old");
    s.confirm(alice, "new", 9, Map.of());
    assertThat(s.totp(alice).orElseThrow().sealedSecret()).isEqualTo("new");
  }

  @Test
  void racingReplays_ofOneStep_areAcceptedOnce_acrossInstances() throws Exception {
    MfaStore a = newStore();
    MfaStore b = newStore();
    a.savePending(alice, "s");
    a.confirm(alice, "s", 1, Map.of());
    List<Callable<Boolean>> tasks = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      MfaStore s = i % 2 == 0 ? a : b;
      tasks.add(() -> s.markStepUsed(alice, 2));
    }
    assertThat(countTrue(tasks)).isEqualTo(1);
  }

  @Test
  void recoveryCodes_consumedOnce_evenWhenRacing_andReplacedAsASet() throws Exception {
    MfaStore s = newStore();
    s.savePending(alice, "s");
    s.confirm(alice, "s", 1, Map.of("aaaa", "h1", "bbbb", "h2"));
    assertThat(s.recoveryCodeHash(alice, "aaaa")).contains("h1");
    assertThat(s.consumeRecoveryCode(alice, "aaaa", "wrong-hash")).isFalse();
    List<Callable<Boolean>> tasks = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      tasks.add(() -> s.consumeRecoveryCode(alice, "aaaa", "h1"));
    }
    assertThat(countTrue(tasks)).isEqualTo(1);
    assertThat(s.remainingRecoveryCodes(alice)).isEqualTo(1);
    s.replaceRecoveryCodes(alice, Map.of("cccc", "h3"));
    assertThat(s.recoveryCodeHash(alice, "bbbb")).isEmpty();
    assertThat(s.recoveryCodeHash(alice, "cccc")).contains("h3");
    s.delete(alice);
    assertThat(s.totp(alice)).isEmpty();
    assertThat(s.remainingRecoveryCodes(alice)).isZero();
  }

  @Test
  void replaceRecoveryCodes_forAUserWithoutAFactor_storesNothing() {
    MfaStore s = newStore();
    s.replaceRecoveryCodes(alice, Map.of("aaaa", "h1"));
    assertThat(s.recoveryCodeHash(alice, "aaaa")).isEmpty();
    assertThat(s.remainingRecoveryCodes(alice)).isZero();
  }

  @Test
  void pendingOnly_isNoFactor_andCannotMarkSteps() {
    MfaStore s = newStore();
    s.savePending(alice, "p");
    assertThat(s.totp(alice)).isEmpty();
    assertThat(s.markStepUsed(alice, 1)).isFalse();
    s.savePending(alice, "p2");
    assertThat(s.pending(alice)).contains("p2");
    assertThat(s.confirm(alice, "p", 1, Map.of())).as("a replaced pending secret").isFalse();
    s.delete(alice);
    assertThat(s.pending(alice)).isEmpty();
  }

  /** Two authenticators over two store instances on one backend, one clock: two app servers. */
  private final MutableClock clock = new MutableClock(Instant.parse("2026-12-07T10:00:00Z"));

  private final TotpPolicy policy = TotpPolicy.builder("Acme Mail").clock(clock).build();

  private String appCode(TotpEnrollment e) {
    return TotpAuthenticator.generator(e.secretBase32().getBytes(StandardCharsets.US_ASCII), policy)
        .at(clock.instant().getEpochSecond());
  }

  @Test
  void sameCode_onTwoInstances_isAcceptedByTheFirstAndRefusedByTheSecond() {
    TotpAuthenticator first = TotpAuthenticator.create(policy, ENCRYPTION, newStore(), FAST);
    TotpAuthenticator second = TotpAuthenticator.create(policy, ENCRYPTION, newStore(), FAST);
    TotpEnrollment e = first.startEnrollment(alice, "alice@example.com");
    assertThat(second.confirmEnrollment(alice, appCode(e))).isPresent();
    assertThat(first.verify(alice, appCode(e)))
        .as("the confirming step")
        .isEqualTo(TotpResult.REPLAYED);
    clock.advance(Duration.ofSeconds(30));
    String code = appCode(e);
    assertThat(second.verify(alice, code)).isEqualTo(TotpResult.ACCEPTED);
    assertThat(first.verify(alice, code)).isEqualTo(TotpResult.REPLAYED);
    assertThat(second.verify(alice, code)).isEqualTo(TotpResult.REPLAYED);
    clock.advance(Duration.ofSeconds(30));
    assertThat(first.verify(alice, appCode(e))).isEqualTo(TotpResult.ACCEPTED);
  }

  @Test
  void oneRecoveryCode_racedByManyThreadsOnTwoInstances_succeedsExactlyOnce() throws Exception {
    TotpAuthenticator first = TotpAuthenticator.create(policy, ENCRYPTION, newStore(), FAST);
    TotpAuthenticator second = TotpAuthenticator.create(policy, ENCRYPTION, newStore(), FAST);
    TotpEnrollment e = first.startEnrollment(alice, "alice@example.com");
    List<String> codes = first.confirmEnrollment(alice, appCode(e)).orElseThrow();
    String code = codes.get(3);
    List<Callable<Boolean>> tasks = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      TotpAuthenticator t = i % 2 == 0 ? first : second;
      tasks.add(() -> t.useRecoveryCode(alice, code));
    }
    assertThat(countTrue(tasks)).isEqualTo(1);
    assertThat(second.useRecoveryCode(alice, code)).isFalse();
    assertThat(first.useRecoveryCode(alice, codes.get(4))).as("the others still work").isTrue();
  }
}
