package dev.bulwark.event;

import dev.bulwark.encoding.LogSafe;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes each event as one log line to the SLF4J logger {@code dev.bulwark.security}: INFO for
 * successes, WARN for everything else. Every attacker-controlled field (client, subject, detail
 * keys and values) passes through {@link LogSafe#forLog(String)}, so a username such as {@code
 * "x\nINFO admin logged in"} stays on its line.
 *
 * <p>Format: {@code type=auth.login.failed outcome=FAILURE client=192.0.2.1 subject="alice"
 * reason="bad_credentials"}.
 */
public final class Slf4jSecurityEventListener implements SecurityEventListener {

  private final Logger log;

  /** A listener on the {@code dev.bulwark.security} logger. */
  public Slf4jSecurityEventListener() {
    this(LoggerFactory.getLogger("dev.bulwark.security"));
  }

  /**
   * A listener on the given logger.
   *
   * @param log the logger
   */
  public Slf4jSecurityEventListener(Logger log) {
    this.log = log;
  }

  @Override
  public void onEvent(SecurityEvent event) {
    boolean success = event.outcome() == Outcome.SUCCESS;
    if (success ? !log.isInfoEnabled() : !log.isWarnEnabled()) {
      return;
    }
    String line = format(event);
    if (success) {
      log.info(line);
    } else {
      log.warn(line);
    }
  }

  /**
   * The log line of an event, with every attacker-controlled field neutralised.
   *
   * @param event the event
   * @return one line of text without control characters
   */
  public static String format(SecurityEvent event) {
    StringBuilder sb = new StringBuilder(128);
    sb.append("type=").append(event.type().name());
    sb.append(" outcome=").append(event.outcome());
    sb.append(" time=").append(event.time());
    if (event.client() != null) {
      sb.append(" client=\"").append(quoted(event.client())).append('"');
    }
    if (event.subject() != null) {
      sb.append(" subject=\"").append(quoted(event.subject())).append('"');
    }
    for (Map.Entry<String, String> e : event.details().entrySet()) {
      sb.append(' ')
          .append(quoted(e.getKey()).replace(' ', '_').replace('=', '_'))
          .append("=\"")
          .append(quoted(e.getValue()))
          .append('"');
    }
    return sb.toString();
  }

  private static String quoted(String s) {
    return LogSafe.forLog(s).replace("\"", "\\u0022");
  }
}
