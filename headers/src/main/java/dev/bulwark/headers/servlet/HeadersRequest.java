package dev.bulwark.headers.servlet;

import dev.bulwark.headers.ContentSecurityPolicy;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpSession;
import org.jspecify.annotations.Nullable;

/**
 * Draws the CSP nonce when the application first reads the request attribute {@value
 * ContentSecurityPolicy#NONCE_ATTRIBUTE} (an API answer that never reads it costs no random bytes),
 * and re-hardens cookies whenever the application creates a session or changes its id: the
 * container adds the session cookie to the response directly, bypassing {@link HeadersResponse}.
 */
final class HeadersRequest extends HttpServletRequestWrapper {

  private final HeadersResponse response;

  HeadersRequest(HttpServletRequest request, HeadersResponse response) {
    super(request);
    this.response = response;
  }

  @Override
  public @Nullable Object getAttribute(String name) {
    if (ContentSecurityPolicy.NONCE_ATTRIBUTE.equals(name)) {
      String nonce = response.readNonce();
      if (nonce != null) {
        return nonce;
      }
    }
    return super.getAttribute(name);
  }

  @Override
  public HttpSession getSession(boolean create) {
    HttpSession s = super.getSession(create);
    if (create) {
      response.hardenCookies();
    }
    return s;
  }

  @Override
  public HttpSession getSession() {
    return getSession(true);
  }

  @Override
  public String changeSessionId() {
    String id = super.changeSessionId();
    response.hardenCookies();
    return id;
  }
}
