package dev.bulwark.jwt;

import java.time.Instant;
import java.util.Objects;

/**
 * A signed-in session as a user or an admin sees it: one refresh-token family, with when it began,
 * when it was last refreshed and from where. Its id is the family id, the {@code sid} claim of the
 * session's access tokens.
 *
 * @param id the family id ({@code sid})
 * @param subject the user
 * @param createdAt when the user signed in
 * @param lastUsedAt the last sign-in or refresh
 * @param expiresAt the absolute end of the session
 * @param client where it was last used ({@link SessionClient#UNKNOWN} when not known)
 */
public record Session(
    String id,
    String subject,
    Instant createdAt,
    Instant lastUsedAt,
    Instant expiresAt,
    SessionClient client) {

  /**
   * Checks the components.
   *
   * @param id the id
   * @param subject the subject
   * @param createdAt the sign-in time
   * @param lastUsedAt the last use
   * @param expiresAt the absolute expiry
   * @param client the client
   */
  public Session {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(lastUsedAt, "lastUsedAt");
    Objects.requireNonNull(expiresAt, "expiresAt");
    Objects.requireNonNull(client, "client");
  }
}
