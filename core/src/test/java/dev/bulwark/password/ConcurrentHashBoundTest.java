package dev.bulwark.password;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ConcurrentHashBoundTest {

  /** An engine whose bcrypt check parks until released, so a permit stays taken. */
  private static final class ParkingEngine implements HashEngine {
    final CountDownLatch entered = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);
    volatile boolean park;

    @Override
    public String hashBcrypt(byte[] password, int cost) {
      return SpringHashEngine.INSTANCE.hashBcrypt(password, cost);
    }

    @Override
    public boolean checkBcrypt(byte[] password, String bareHash) {
      if (park) {
        entered.countDown();
        try {
          release.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      return SpringHashEngine.INSTANCE.checkBcrypt(password, bareHash);
    }

    @Override
    public String hashArgon2id(String password, int memoryKib, int iterations, int parallelism) {
      throw new UnsupportedOperationException();
    }

    @Override
    public boolean checkArgon2(String password, String bareHash) {
      throw new UnsupportedOperationException();
    }
  }

  @Test
  void verify_allPermitsTaken_throwsBusyInsteadOfQueueingForever() throws Exception {
    ParkingEngine engine = new ParkingEngine();
    PasswordHasher hasher =
        PasswordHasher.builder()
            .bcrypt(10)
            .maxConcurrentHashes(1, Duration.ZERO)
            .engine(engine)
            .build();
    String stored = hasher.hash("the real password");
    engine.park = true;

    CompletableFuture<PasswordVerification> first =
        CompletableFuture.supplyAsync(() -> hasher.verify("the real password", stored));
    assertThat(engine.entered.await(30, TimeUnit.SECONDS)).isTrue();

    assertThatThrownBy(() -> hasher.verify("another login", stored))
        .isInstanceOf(PasswordHashingBusyException.class)
        .hasMessageContaining("maxConcurrentHashes");
    assertThatThrownBy(() -> hasher.verify("an unknown user", null))
        .isInstanceOf(PasswordHashingBusyException.class);
    assertThatThrownBy(() -> hasher.hash("a new password"))
        .isInstanceOf(PasswordHashingBusyException.class);

    engine.release.countDown();
    assertThat(first.get(30, TimeUnit.SECONDS).matched()).isTrue();
    engine.park = false;
    assertThat(hasher.verify("the real password", stored).matched()).isTrue();
  }

  @Test
  void verify_permitWaitInterrupted_throwsBusyAndKeepsTheInterruptFlag() throws Exception {
    ParkingEngine engine = new ParkingEngine();
    PasswordHasher hasher =
        PasswordHasher.builder()
            .bcrypt(10)
            .maxConcurrentHashes(1, Duration.ofSeconds(30))
            .engine(engine)
            .build();
    String stored = hasher.hash("the real password");
    engine.park = true;
    CompletableFuture<PasswordVerification> first =
        CompletableFuture.supplyAsync(() -> hasher.verify("the real password", stored));
    assertThat(engine.entered.await(30, TimeUnit.SECONDS)).isTrue();

    Thread.currentThread().interrupt();
    try {
      assertThatThrownBy(() -> hasher.verify("x", stored))
          .isInstanceOf(PasswordHashingBusyException.class)
          .hasCauseInstanceOf(InterruptedException.class);
      assertThat(Thread.interrupted()).isTrue();
    } finally {
      engine.release.countDown();
    }
    assertThat(first.get(30, TimeUnit.SECONDS).matched()).isTrue();
  }
}
