package dev.bulwark.jwt.servlet;

import dev.bulwark.jwt.VerifiedAccessToken;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.security.Principal;

/** A request whose identity answers come from a verified bearer token. */
final class BearerRequest extends HttpServletRequestWrapper {

  /** The value of {@link #getAuthType()}. */
  static final String AUTH_TYPE = "Bearer";

  private final TokenPrincipal principal;

  BearerRequest(HttpServletRequest request, VerifiedAccessToken token) {
    super(request);
    this.principal = new TokenPrincipal(token);
  }

  @Override
  public Principal getUserPrincipal() {
    return principal;
  }

  @Override
  public String getRemoteUser() {
    return principal.getName();
  }

  @Override
  public boolean isUserInRole(String role) {
    return role != null && principal.token().roles().contains(role);
  }

  @Override
  public String getAuthType() {
    return AUTH_TYPE;
  }
}
