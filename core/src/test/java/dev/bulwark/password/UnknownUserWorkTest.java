package dev.bulwark.password;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.password.CountingEngine.Work;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * An unknown user, a disabled account and a wrong password must do the same work. Proved by
 * counting what reaches the hash engine, not by timing.
 */
class UnknownUserWorkTest {

  private final CountingEngine engine = new CountingEngine();
  private final PasswordHasher hasher = PasswordHasher.builder().bcrypt(10).engine(engine).build();

  @Test
  void build_computesTheDummyHashAtTheConfiguredCost() {
    assertThat(engine.drain()).containsExactly(new Work("bcrypt-hash", 10, 48));
  }

  @Test
  void verify_unknownUser_doesOneFullHashAtTheConfiguredCostAndDoesNotMatch() {
    engine.drain();

    PasswordVerification v = hasher.verify("guess", null);

    assertThat(v.matched()).isFalse();
    assertThat(v.needsRehash()).isFalse();
    assertThat(engine.drain()).containsExactly(new Work("bcrypt-check", 10, 5));
  }

  @Test
  void verify_unknownUser_doesTheSameWorkAsAWrongPasswordForAKnownUser() {
    String stored = hasher.hash("the real password");
    engine.drain();

    hasher.verify("a wrong guess", stored);
    List<Work> known = engine.drain();
    hasher.verify("a wrong guess", null);
    List<Work> unknown = engine.drain();

    assertThat(unknown).isEqualTo(known).hasSize(1);
  }

  @Test
  void verifyUnavailableAccount_doesOneFullHashEvenForTheRightPassword() {
    engine.drain();

    PasswordVerification v = hasher.verifyUnavailableAccount("anything at all");

    assertThat(v.matched()).isFalse();
    assertThat(engine.drain()).containsExactly(new Work("bcrypt-check", 10, 15));
  }

  @Test
  void verify_unknownUserWithOverlongCandidate_doesTheSameWorkAsAKnownUser() {
    String stored = hasher.hash("the real password");
    String longGuess = "g".repeat(200);
    engine.drain();

    hasher.verify(longGuess, stored);
    List<Work> known = engine.drain();
    hasher.verify(longGuess, null);
    List<Work> unknown = engine.drain();

    assertThat(known).containsExactly(new Work("bcrypt-check", 10, 72));
    assertThat(unknown).isEqualTo(known);
  }

  @Test
  void verify_unknownUserWithUnnormalisedCandidate_doesTheSameTwoHashesAsAKnownUser() {
    String stored = hasher.hash("the real password");
    String decomposed = "cafe\u0301";
    engine.drain();

    hasher.verify(decomposed, stored);
    List<Work> known = engine.drain();
    hasher.verify(decomposed, null);
    List<Work> unknown = engine.drain();

    assertThat(known).hasSize(2);
    assertThat(unknown).isEqualTo(known);
  }
}
