package dev.bulwark.jwt.servlet;

import dev.bulwark.jwt.KeyRing;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Publishes the public verification keys of a {@link KeyRing} as a JWK set ({@code GET
 * /.well-known/jwks.json}). Only public members are ever written: private RSA/EC parts and HMAC
 * secrets cannot be published (an HMAC ring publishes {@code {"keys":[]}}). Follows rotations at
 * once; {@code Cache-Control: public, max-age=300}. Thread-safe.
 */
public final class JwksServlet extends HttpServlet {

  private static final long serialVersionUID = 1L;

  /** Not serialisable state: containers never serialise servlets. */
  private final transient KeyRing keys;

  /**
   * Creates the endpoint.
   *
   * @param keys the keys to publish
   */
  public JwksServlet(KeyRing keys) {
    this.keys = Objects.requireNonNull(keys, "keys");
  }

  @Override
  protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    if (!"GET".equals(req.getMethod()) && !"HEAD".equals(req.getMethod())) {
      resp.setHeader("Allow", "GET, HEAD");
      Http.problem(resp, 405, "Use GET.");
      return;
    }
    byte[] body = keys.current().publicJwkSetJson().getBytes(StandardCharsets.UTF_8);
    resp.setStatus(200);
    resp.setContentType("application/jwk-set+json");
    resp.setHeader("Cache-Control", "public, max-age=300");
    resp.setContentLength(body.length);
    if ("GET".equals(req.getMethod())) {
      OutputStream out = resp.getOutputStream();
      out.write(body);
      out.flush();
    }
  }
}
