package dev.bulwark.password;

/** The password hashing algorithms {@link PasswordHasher} writes and reads. A closed set. */
public enum HashAlgorithm {
  /**
   * bcrypt ({@code $2b$}, also reads {@code $2a$}, {@code $2y$} and {@code $2x$}). Reads at most 72
   * UTF-8 bytes of a password; Bulwark refuses longer ones instead of truncating them.
   */
  BCRYPT,
  /**
   * argon2id (RFC 9106), memory-hard. Accepts passwords of any length. Needs {@code
   * org.bouncycastle:bcprov-jdk18on} on the class path.
   */
  ARGON2ID
}
