package dev.bulwark.jwt.servlet;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bulwark.jwt.InvalidTokenException;
import dev.bulwark.jwt.LoginThrottledException;
import dev.bulwark.jwt.TokenPair;
import dev.bulwark.jwt.TokenService;
import dev.bulwark.jwt.TokenStoreException;
import dev.bulwark.password.PasswordHashingBusyException;
import dev.bulwark.web.servlet.DeviceCookies;
import dev.bulwark.web.servlet.ServletClients;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The second step of a sign-in: {@code POST} a JSON body {@code {"mfa_token":"…","code":"…"}} with
 * the mfa token that {@link LoginServlet} answered and a TOTP or recovery code; the engine is
 * {@link TokenService#completeSecondFactor}.
 *
 * <ul>
 *   <li>200 the token pair, as {@link LoginServlet} answers it, with {@code Cache-Control:
 *       no-store}; its access tokens carry {@code amr ["pwd","otp"]} (or {@code ["pwd","rcv"]}) and
 *       {@code auth_time};
 *   <li>401 problem+json: a wrong, replayed or malformed code (the mfa token stays usable, up to 5
 *       wrong codes), or an mfa token that is unknown, expired, used or voided (sign in again);
 *   <li>429 with {@code Retry-After} when the client is throttled; 400 malformed body, 413, 415,
 *       405, 503 with {@code Retry-After} when a store is down.
 * </ul>
 *
 * <p>A device token ({@value dev.bulwark.web.DeviceToken#COOKIE_NAME} cookie) is read and renewed
 * as by {@link LoginServlet}. Thread-safe.
 */
public final class SecondFactorServlet extends HttpServlet {

  private static final long serialVersionUID = 1L;

  /** Not serialisable state: a deserialised servlet is unusable, as containers never do that. */
  private final transient TokenService tokens;

  /**
   * Creates the endpoint.
   *
   * @param tokens the token service, with a second factor configured
   */
  public SecondFactorServlet(TokenService tokens) {
    this.tokens = Objects.requireNonNull(tokens, "tokens");
  }

  @Override
  protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    if (!"POST".equals(req.getMethod())) {
      resp.setHeader("Allow", "POST");
      Http.problem(resp, 405, "Use POST.");
      return;
    }
    String mfaToken;
    String code;
    @Nullable String deviceToken = DeviceCookies.read(req);
    try {
      JsonNode body = Http.readObject(req);
      mfaToken = Http.requiredString(body, "mfa_token");
      code = Http.requiredString(body, "code");
    } catch (Http.Refused e) {
      Http.problem(resp, e.status, e.getMessage());
      return;
    }
    Optional<TokenPair> pair;
    try {
      pair =
          tokens.completeSecondFactor(
              mfaToken,
              code,
              ServletClients.resolve(req, null).address(),
              deviceToken,
              req.getHeader("User-Agent"));
    } catch (InvalidTokenException e) {
      Http.problem(
          resp, 401, "This sign-in has expired or ended; sign in again with your password.");
      return;
    } catch (TokenStoreException | PasswordHashingBusyException e) {
      Http.unavailable(resp);
      return;
    } catch (LoginThrottledException e) {
      resp.setHeader("Retry-After", Long.toString(e.retryAfterSeconds()));
      Http.problem(resp, 429, "Too many failed sign-in attempts; try again later.");
      return;
    }
    if (pair.isEmpty()) {
      Http.problem(resp, 401, "The code is incorrect.");
      return;
    }
    TokenPair p = pair.get();
    if (p.deviceToken().isPresent()) {
      DeviceCookies.write(resp, p.deviceToken().get());
    }
    Http.tokenResponse(resp, p);
  }
}
