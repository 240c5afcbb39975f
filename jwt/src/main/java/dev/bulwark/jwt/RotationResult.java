package dev.bulwark.jwt;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What {@link RefreshTokenStore#rotate} did.
 *
 * @param status the outcome
 * @param family the family of the presented token, or null when the token is unknown
 */
public record RotationResult(Status status, @Nullable RefreshFamily family) {

  /** The outcome of a rotation. */
  public enum Status {
    /** The presented token was spent and the replacement stored: issue the new pair. */
    ROTATED,
    /** The presented token was already spent: the family has been revoked. */
    REUSE_DETECTED,
    /** No such token. */
    UNKNOWN,
    /** The family's absolute lifetime has passed, whatever the activity. */
    ABSOLUTE_EXPIRED,
    /** The token went unused for longer than the idle timeout. */
    IDLE_EXPIRED,
    /** The family was revoked earlier (logout, reuse). */
    REVOKED
  }

  /**
   * Checks the components.
   *
   * @param status the outcome
   * @param family the family, or null
   */
  public RotationResult {
    Objects.requireNonNull(status, "status");
  }
}
