package dev.bulwark.jwt.servlet;

import dev.bulwark.jwt.AccessTokenVerifier;
import dev.bulwark.jwt.InvalidTokenException;
import dev.bulwark.jwt.TokenService;
import dev.bulwark.jwt.TokenStoreException;
import dev.bulwark.jwt.VerifiedAccessToken;
import dev.bulwark.web.servlet.ServletClients;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Objects;

/**
 * The logout endpoint: {@code POST} with {@code Authorization: Bearer <access token>}.
 *
 * <p>Revokes the token's refresh family and denies the access token until it expires, then answers
 * 204. Without a valid token: 401 with {@code WWW-Authenticate: Bearer}. A store that is down: 503
 * with {@code Retry-After} (the logout did not happen; retry). Works behind a {@link
 * BearerTokenFilter} (it then uses the already verified token) or alone. Thread-safe.
 */
public final class LogoutServlet extends HttpServlet {

  private static final long serialVersionUID = 1L;

  /** Not serialisable state: containers never serialise servlets. */
  private final transient TokenService tokens;

  /** Not serialisable state: containers never serialise servlets. */
  private final transient AccessTokenVerifier verifier;

  /**
   * Creates the endpoint.
   *
   * @param tokens the token service
   * @param verifier verifies the bearer token when no filter did
   */
  public LogoutServlet(TokenService tokens, AccessTokenVerifier verifier) {
    this.tokens = Objects.requireNonNull(tokens, "tokens");
    this.verifier = Objects.requireNonNull(verifier, "verifier");
  }

  @Override
  protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    if (!"POST".equals(req.getMethod())) {
      resp.setHeader("Allow", "POST");
      Http.problem(resp, 405, "Use POST.");
      return;
    }
    VerifiedAccessToken token = BearerTokenFilter.verifiedToken(req).orElse(null);
    if (token == null) {
      BearerCredentials c = BearerCredentials.of(req);
      try {
        if (c.kind != BearerCredentials.Kind.TOKEN) {
          resp.setHeader("WWW-Authenticate", "Bearer");
          Http.problem(resp, 401, "Send the access token in an Authorization: Bearer header.");
          return;
        }
        token = verifier.verify(c.token);
      } catch (InvalidTokenException e) {
        resp.setHeader("WWW-Authenticate", "Bearer error=\"invalid_token\"");
        Http.problem(resp, 401, "The access token is invalid or expired.");
        return;
      }
    }
    try {
      tokens.logout(token, ServletClients.resolve(req, null).address());
    } catch (TokenStoreException e) {
      Http.unavailable(resp);
      return;
    }
    resp.setHeader("Cache-Control", "no-store");
    resp.setStatus(204);
  }
}
