package dev.bulwark.jwt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import dev.bulwark.event.SecurityEvent;
import dev.bulwark.event.SecurityEventPublisher;
import dev.bulwark.web.ConfigurationException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeySetFileReloaderTest {

  @TempDir Path dir;
  private Path file;
  private final List<SecurityEvent> events = new CopyOnWriteArrayList<>();
  private final SecurityEventPublisher publisher = SecurityEventPublisher.of(events::add);

  @BeforeEach
  void writeFirstVersion() throws Exception {
    file = dir.resolve("jwks.json");
    write(TestKeys.RSA_A);
  }

  private void write(JWK... keys) throws Exception {
    // the private members are what a mounted Secret holds
    Files.writeString(file, new JWKSet(List.of(keys)).toString(false), StandardCharsets.UTF_8);
  }

  private static AccessTokenIssuer issuer(KeyRing ring) {
    return AccessTokenIssuer.builder(ring)
        .issuer(TestKeys.ISSUER)
        .audience(TestKeys.AUDIENCE)
        .build();
  }

  private static AccessTokenVerifier verifier(KeyRing ring) {
    return AccessTokenVerifier.builder(ring)
        .issuer(TestKeys.ISSUER)
        .audience(TestKeys.AUDIENCE)
        .build();
  }

  @Test
  void reloadNow_rotatesInSteps_andTokensOfThePreviousKeyStayValid() throws Exception {
    try (KeySetFileReloader reloader = KeySetFileReloader.manual(file, publisher)) {
      KeyRing ring = reloader.ring();
      AccessTokenVerifier verifier = verifier(ring);
      String old = issuer(ring).issue("alice", List.of()).token();
      assertThat(reloader.reloadNow()).as("unchanged file").isFalse();

      write(TestKeys.RSA_B, TestKeys.RSA_A.toPublicJWK());
      assertThat(reloader.reloadNow()).isTrue();
      assertThat(ring.current().signingKeyId()).contains("key-b");
      String fresh = issuer(ring).issue("bob", List.of()).token();
      assertThat(verifier.verify(old).keyId()).isEqualTo("key-a");
      assertThat(verifier.verify(fresh).keyId()).isEqualTo("key-b");
      assertThat(events)
          .singleElement()
          .satisfies(
              e -> {
                assertThat(e.type()).isEqualTo(KeySetFileReloader.RELOADED);
                assertThat(e.details()).containsEntry("signing_kid", "key-b");
              });

      write(TestKeys.RSA_B);
      assertThat(reloader.reloadNow()).isTrue();
      assertThatThrownBy(() -> verifier.verify(old))
          .isInstanceOfSatisfying(
              InvalidTokenException.class,
              e -> assertThat(e.reason()).isEqualTo(RejectionReason.UNKNOWN_KEY));
    }
  }

  @Test
  void reloadNow_invalidFile_keepsTheKeysInForce_andReportsOncePerVersion() throws Exception {
    try (KeySetFileReloader reloader = KeySetFileReloader.manual(file, publisher)) {
      KeySet before = reloader.ring().current();
      Files.writeString(file, "{\"keys\":[{\"kty\":\"RSA\"", StandardCharsets.UTF_8);
      assertThat(reloader.reloadNow()).isFalse();
      assertThat(reloader.reloadNow()).isFalse();
      assertThat(reloader.ring().current()).isSameAs(before);
      assertThat(events)
          .singleElement()
          .satisfies(e -> assertThat(e.type()).isEqualTo(KeySetFileReloader.RELOAD_FAILED));

      write(TestKeys.RSA_B);
      assertThat(reloader.reloadNow()).as("a fixed file applies").isTrue();
    }
  }

  @Test
  void reloadNow_weakOrDuplicateKeys_areRefusedLikeAtStartUp() throws Exception {
    try (KeySetFileReloader reloader = KeySetFileReloader.manual(file, publisher)) {
      write(TestKeys.RSA_A, TestKeys.RSA_ATTACKER);
      assertThat(reloader.reloadNow()).isFalse();
      assertThat(reloader.ring().current().signingKeyId()).contains("key-a");
      assertThat(events.get(0).details().get("reason")).contains("kid is used twice");
    }
  }

  @Test
  void reloadNow_aSetWithoutSigningKey_isRefused_whileTheRingCanSign() throws Exception {
    try (KeySetFileReloader reloader = KeySetFileReloader.manual(file, publisher)) {
      write(TestKeys.RSA_A.toPublicJWK());
      assertThat(reloader.reloadNow()).isFalse();
      assertThat(reloader.ring().current().signingKeyId()).contains("key-a");
      assertThat(events.get(0).details().get("reason")).contains("no signing key");
    }
  }

  @Test
  void reloadNow_missingFile_keepsTheKeys_andReportsOnceUntilItIsBack() throws Exception {
    try (KeySetFileReloader reloader = KeySetFileReloader.manual(file, publisher)) {
      Files.delete(file);
      assertThat(reloader.reloadNow()).isFalse();
      assertThat(reloader.reloadNow()).isFalse();
      assertThat(reloader.ring().current().signingKeyId()).contains("key-a");
      assertThat(events).hasSize(1);
      write(TestKeys.RSA_A);
      assertThat(reloader.reloadNow()).as("the same keys are back").isFalse();
      Files.delete(file);
      assertThat(reloader.reloadNow()).isFalse();
      assertThat(events).as("a second outage is reported again").hasSize(2);
    }
  }

  @Test
  void start_badFile_stopsStartUp() throws Exception {
    Files.writeString(file, "not json", StandardCharsets.UTF_8);
    assertThatThrownBy(() -> KeySetFileReloader.start(file, Duration.ofSeconds(30), publisher))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("does not parse");
    assertThatThrownBy(
            () -> KeySetFileReloader.manual(dir.resolve("absent.json"), publisher).ring().current())
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("cannot be read");
  }

  @Test
  void start_intervalOutOfRange_throwsNamingTheRange() {
    assertThatThrownBy(() -> KeySetFileReloader.start(file, Duration.ofMillis(500), publisher))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("between 1s and 1h");
    assertThatThrownBy(() -> KeySetFileReloader.start(file, Duration.ofHours(2), publisher))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("between 1s and 1h");
  }

  @Test
  void start_checksOnItsOwn() throws Exception {
    try (KeySetFileReloader reloader =
        KeySetFileReloader.start(file, KeySetFileReloader.MIN_INTERVAL, publisher)) {
      write(TestKeys.RSA_B, TestKeys.RSA_A.toPublicJWK());
      // no clock to move: the schedule runs on a real thread, so poll with a generous bound
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (!reloader.ring().current().signingKeyId().orElse("").equals("key-b")
          && System.nanoTime() < deadline) {
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
      }
      assertThat(reloader.ring().current().signingKeyId()).contains("key-b");
    }
  }
}
