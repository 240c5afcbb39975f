package dev.bulwark.jwt.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.jwt.AccessTokenDenylist;
import dev.bulwark.jwt.RefreshFamily;
import dev.bulwark.jwt.RefreshTokenStore;
import dev.bulwark.jwt.RotationResult;
import dev.bulwark.jwt.TokenStoreException;
import dev.bulwark.testing.MutableClock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class InMemoryTokenStoreTest extends TokenStoreContract {

  @Override
  protected RefreshTokenStore newStore(MutableClock clock) {
    return InMemoryRefreshTokenStore.create(10_000, clock);
  }

  @Override
  protected AccessTokenDenylist newDenylist(MutableClock clock) {
    return InMemoryAccessTokenDenylist.create(10_000, clock);
  }

  @Test
  void deny_whenFull_throwsRatherThanForget() {
    InMemoryAccessTokenDenylist small = InMemoryAccessTokenDenylist.create(2, clock);
    small.deny("a", clock.instant().plusSeconds(60));
    small.deny("b", clock.instant().plusSeconds(60));
    assertThatThrownBy(() -> small.deny("c", clock.instant().plusSeconds(60)))
        .isInstanceOf(TokenStoreException.class)
        .hasMessageContaining("full");
    assertThat(small.isDenied("a", clock.instant())).isTrue();
    clock.advance(Duration.ofMinutes(2));
    small.deny("c", clock.instant().plusSeconds(60));
    assertThat(small.isDenied("c", clock.instant())).isTrue();
  }

  @Test
  void store_beyondItsBound_forgetsOldFamiliesAsUnknown() {
    InMemoryRefreshTokenStore small = InMemoryRefreshTokenStore.create(10, clock);
    for (int i = 0; i < 200; i++) {
      small.createFamily(
          new RefreshFamily(
              "f" + i, "u", List.of(), clock.instant(), clock.instant().plus(Duration.ofDays(1))),
          "t" + i,
          clock.instant().plus(Duration.ofHours(1)));
    }
    long unknown = 0;
    for (int i = 0; i < 200; i++) {
      RotationResult r =
          small.rotate(
              "t" + i, "n" + i, clock.instant(), clock.instant().plusSeconds(60), Duration.ZERO);
      if (r.status() == RotationResult.Status.UNKNOWN) {
        unknown++;
      }
    }
    assertThat(unknown).isGreaterThanOrEqualTo(150);
  }

  @Test
  void create_withNonPositiveBound_throws() {
    assertThatThrownBy(() -> InMemoryRefreshTokenStore.create(0, clock))
        .hasMessageContaining("maxFamilies");
  }
}
