package dev.bulwark.jwt;

/** Where a verifier gets its keys: a local {@link KeyRing} or a {@link RemoteJwks}. */
interface KeyProvider {

  /**
   * The keys to verify with now.
   *
   * @return the key set
   * @throws KeysUnavailableException when no keys can be had
   */
  KeySet current() throws KeysUnavailableException;

  /**
   * The keys after a (rate-limited) refresh prompted by an unknown {@code kid}.
   *
   * @param kid the unknown key id
   * @return the key set, possibly unchanged
   * @throws KeysUnavailableException when no keys can be had
   */
  default KeySet refreshedFor(String kid) throws KeysUnavailableException {
    return current();
  }

  /** The keys cannot be obtained (remote JWKS down and nothing cached). */
  final class KeysUnavailableException extends Exception {
    private static final long serialVersionUID = 1L;

    KeysUnavailableException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
