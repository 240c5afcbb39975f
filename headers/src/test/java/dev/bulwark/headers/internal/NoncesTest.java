package dev.bulwark.headers.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/** CSP nonces drawn ahead per thread: still 128 bits each, never handed out twice. */
class NoncesTest {

  @Test
  void cspNonce_acrossManyRefills_isAlways16FreshBytesInStandardBase64() {
    Set<String> seen = new HashSet<>();
    int n = Nonces.NONCES_PER_DRAW * 20 + 3;
    for (int i = 0; i < n; i++) {
      String nonce = Nonces.cspNonce();
      assertThat(nonce).matches("[A-Za-z0-9+/]{22}==");
      assertThat(Base64.getDecoder().decode(nonce)).hasSize(16);
      seen.add(nonce);
    }
    assertThat(seen).hasSize(n);
  }

  @Test
  void cspNonce_onSeveralThreads_neverRepeats() throws Exception {
    Set<String> seen = ConcurrentHashMap.newKeySet();
    List<Thread> threads = new ArrayList<>();
    int perThread = Nonces.NONCES_PER_DRAW * 5;
    for (int t = 0; t < 4; t++) {
      Thread thread =
          new Thread(
              () -> {
                for (int i = 0; i < perThread; i++) {
                  seen.add(Nonces.cspNonce());
                }
              });
      threads.add(thread);
      thread.start();
    }
    for (Thread t : threads) {
      t.join();
    }
    assertThat(seen).hasSize(4 * perThread);
  }
}
