package dev.bulwark.headers.internal;

import dev.bulwark.encoding.LogSafe;
import dev.bulwark.web.ConfigurationException;
import dev.bulwark.web.Suggestions;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * The one lookup behind every header enum's {@code fromHeaderValue} ({@code Referrer-Policy},
 * {@code X-Frame-Options}, the three {@code Cross-Origin-*} headers): a header value, in any case
 * and with surrounding spaces, to its constant, or a {@link ConfigurationException} that lists the
 * accepted values and proposes the nearest one.
 */
public final class HeaderTokens {

  private HeaderTokens() {}

  /**
   * The constant whose header value equals {@code value}, ignoring case.
   *
   * @param headerName the header, for the message, such as {@code Referrer-Policy}
   * @param constants the enum's {@code values()}
   * @param headerValue each constant's value as sent
   * @param value the configured text
   * @param <E> the enum type
   * @return the constant
   * @throws ConfigurationException listing the accepted values
   */
  public static <E extends Enum<E>> E fromHeaderValue(
      String headerName, E[] constants, Function<? super E, String> headerValue, String value) {
    Objects.requireNonNull(value, headerName);
    String v = value.trim();
    List<String> accepted = new ArrayList<>(constants.length);
    for (E c : constants) {
      String h = headerValue.apply(c);
      if (h.equalsIgnoreCase(v)) {
        return c;
      }
      accepted.add(h);
    }
    throw new ConfigurationException(
        headerName
            + " must be one of "
            + String.join(", ", accepted)
            + ", not '"
            + LogSafe.forLog(v, 100)
            + "'."
            + Suggestions.didYouMean(v, accepted));
  }
}
