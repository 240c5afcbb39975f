package dev.bulwark.jwt.servlet;

import dev.bulwark.jwt.InvalidTokenException;
import dev.bulwark.jwt.RejectionReason;
import dev.bulwark.jwt.TokenPair;
import dev.bulwark.jwt.TokenService;
import dev.bulwark.jwt.TokenStoreException;
import dev.bulwark.web.ProblemDetail;
import dev.bulwark.web.servlet.ProblemResponses;
import dev.bulwark.web.servlet.ServletClients;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.util.Objects;

/**
 * The refresh endpoint: {@code POST} a JSON body {@code {"refresh_token":"…"}}.
 *
 * <ul>
 *   <li>200 with a new pair (the same shape as login); the presented refresh token is spent;
 *   <li>401 problem+json for an unknown, revoked or spent token; a spent token also revokes its
 *       whole family (reuse detection) — the body does not say which case it was;
 *   <li>401 problem+json of type {@link #SESSION_LIFETIME_EXCEEDED} when the session reached its
 *       absolute lifetime, or {@link #SESSION_IDLE_TIMEOUT} when it went unused too long: the
 *       client holds the token, so saying which tells it nothing new, and lets the application say
 *       "signed out after a week" or "signed out after inactivity";
 *   <li>400, 405, 413, 415 as for login; 503 with {@code Retry-After} when the store is down.
 * </ul>
 *
 * <p>Thread-safe.
 */
public final class RefreshServlet extends HttpServlet {

  private static final long serialVersionUID = 1L;

  /** The problem type of a refresh refused because the session reached its absolute lifetime. */
  public static final URI SESSION_LIFETIME_EXCEEDED =
      URI.create("https://bulwark.dev/problems/session-lifetime-exceeded");

  /** The problem type of a refresh refused because the session went unused too long. */
  public static final URI SESSION_IDLE_TIMEOUT =
      URI.create("https://bulwark.dev/problems/session-idle-timeout");

  /** Not serialisable state: containers never serialise servlets. */
  private final transient TokenService tokens;

  /**
   * Creates the endpoint.
   *
   * @param tokens the token service
   */
  public RefreshServlet(TokenService tokens) {
    this.tokens = Objects.requireNonNull(tokens, "tokens");
  }

  @Override
  protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    if (!"POST".equals(req.getMethod())) {
      resp.setHeader("Allow", "POST");
      Http.problem(resp, 405, "Use POST.");
      return;
    }
    String refreshToken;
    try {
      refreshToken = Http.requiredString(Http.readObject(req), "refresh_token");
    } catch (Http.Refused e) {
      Http.problem(resp, e.status, e.getMessage());
      return;
    }
    TokenPair pair;
    try {
      pair =
          tokens.refresh(
              refreshToken,
              ServletClients.resolve(req, null).address(),
              req.getHeader("User-Agent"));
    } catch (InvalidTokenException e) {
      refused(resp, e.reason());
      return;
    } catch (TokenStoreException e) {
      Http.unavailable(resp);
      return;
    }
    Http.tokenResponse(resp, pair);
  }

  static void refused(HttpServletResponse resp, RejectionReason reason) throws IOException {
    if (reason == RejectionReason.REFRESH_TOKEN_ABSOLUTE_EXPIRED) {
      ProblemResponses.send(
          resp,
          ProblemDetail.builder(401)
              .type(SESSION_LIFETIME_EXCEEDED)
              .title("Session lifetime exceeded")
              .detail("The session reached its maximum lifetime; sign in again.")
              .build());
    } else if (reason == RejectionReason.REFRESH_TOKEN_IDLE_EXPIRED) {
      ProblemResponses.send(
          resp,
          ProblemDetail.builder(401)
              .type(SESSION_IDLE_TIMEOUT)
              .title("Session timed out")
              .detail("The session was unused for too long; sign in again.")
              .build());
    } else {
      Http.problem(resp, 401, "The refresh token is invalid, expired or revoked; log in again.");
    }
  }
}
