package dev.bulwark.event;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The kind of a {@link SecurityEvent}, named by a dotted lower-case identifier such as {@code
 * auth.login.failed}. The set is open: each module declares the types it emits as constants.
 *
 * @param name the identifier: lower-case letters, digits, {@code .}, {@code _} and {@code -}
 */
public record SecurityEventType(String name) {

  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_-]*(\\.[a-z0-9_-]+)*");

  /** A forwarding header was malformed or arrived from an untrusted hop. */
  public static final SecurityEventType FORWARDED_HEADER_REJECTED =
      new SecurityEventType("web.forwarded-header.rejected");

  /** A request was refused because it broke an HTTP-level rule (size, type, encoding). */
  public static final SecurityEventType REQUEST_REJECTED =
      new SecurityEventType("web.request.rejected");

  /**
   * Checks the name.
   *
   * @param name the identifier
   * @throws IllegalArgumentException when the name is not a dotted lower-case identifier
   */
  public SecurityEventType {
    Objects.requireNonNull(name, "name");
    if (name.length() > 64 || !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "event type '"
              + name
              + "' must be a dotted lower-case identifier such as auth.login.failed");
    }
  }

  /**
   * A type by name.
   *
   * @param name the identifier
   * @return the type
   */
  public static SecurityEventType of(String name) {
    return new SecurityEventType(name);
  }

  @Override
  public String toString() {
    return name;
  }
}
