package dev.bulwark.headers.servlet;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpSession;

/**
 * Re-hardens cookies whenever the application creates a session or changes its id: the container
 * adds the session cookie to the response directly, bypassing {@link HeadersResponse}.
 */
final class HeadersRequest extends HttpServletRequestWrapper {

  private final HeadersResponse response;

  HeadersRequest(HttpServletRequest request, HeadersResponse response) {
    super(request);
    this.response = response;
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
