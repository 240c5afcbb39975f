package dev.bulwark.jwt;

import java.util.List;
import java.util.Objects;

/**
 * The second factor that {@link TokenService#login} asks for after a correct password, from users
 * who have one. bulwark-jwt does not depend on bulwark-mfa: with it on the class path (an optional
 * dependency), {@link dev.bulwark.jwt.mfa.TotpSecondFactor#of} adapts its {@code TotpAuthenticator}
 * (TOTP codes and recovery codes).
 *
 * <p>Implementations must be thread-safe, must refuse a code that was accepted before (replay), and
 * should throw {@link TokenStoreException} when their store cannot answer, so that the sign-in
 * answers 503 rather than letting anyone through or locking anyone out on a guess.
 */
public interface SecondFactor {

  /**
   * The methods with which the user can complete a sign-in, as {@code amr} values ({@code
   * ["otp"]}); sent to the client as {@code mfa_methods}.
   *
   * @param subject the user's stable id
   * @return the methods; empty when the user has no second factor
   * @throws TokenStoreException when the factor's store cannot answer
   */
  List<String> methods(String subject);

  /**
   * Whether the user has a second factor.
   *
   * @param subject the user's stable id
   * @return true when {@link #methods} is not empty
   * @throws TokenStoreException when the factor's store cannot answer
   */
  default boolean isEnrolled(String subject) {
    return !methods(subject).isEmpty();
  }

  /**
   * Checks a code the user typed.
   *
   * @param subject the user's stable id
   * @param code what the user typed (attacker-controlled, at most 4096 characters)
   * @return whether it was accepted and as which method
   * @throws TokenStoreException when the factor's store cannot answer
   */
  Verification verify(String subject, String code);

  /**
   * The outcome of {@link #verify}.
   *
   * @param accepted true when the code was right and unused
   * @param method the {@code amr} value of the accepted method ({@code otp}, {@code rcv}); empty
   *     when not accepted
   */
  record Verification(boolean accepted, String method) {

    private static final Verification REJECTED = new Verification(false, "");

    /**
     * Checks the components.
     *
     * @param accepted whether accepted
     * @param method the method, not empty exactly when accepted
     */
    public Verification {
      Objects.requireNonNull(method, "method");
      if (accepted == method.isEmpty()) {
        throw new IllegalArgumentException("an accepted code names its method, a rejected none");
      }
    }

    /**
     * An accepted code.
     *
     * @param method the {@code amr} value, such as {@code otp}
     * @return the verification
     */
    public static Verification accepted(String method) {
      return new Verification(true, method);
    }

    /**
     * A wrong, malformed or replayed code.
     *
     * @return the verification
     */
    public static Verification rejected() {
      return REJECTED;
    }
  }
}
