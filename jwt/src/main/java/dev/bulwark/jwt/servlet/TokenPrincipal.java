package dev.bulwark.jwt.servlet;

import dev.bulwark.jwt.VerifiedAccessToken;
import java.security.Principal;
import java.util.Objects;

/**
 * The {@link Principal} of a request authenticated by {@link BearerTokenFilter}: its name is the
 * token's subject, and {@link #token()} gives the verified claims.
 */
public final class TokenPrincipal implements Principal {

  private final VerifiedAccessToken token;

  TokenPrincipal(VerifiedAccessToken token) {
    this.token = Objects.requireNonNull(token, "token");
  }

  /**
   * The verified token.
   *
   * @return the token
   */
  public VerifiedAccessToken token() {
    return token;
  }

  @Override
  public String getName() {
    return token.subject();
  }

  @Override
  public String toString() {
    return "TokenPrincipal[" + token.subject() + "]";
  }
}
