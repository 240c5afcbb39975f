package dev.bulwark.jwt.mfa;

import dev.bulwark.jwt.AuthenticationContext;
import dev.bulwark.jwt.SecondFactor;
import dev.bulwark.jwt.TokenService;
import dev.bulwark.jwt.TokenStoreException;
import dev.bulwark.mfa.MfaException;
import dev.bulwark.mfa.TotpAuthenticator;
import java.util.List;
import java.util.Objects;

/**
 * A {@link SecondFactor} backed by bulwark-mfa's {@link TotpAuthenticator}: a user with a confirmed
 * TOTP factor is asked for a code after a correct password.
 *
 * <pre>{@code
 * TokenService tokens = TokenService.builder(issuer, refreshStore)
 *     .credentialVerifier(accounts)
 *     .loginThrottle(BruteForceLoginThrottle.of(guard))   // wrong codes count against the account
 *     .secondFactor(TotpSecondFactor.of(totp))
 *     .build();
 * }</pre>
 *
 * <table>
 *   <caption>How a typed code is checked</caption>
 *   <tr><th>typed</th><th>checked by</th><th>accepted as ({@code amr})</th></tr>
 *   <tr><td>digits (spaces allowed)</td><td>{@link TotpAuthenticator#verify}: right and its
 *       time-step unused</td><td>{@code otp}</td></tr>
 *   <tr><td>anything else, such as {@code q3vd-7h2k-x9ma-pe4t}</td><td>{@link
 *       TotpAuthenticator#useRecoveryCode}: unused, then consumed</td><td>{@code rcv}</td></tr>
 * </table>
 *
 * <p>A replayed TOTP code is refused like a wrong one. {@link MfaException} (the factor's store is
 * down, or a secret does not open) becomes {@link TokenStoreException}, so the endpoint answers 503
 * and lets nobody in on a guess. Thread-safe.
 */
public final class TotpSecondFactor implements SecondFactor {

  private static final List<String> METHODS = List.of(AuthenticationContext.ONE_TIME_PASSWORD);

  private final TotpAuthenticator totp;

  private TotpSecondFactor(TotpAuthenticator totp) {
    this.totp = totp;
  }

  /**
   * A second factor that asks enrolled users for a TOTP or recovery code.
   *
   * @param totp the authenticator, sharing its store with the enrolment endpoints
   * @return the second factor for {@link TokenService.Builder#secondFactor}
   */
  public static TotpSecondFactor of(TotpAuthenticator totp) {
    return new TotpSecondFactor(Objects.requireNonNull(totp, "totp"));
  }

  @Override
  public List<String> methods(String subject) {
    try {
      return totp.isEnrolled(subject) ? METHODS : List.of();
    } catch (MfaException e) {
      throw new TokenStoreException("the second-factor store cannot answer", e);
    }
  }

  @Override
  public Verification verify(String subject, String code) {
    try {
      if (isTotpCode(code)) {
        return totp.verify(subject, code) == TotpAuthenticator.TotpResult.ACCEPTED
            ? Verification.accepted(AuthenticationContext.ONE_TIME_PASSWORD)
            : Verification.rejected();
      }
      return totp.useRecoveryCode(subject, code)
          ? Verification.accepted(AuthenticationContext.RECOVERY_CODE)
          : Verification.rejected();
    } catch (MfaException e) {
      throw new TokenStoreException("the second-factor store cannot answer", e);
    }
  }

  /**
   * Digits and the spaces apps group them with: a TOTP code; anything else may be a recovery code.
   */
  private static boolean isTotpCode(String code) {
    return !code.isBlank() && code.chars().allMatch(c -> (c >= '0' && c <= '9') || c == ' ');
  }

  /** The authenticator's settings (policy, key ids, store). */
  @Override
  public String toString() {
    return "TotpSecondFactor[" + totp + "]";
  }
}
