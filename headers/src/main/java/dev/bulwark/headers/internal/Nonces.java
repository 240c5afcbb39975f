package dev.bulwark.headers.internal;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import org.jspecify.annotations.Nullable;

/**
 * Fresh random values for CSP nonces and CSRF tokens.
 *
 * <p>A CSP nonce is drawn on most page responses, and each call into {@link SecureRandom} has a
 * fixed cost far above that of the 16 bytes it returns. So each platform thread draws the bytes of
 * 16 nonces at once from a DRBG (NIST SP 800-90A, the JDK's) and hands them out one by one. A nonce
 * is public as soon as its response is sent, so holding the next few in memory changes nothing an
 * attacker who cannot read the process's memory can learn. A virtual thread (JDK 21+) usually
 * serves one request, so it draws 16 bytes directly instead of filling a buffer it would throw
 * away.
 */
public final class Nonces {

  private static final SecureRandom RANDOM = new SecureRandom();

  private static final int NONCE_BYTES = 16;

  static final int NONCES_PER_DRAW = 16;

  private static final SecureRandom BULK = bulkRandom();

  private static final ThreadLocal<NonceBuffer> BUFFERS = ThreadLocal.withInitial(NonceBuffer::new);

  /** {@code Thread.isVirtual()} on JDK 21+, else null. */
  private static final @Nullable MethodHandle IS_VIRTUAL = isVirtualHandle();

  private Nonces() {}

  private static SecureRandom bulkRandom() {
    try {
      return SecureRandom.getInstance("DRBG");
    } catch (NoSuchAlgorithmException e) {
      return RANDOM;
    }
  }

  private static @Nullable MethodHandle isVirtualHandle() {
    try {
      return MethodHandles.publicLookup()
          .findVirtual(Thread.class, "isVirtual", MethodType.methodType(boolean.class));
    } catch (NoSuchMethodException | IllegalAccessException e) {
      return null;
    }
  }

  private static boolean onVirtualThread() {
    MethodHandle h = IS_VIRTUAL;
    if (h == null) {
      return false;
    }
    try {
      return (boolean) h.invokeExact(Thread.currentThread());
    } catch (Throwable e) {
      return true; // cannot tell: take the path that is right on any thread
    }
  }

  /**
   * Random bytes from the shared {@link SecureRandom} (thread-safe).
   *
   * @param n how many
   * @return the bytes
   */
  public static byte[] bytes(int n) {
    byte[] b = new byte[n];
    RANDOM.nextBytes(b);
    return b;
  }

  /**
   * A CSP nonce: 128 random bits in standard base64 (the CSP nonce grammar).
   *
   * @return the nonce
   */
  public static String cspNonce() {
    if (onVirtualThread()) {
      return Base64.getEncoder().encodeToString(bytes(NONCE_BYTES));
    }
    return BUFFERS.get().next();
  }

  /** One platform thread's drawn-ahead nonce bytes. */
  private static final class NonceBuffer {
    private final byte[] pool = new byte[NONCE_BYTES * NONCES_PER_DRAW];
    private final byte[] one = new byte[NONCE_BYTES];
    private int next = pool.length;

    String next() {
      if (next == pool.length) {
        BULK.nextBytes(pool);
        next = 0;
      }
      System.arraycopy(pool, next, one, 0, NONCE_BYTES);
      // a handed-out nonce does not stay in the pool
      Arrays.fill(pool, next, next + NONCE_BYTES, (byte) 0);
      next += NONCE_BYTES;
      return Base64.getEncoder().encodeToString(one);
    }
  }
}
