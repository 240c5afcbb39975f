package dev.bulwark.jwt;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * An access token that passed every check of an {@link AccessTokenVerifier}: signature by a trusted
 * key, type, issuer, audience, times and denylist.
 *
 * <p>Only the verifier can create one (the constructor is package-private), so a method that takes
 * a {@code VerifiedAccessToken} cannot be handed an unchecked token. Immutable; it holds no key
 * material and not the token string.
 */
public final class VerifiedAccessToken {

  private final String subject;
  private final String issuer;
  private final List<String> audience;
  private final String jwtId;
  private final Instant issuedAt;
  private final Instant expiresAt;
  private final Set<String> roles;
  private final @Nullable String sessionId;
  private final String keyId;
  private final String algorithm;
  private final Map<String, Object> claims;
  private final List<String> authenticationMethods;
  private final @Nullable Instant authTime;
  private final @Nullable Boolean secondFactorEnrolled;

  VerifiedAccessToken(
      String subject,
      String issuer,
      List<String> audience,
      String jwtId,
      Instant issuedAt,
      Instant expiresAt,
      Set<String> roles,
      @Nullable String sessionId,
      String keyId,
      String algorithm,
      Map<String, Object> claims,
      List<String> authenticationMethods,
      @Nullable Instant authTime,
      @Nullable Boolean secondFactorEnrolled) {
    this.subject = subject;
    this.issuer = issuer;
    this.audience = List.copyOf(audience);
    this.jwtId = jwtId;
    this.issuedAt = issuedAt;
    this.expiresAt = expiresAt;
    this.roles = Set.copyOf(roles);
    this.sessionId = sessionId;
    this.keyId = keyId;
    this.algorithm = algorithm;
    this.claims = claims;
    this.authenticationMethods = List.copyOf(authenticationMethods);
    this.authTime = authTime;
    this.secondFactorEnrolled = secondFactorEnrolled;
  }

  /**
   * The {@code amr} claim (RFC 8176): how the user authenticated, such as {@code ["pwd"]} or {@code
   * ["pwd","otp"]}. Tokens of a {@link TokenService} session keep the methods of the sign-in across
   * refreshes.
   *
   * @return the methods; empty when the claim is absent
   */
  public List<String> authenticationMethods() {
    return authenticationMethods;
  }

  /**
   * The {@code auth_time} claim: when the user last authenticated (a refresh keeps the sign-in's
   * time).
   *
   * @return the time, or empty when the claim is absent
   */
  public Optional<Instant> authTime() {
    return Optional.ofNullable(authTime);
  }

  /**
   * The {@code mfa_enrolled} claim ({@link AccessTokenIssuer#SECOND_FACTOR_ENROLLED_CLAIM}):
   * whether the user had a second factor when the token was issued.
   *
   * @return the claim, or empty when the issuer did not say
   */
  public Optional<Boolean> secondFactorEnrolled() {
    return Optional.ofNullable(secondFactorEnrolled);
  }

  /**
   * The {@code sub} claim.
   *
   * @return the subject, not empty
   */
  public String subject() {
    return subject;
  }

  /**
   * The {@code iss} claim.
   *
   * @return the issuer
   */
  public String issuer() {
    return issuer;
  }

  /**
   * The {@code aud} claim.
   *
   * @return the audience values
   */
  public List<String> audience() {
    return audience;
  }

  /**
   * The {@code jti} claim; empty only when the verifier was built with {@code allowMissingJwtId()}.
   *
   * @return the token id
   */
  public String jwtId() {
    return jwtId;
  }

  /**
   * The {@code iat} claim.
   *
   * @return the issue time
   */
  public Instant issuedAt() {
    return issuedAt;
  }

  /**
   * The {@code exp} claim.
   *
   * @return the expiry
   */
  public Instant expiresAt() {
    return expiresAt;
  }

  /**
   * The roles read from the configured roles claim (a JSON array of strings, or a space-separated
   * string); empty when the claim is absent.
   *
   * @return the roles
   */
  public Set<String> roles() {
    return roles;
  }

  /**
   * The {@code sid} claim: the refresh-token family this token was issued with.
   *
   * @return the session id, or null
   */
  public @Nullable String sessionId() {
    return sessionId;
  }

  /**
   * The {@code kid} of the key that verified the token.
   *
   * @return the key id
   */
  public String keyId() {
    return keyId;
  }

  /**
   * The JWS algorithm, such as {@code RS256}.
   *
   * @return the algorithm name
   */
  public String algorithm() {
    return algorithm;
  }

  /**
   * All claims, as parsed JSON values (strings, numbers, booleans, lists, maps).
   *
   * @return an unmodifiable map
   */
  public Map<String, Object> claims() {
    return claims;
  }

  @Override
  public String toString() {
    return "VerifiedAccessToken[sub=" + subject + ", jti=" + jwtId + ", exp=" + expiresAt + "]";
  }
}
