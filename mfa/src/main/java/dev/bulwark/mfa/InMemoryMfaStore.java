package dev.bulwark.mfa;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * An {@link MfaStore} in this JVM: for a single instance, tests and development. Each user's state
 * is changed under {@link ConcurrentHashMap#compute}, so concurrent replays of one code are
 * accepted once. The state is lost at restart (users would have to enrol again): use a shared,
 * durable store in production ({@link dev.bulwark.mfa.store.JdbcMfaStore}, {@link
 * dev.bulwark.mfa.store.RedisMfaStore}).
 */
public final class InMemoryMfaStore implements MfaStore {

  private static final class State {
    @Nullable String pending;
    @Nullable String secret;
    long lastUsedStep = Long.MIN_VALUE;
    Map<String, String> recovery = new HashMap<>();
  }

  private final ConcurrentHashMap<String, State> users = new ConcurrentHashMap<>();

  /** An empty store. */
  public InMemoryMfaStore() {}

  @Override
  public void savePending(String subject, String sealedSecret) {
    users.compute(
        subject,
        (k, s) -> {
          State n = s == null ? new State() : s;
          n.pending = sealedSecret;
          return n;
        });
  }

  @Override
  public Optional<String> pending(String subject) {
    String[] out = {null};
    users.computeIfPresent(
        subject,
        (k, s) -> {
          out[0] = s.pending;
          return s;
        });
    return Optional.ofNullable(out[0]);
  }

  @Override
  public boolean confirm(
      String subject, String sealedSecret, long usedStep, Map<String, String> recoveryCodeHashes) {
    boolean[] done = {false};
    users.computeIfPresent(
        subject,
        (k, s) -> {
          if (sealedSecret.equals(s.pending)) {
            s.secret = sealedSecret;
            s.pending = null;
            s.lastUsedStep = usedStep;
            s.recovery = new HashMap<>(recoveryCodeHashes);
            done[0] = true;
          }
          return s;
        });
    return done[0];
  }

  @Override
  public Optional<Totp> totp(String subject) {
    Totp[] out = {null};
    users.computeIfPresent(
        subject,
        (k, s) -> {
          if (s.secret != null) {
            out[0] = new Totp(s.secret, s.lastUsedStep);
          }
          return s;
        });
    return Optional.ofNullable(out[0]);
  }

  @Override
  public boolean markStepUsed(String subject, long step) {
    boolean[] done = {false};
    users.computeIfPresent(
        subject,
        (k, s) -> {
          if (s.secret != null && step > s.lastUsedStep) {
            s.lastUsedStep = step;
            done[0] = true;
          }
          return s;
        });
    return done[0];
  }

  @Override
  public Optional<String> recoveryCodeHash(String subject, String id) {
    String[] out = {null};
    users.computeIfPresent(
        subject,
        (k, s) -> {
          out[0] = s.recovery.get(id);
          return s;
        });
    return Optional.ofNullable(out[0]);
  }

  @Override
  public boolean consumeRecoveryCode(String subject, String id, String hash) {
    boolean[] done = {false};
    users.computeIfPresent(
        subject,
        (k, s) -> {
          done[0] = s.recovery.remove(id, hash);
          return s;
        });
    return done[0];
  }

  @Override
  public int remainingRecoveryCodes(String subject) {
    int[] out = {0};
    users.computeIfPresent(
        subject,
        (k, s) -> {
          out[0] = s.recovery.size();
          return s;
        });
    return out[0];
  }

  @Override
  public void replaceRecoveryCodes(String subject, Map<String, String> recoveryCodeHashes) {
    users.computeIfPresent(
        subject,
        (k, s) -> {
          s.recovery = new HashMap<>(recoveryCodeHashes);
          return s;
        });
  }

  @Override
  public void delete(String subject) {
    users.remove(subject);
  }

  @Override
  public String toString() {
    return "InMemoryMfaStore[users=" + users.size() + "]";
  }
}
