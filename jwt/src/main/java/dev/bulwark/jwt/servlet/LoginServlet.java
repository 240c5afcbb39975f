package dev.bulwark.jwt.servlet;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bulwark.jwt.LoginResult;
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
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The login endpoint: {@code POST} a JSON body {@code {"username":"…","password":"…"}}.
 *
 * <ul>
 *   <li>200 {@code {"access_token","token_type":"Bearer","expires_in","refresh_token"}} with {@code
 *       Cache-Control: no-store};
 *   <li>for a user with a second factor (the {@link TokenService} has a {@link
 *       dev.bulwark.jwt.SecondFactor}), 200 {@code {"mfa_required":true,"mfa_token","mfa_methods":
 *       ["otp"],"expires_in"}} and no token: the client posts the mfa token and the code to {@link
 *       SecondFactorServlet};
 *   <li>401 problem+json for bad credentials (the same answer for an unknown user and a wrong
 *       password; the {@link dev.bulwark.jwt.CredentialVerifier} must also take the same time);
 *   <li>400 malformed body, 413 body over 8 KiB, 415 not {@code application/json}, 405 other
 *       methods, 503 with {@code Retry-After} when a store is down or the password hasher is
 *       saturated.
 * </ul>
 *
 * <p><b>Device trust.</b> With a {@link dev.bulwark.jwt.LoginThrottle} that trusts devices
 * (bulwark-ratelimit's brute-force guard with {@code trustedDevices}), the device token comes from
 * the {@value dev.bulwark.web.DeviceToken#COOKIE_NAME} cookie or, for API clients, from an optional
 * {@code "device_token"} string in the body; a successful login sets the cookie ({@code Secure;
 * HttpOnly; SameSite=Strict}) and, only when the request had a {@code "device_token"} member (null
 * on the first login), returns it in the body as well.
 *
 * <p>Credentials are checked by the {@link TokenService}'s {@link
 * dev.bulwark.jwt.CredentialVerifier}. Put a rate limiter in front of this servlet. Thread-safe.
 */
public final class LoginServlet extends HttpServlet {

  private static final long serialVersionUID = 1L;

  /** Not serialisable state: a deserialised servlet is unusable, as containers never do that. */
  private final transient TokenService tokens;

  /**
   * Creates the endpoint.
   *
   * @param tokens the token service, with a credential verifier configured
   */
  public LoginServlet(TokenService tokens) {
    this.tokens = Objects.requireNonNull(tokens, "tokens");
  }

  @Override
  protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    if (!"POST".equals(req.getMethod())) {
      resp.setHeader("Allow", "POST");
      Http.problem(resp, 405, "Use POST.");
      return;
    }
    String username;
    char[] password;
    @Nullable String deviceToken = DeviceCookies.read(req);
    boolean deviceTokenInBody;
    try {
      JsonNode body = Http.readObject(req);
      username = Http.requiredString(body, "username");
      password = Http.requiredString(body, "password").toCharArray();
      // an API client that keeps no cookies sends "device_token" (null on its first login) and
      // gets the token back in the body; a browser never does, so script never sees it
      deviceTokenInBody = body.has("device_token");
      String fromBody = Http.optionalString(body, "device_token");
      if (fromBody != null) {
        deviceToken = fromBody;
      }
    } catch (Http.Refused e) {
      Http.problem(resp, e.status, e.getMessage());
      return;
    }
    LoginResult result;
    try {
      result =
          tokens.login(
              username,
              password,
              ServletClients.resolve(req, null).address(),
              deviceToken,
              req.getHeader("User-Agent"));
    } catch (TokenStoreException | PasswordHashingBusyException e) {
      Http.unavailable(resp);
      return;
    } catch (LoginThrottledException e) {
      resp.setHeader("Retry-After", Long.toString(e.retryAfterSeconds()));
      Http.problem(resp, 429, "Too many failed sign-in attempts; try again later.");
      return;
    }
    if (result instanceof LoginResult.SecondFactorRequired mfa) {
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("mfa_required", true);
      body.put("mfa_token", mfa.mfaToken());
      body.put("mfa_methods", mfa.methods());
      body.put("expires_in", tokens.mfaTokenLifetime().getSeconds());
      Http.json(resp, 200, body);
      return;
    }
    if (!(result instanceof LoginResult.Authenticated authenticated)) {
      Http.problem(resp, 401, "The username or password is incorrect.");
      return;
    }
    TokenPair p = authenticated.pair();
    if (p.deviceToken().isPresent()) {
      DeviceCookies.write(resp, p.deviceToken().get());
    }
    Http.tokenResponse(resp, p, deviceTokenInBody);
  }
}
