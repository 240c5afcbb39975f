package dev.bulwark.jwt;

import dev.bulwark.event.Outcome;
import dev.bulwark.event.SecurityEvent;
import dev.bulwark.event.SecurityEventPublisher;
import dev.bulwark.event.SecurityEventType;
import dev.bulwark.web.ConfigurationException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a {@link KeyRing} in step with a JWK set file, so that keys rotate on every instance
 * without a restart: update the file (a Kubernetes Secret mounted as a volume is updated in place
 * by the kubelet) and each instance picks up the new set within one interval.
 *
 * <pre>{@code
 * KeySetFileReloader reloader = KeySetFileReloader.start(
 *     Path.of("/etc/bulwark/jwks.json"), KeySetFileReloader.DEFAULT_INTERVAL, events);
 * KeyRing keys = reloader.ring();            // give it to the issuer, verifier and JWKS servlet
 * ...
 * reloader.close();                          // on shutdown
 * }</pre>
 *
 * <p>Every interval the file is read; when its bytes changed, the new set is validated exactly as
 * {@link KeySet#fromJwkSetFile(Path)} validates it at start-up and, if valid, replaces the ring's
 * set. A file that cannot be read, does not validate, or would take away the signing key of a ring
 * that has one (every login would then fail) is <em>not</em> applied: the keys in force stay, a
 * {@link #RELOAD_FAILED} event is published and a warning logged once per version of the file. A
 * successful change publishes {@link #RELOADED} naming the new signing key. Nothing about key
 * material is ever logged.
 *
 * <p>Rotate in steps, one file update each, waiting at least one interval (plus your JWKS caches)
 * between them: add the new key as verification-only; make it the signing key (first private key in
 * the file) and keep the old one for verification; after one access-token lifetime remove the old
 * key. Every instance then accepts every token another instance issued at every step.
 *
 * <p>Thread-safe. The checks run on one daemon thread; {@link #reloadNow()} runs one at once.
 */
public final class KeySetFileReloader implements AutoCloseable {

  /** A successful reload: the ring now holds the file's new key set. */
  public static final SecurityEventType RELOADED = SecurityEventType.of("jwt.keys.reloaded");

  /** A changed file was refused; the keys in force stay. */
  public static final SecurityEventType RELOAD_FAILED =
      SecurityEventType.of("jwt.keys.reload-failed");

  /** The interval used by the demo and suggested for mounted Secrets: 30 seconds. */
  public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(30);

  /** The shortest interval accepted. */
  public static final Duration MIN_INTERVAL = Duration.ofSeconds(1);

  /** The longest interval accepted. */
  public static final Duration MAX_INTERVAL = Duration.ofHours(1);

  private static final Logger LOG = LoggerFactory.getLogger(KeySetFileReloader.class);

  // Marks "the last attempt could not read the file" (distinct from every real digest).
  private static final byte[] UNREADABLE = new byte[0];

  private final Path file;
  private final KeyRing ring;
  private final SecurityEventPublisher events;
  private final @Nullable ScheduledExecutorService scheduler;
  private final @Nullable Duration interval;
  // The digest of the file version now in the ring, and of the last version refused (so that a
  // bad file is reported once, not every interval). Guarded by this.
  private byte[] appliedDigest;
  private byte @Nullable [] refusedDigest;

  private KeySetFileReloader(
      Path file,
      KeyRing ring,
      byte[] digest,
      SecurityEventPublisher events,
      @Nullable Duration interval) {
    this.file = file;
    this.interval = interval;
    this.ring = ring;
    this.appliedDigest = digest;
    this.events = events;
    this.scheduler =
        interval != null
            ? Executors.newSingleThreadScheduledExecutor(
                r -> {
                  Thread t = new Thread(r, "bulwark-jwks-file-reloader");
                  t.setDaemon(true);
                  return t;
                })
            : null;
  }

  /**
   * Loads the file (start-up fails on a bad one) and checks it again every {@code interval}.
   *
   * @param file the JWK set file
   * @param interval how often to check, between {@link #MIN_INTERVAL} and {@link #MAX_INTERVAL}
   * @param events where {@link #RELOADED} and {@link #RELOAD_FAILED} go
   * @return the running reloader; {@link #ring()} holds the file's keys
   * @throws ConfigurationException when the file cannot be read or its keys are refused
   * @throws ConfigurationException when the interval is out of range
   */
  public static KeySetFileReloader start(
      Path file, Duration interval, SecurityEventPublisher events) {
    Objects.requireNonNull(interval, "interval");
    if (interval.compareTo(MIN_INTERVAL) < 0 || interval.compareTo(MAX_INTERVAL) > 0) {
      throw new ConfigurationException(
          "KeySetFileReloader: the key file reload interval must be between 1s and 1h (was "
              + interval
              + "); 30s suits a mounted Kubernetes Secret");
    }
    KeySetFileReloader r = create(file, events, interval);
    long millis = interval.toMillis();
    Objects.requireNonNull(r.scheduler)
        .scheduleWithFixedDelay(r::reloadQuietly, millis, millis, TimeUnit.MILLISECONDS);
    return r;
  }

  /**
   * Loads the file without a schedule: the file is checked only when {@link #reloadNow()} is called
   * (from your own scheduler, an admin endpoint or a signal handler).
   *
   * @param file the JWK set file
   * @param events where {@link #RELOADED} and {@link #RELOAD_FAILED} go
   * @return the reloader; {@link #ring()} holds the file's keys
   * @throws ConfigurationException when the file cannot be read or its keys are refused
   */
  public static KeySetFileReloader manual(Path file, SecurityEventPublisher events) {
    return create(file, events, null);
  }

  private static KeySetFileReloader create(
      Path file, SecurityEventPublisher events, @Nullable Duration interval) {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(events, "events");
    byte[] bytes = read(file);
    KeySet keys = KeySet.fromJwkSetJson(new String(bytes, StandardCharsets.UTF_8));
    return new KeySetFileReloader(file, KeyRing.of(keys), sha256(bytes), events, interval);
  }

  /**
   * The ring holding the file's keys; hand it to the issuer, the verifier and the JWKS servlet.
   *
   * @return the ring
   */
  public KeyRing ring() {
    return ring;
  }

  /**
   * Reads the file now and applies it when it changed and is valid.
   *
   * @return true when the ring now holds a new key set; false when the file is unchanged or was
   *     refused (see the class comment)
   */
  public synchronized boolean reloadNow() {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      // A Secret update swaps a symlink: a read can race with it. Report once per outage.
      refuse(null, "the file cannot be read (" + e.getClass().getSimpleName() + ")");
      return false;
    }
    if (refusedDigest == UNREADABLE) {
      refusedDigest = null;
    }
    byte[] digest = sha256(bytes);
    if (Arrays.equals(digest, appliedDigest) || Arrays.equals(digest, refusedDigest)) {
      return false;
    }
    KeySet next;
    try {
      next = KeySet.fromJwkSetJson(new String(bytes, StandardCharsets.UTF_8));
    } catch (ConfigurationException e) {
      refuse(digest, Objects.requireNonNullElse(e.getMessage(), "not a JWK Set"));
      return false;
    }
    KeySet current = ring.current();
    if (current.signingKeyId().isPresent() && next.signingKeyId().isEmpty()) {
      refuse(
          digest,
          "the new key set has no signing key while the one in force has: every token issue"
              + " would fail. Keep a private signing key first in the file");
      return false;
    }
    ring.replace(next);
    appliedDigest = digest;
    refusedDigest = null;
    String signing = next.signingKeyId().orElse("none");
    LOG.info(
        "JWT keys reloaded from {}: signing key {}, {} verification key(s)",
        file,
        signing,
        next.verificationKeyIds().size());
    events.publish(
        SecurityEvent.builder(RELOADED, Outcome.SUCCESS)
            .detail("signing_kid", signing)
            .detail("verification_keys", Integer.toString(next.verificationKeyIds().size()))
            .build());
    return true;
  }

  private void reloadQuietly() {
    try {
      reloadNow();
    } catch (RuntimeException e) {
      // an exception would cancel the schedule: report it and keep checking
      LOG.error("JWT key file check failed; the keys in force stay", e);
    }
  }

  private void refuse(byte @Nullable [] digest, String reason) {
    if (digest == null && refusedDigest == UNREADABLE) {
      return;
    }
    refusedDigest = digest == null ? UNREADABLE : digest;
    LOG.warn("JWT key file {} not applied, the keys in force stay: {}", file, reason);
    events.publish(
        SecurityEvent.builder(RELOAD_FAILED, Outcome.ERROR).detail("reason", reason).build());
  }

  private static byte[] read(Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new ConfigurationException(
          "the JWK set file '" + file + "' cannot be read: " + e.getClass().getSimpleName(), e);
    }
  }

  private static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every Java platform", e);
    }
  }

  /** Stops the checks; the ring keeps the keys in force. */
  @Override
  public void close() {
    if (scheduler != null) {
      scheduler.shutdownNow();
    }
  }

  /** Its settings: the file, the check interval (or manual), and the keys now in force. */
  @Override
  public String toString() {
    return "KeySetFileReloader[file="
        + file
        + ", interval="
        + (interval == null ? "manual" : interval)
        + ", keys="
        + ring.current()
        + "]";
  }
}
