package dev.bulwark.jwt.servlet;

import dev.bulwark.jwt.InvalidTokenException;
import dev.bulwark.jwt.TokenPair;
import dev.bulwark.jwt.TokenService;
import dev.bulwark.jwt.TokenStoreException;
import dev.bulwark.web.servlet.ServletClients;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Objects;

/**
 * The refresh endpoint: {@code POST} a JSON body {@code {"refresh_token":"…"}}.
 *
 * <ul>
 *   <li>200 with a new pair (the same shape as login); the presented refresh token is spent;
 *   <li>401 problem+json for an unknown, expired, revoked or spent token; a spent token also
 *       revokes its whole family (reuse detection) — the body does not say which case it was;
 *   <li>400, 405, 413, 415 as for login; 503 with {@code Retry-After} when the store is down.
 * </ul>
 *
 * <p>Thread-safe.
 */
public final class RefreshServlet extends HttpServlet {

  private static final long serialVersionUID = 1L;

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
      pair = tokens.refresh(refreshToken, ServletClients.resolve(req, null).address());
    } catch (InvalidTokenException e) {
      Http.problem(resp, 401, "The refresh token is invalid, expired or revoked; log in again.");
      return;
    } catch (TokenStoreException e) {
      Http.unavailable(resp);
      return;
    }
    Http.tokenResponse(resp, pair);
  }
}
