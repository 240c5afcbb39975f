package dev.bulwark.jwt;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@link TokenService#login} answers: tokens, a request for the second factor, or a refusal.
 *
 * <pre>{@code
 * LoginResult r = tokens.login(username, password, client);
 * if (r instanceof LoginResult.Authenticated a) {
 *   send(a.pair());
 * } else if (r instanceof LoginResult.SecondFactorRequired s) {
 *   askForTheCode(s.mfaToken(), s.methods());   // then tokens.completeSecondFactor(...)
 * } else {
 *   send401();
 * }
 * }</pre>
 */
public sealed interface LoginResult
    permits LoginResult.Authenticated, LoginResult.SecondFactorRequired, LoginResult.Failed {

  /**
   * The tokens, when the sign-in is complete.
   *
   * @return the pair, or empty
   */
  default Optional<TokenPair> tokens() {
    return this instanceof Authenticated a ? Optional.of(a.pair()) : Optional.empty();
  }

  /**
   * The password was right and the user has no second factor: the session has started.
   *
   * @param pair the tokens
   */
  record Authenticated(TokenPair pair) implements LoginResult {
    /**
     * Checks the component.
     *
     * @param pair the tokens
     */
    public Authenticated {
      Objects.requireNonNull(pair, "pair");
    }
  }

  /**
   * The password was right and the user has a second factor: no session yet. Hand the {@code
   * mfaToken} to the client, which sends it back with the code to {@link
   * TokenService#completeSecondFactor}.
   *
   * @param mfaToken an opaque, single-use bearer secret (256 random bits, base64url); never log it
   * @param methods the methods the user may answer with, such as {@code ["otp"]}
   * @param expiresAt when the mfa token stops being accepted
   */
  record SecondFactorRequired(String mfaToken, List<String> methods, Instant expiresAt)
      implements LoginResult {
    /**
     * Checks and copies the components.
     *
     * @param mfaToken the token
     * @param methods the methods, not empty
     * @param expiresAt the expiry
     */
    public SecondFactorRequired {
      Objects.requireNonNull(mfaToken, "mfaToken");
      methods = List.copyOf(methods);
      if (methods.isEmpty()) {
        throw new IllegalArgumentException("a second factor is asked for by at least one method");
      }
      Objects.requireNonNull(expiresAt, "expiresAt");
    }

    @Override
    public String toString() {
      return "SecondFactorRequired[mfaToken=(redacted), methods="
          + methods
          + ", expiresAt="
          + expiresAt
          + "]";
    }
  }

  /** Wrong credentials, an unknown user or a locked account: indistinguishable on purpose. */
  enum Failed implements LoginResult {
    /** The one failure. */
    INSTANCE
  }
}
