package dev.bulwark.jwt.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.jwt.MfaChallenge;
import dev.bulwark.jwt.MfaChallengeStore;
import dev.bulwark.testing.MutableClock;
import dev.bulwark.web.ConfigurationException;
import java.util.List;
import org.junit.jupiter.api.Test;

class InMemoryMfaChallengeStoreTest extends MfaChallengeStoreContract {

  @Override
  protected MfaChallengeStore newStore(MutableClock clock) {
    return InMemoryMfaChallengeStore.create(10_000, clock);
  }

  @Test
  void aFloodOfPendingSignIns_isBounded() {
    InMemoryMfaChallengeStore small = InMemoryMfaChallengeStore.create(2, clock);
    for (int i = 0; i < 100; i++) {
      small.create(
          "k" + i,
          new MfaChallenge("u", "u", List.of(), List.of("otp"), clock.instant().plusSeconds(60)));
    }
    int live = 0;
    for (int i = 0; i < 100; i++) {
      live += small.find("k" + i, clock.instant()).isPresent() ? 1 : 0;
    }
    assertThat(live).isLessThanOrEqualTo(2);
    assertThat(small.toString()).isEqualTo("InMemoryMfaChallengeStore[maxChallenges=2]");
  }

  @Test
  void create_outOfRange_throws() {
    assertThatThrownBy(() -> InMemoryMfaChallengeStore.create(0, clock))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("maxChallenges");
  }
}
