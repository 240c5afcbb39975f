package dev.bulwark.jwt;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * How and when a user authenticated: the {@code amr} (RFC 8176 authentication method references)
 * and {@code auth_time} (epoch seconds) claims of every access token of a session.
 *
 * <p>{@link TokenService} records it when a session starts and keeps it with the refresh family, so
 * a refreshed access token carries the original {@code auth_time} and methods: refreshing does not
 * make an old sign-in fresh. A step-up rule ({@link dev.bulwark.jwt.servlet.StepUpRule}) reads it
 * back from the {@link VerifiedAccessToken}.
 *
 * @param authTime when the last authentication step succeeded, truncated to whole seconds
 * @param methods the methods used, in order, such as {@code ["pwd","otp"]}; empty when unknown (a
 *     session the application started itself without saying how the user authenticated)
 */
public record AuthenticationContext(Instant authTime, List<String> methods) {

  /** The {@code amr} value of a password. */
  public static final String PASSWORD = "pwd";

  /** The {@code amr} value of a one-time password, such as a TOTP code (RFC 8176). */
  public static final String ONE_TIME_PASSWORD = "otp";

  /** The {@code amr} value of a single-use recovery code (Bulwark's name; RFC 8176 has none). */
  public static final String RECOVERY_CODE = "rcv";

  private static final Pattern METHOD = Pattern.compile("[a-z0-9_-]{1,32}");

  /**
   * Checks and copies the components.
   *
   * @param authTime the authentication time
   * @param methods the methods, each 1 to 32 of {@code a-z 0-9 _ -}
   * @throws IllegalArgumentException for a malformed method
   */
  public AuthenticationContext {
    Objects.requireNonNull(authTime, "authTime");
    authTime = Instant.ofEpochSecond(authTime.getEpochSecond());
    methods = List.copyOf(methods);
    for (String m : methods) {
      if (!METHOD.matcher(m).matches()) {
        throw new IllegalArgumentException(
            "an authentication method is 1 to 32 of a-z 0-9 _ - (was '" + m + "')");
      }
    }
  }

  /**
   * A sign-in with a password alone.
   *
   * @param at when
   * @return the context {@code ["pwd"]}
   */
  public static AuthenticationContext password(Instant at) {
    return new AuthenticationContext(at, List.of(PASSWORD));
  }

  /**
   * A sign-in with a password and then a second factor.
   *
   * @param at when the second factor was accepted
   * @param secondFactor the second factor's method, such as {@link #ONE_TIME_PASSWORD}
   * @return the context {@code ["pwd", secondFactor]}
   */
  public static AuthenticationContext passwordAnd(Instant at, String secondFactor) {
    return new AuthenticationContext(at, List.of(PASSWORD, secondFactor));
  }
}
