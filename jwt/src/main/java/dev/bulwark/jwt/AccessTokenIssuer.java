package dev.bulwark.jwt;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.bulwark.web.ConfigurationException;
import dev.bulwark.web.internal.SetOnce;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Signs RFC 9068 access tokens with the active key of a {@link KeyRing}.
 *
 * <p>Every token carries the header {@code typ: at+jwt}, {@code alg} and {@code kid} from the key,
 * and the claims {@code iss}, {@code aud}, {@code sub}, {@code iat}, {@code exp} (30 minutes by
 * default), a random 128-bit {@code jti}, the roles claim, an optional {@code sid} (the refresh
 * family, so logout can find it), optionally how and when the user authenticated ({@code amr},
 * {@code auth_time}: an {@link AuthenticationContext}) and optional extra claims. Extra claims
 * cannot overwrite the registered ones: trying is an {@link IllegalArgumentException}.
 *
 * <pre>{@code
 * AccessTokenIssuer issuer = AccessTokenIssuer.builder(keyRing)
 *     .issuer("https://auth.example.com")
 *     .audience("https://api.example.com")
 *     .build();
 * IssuedAccessToken t = issuer.issue("alice", List.of("USER"));
 * }</pre>
 *
 * <p>Immutable and thread-safe. Signing cost is that of the key: about a millisecond for RS256 on
 * JDK 17, microseconds for HS256.
 */
public final class AccessTokenIssuer {

  /** The {@code typ} header value of access tokens (RFC 9068). */
  public static final String ACCESS_TOKEN_TYPE = "at+jwt";

  /** The default lifetime of an access token. */
  public static final Duration DEFAULT_LIFETIME = Duration.ofMinutes(30);

  /** The longest lifetime accepted; longer-lived access is what refresh tokens are for. */
  public static final Duration MAX_LIFETIME = Duration.ofHours(24);

  /** The claim that carries the session (refresh-token family) id. */
  public static final String SESSION_ID_CLAIM = "sid";

  /** The claim that carries the authentication methods (RFC 8176), such as {@code ["pwd"]}. */
  public static final String AMR_CLAIM = "amr";

  /** The claim that carries the authentication time, in epoch seconds (OpenID Connect). */
  public static final String AUTH_TIME_CLAIM = "auth_time";

  /**
   * The claim, written by a {@link TokenService} that has a {@link SecondFactor}, that says whether
   * the subject had a second factor when the token was issued: a boolean. Step-up rules may exempt
   * users whose token says {@code false} ({@link
   * dev.bulwark.jwt.servlet.BearerTokenPolicy.Builder#stepUpOnlyForEnrolledUsers()}).
   */
  public static final String SECOND_FACTOR_ENROLLED_CLAIM = "mfa_enrolled";

  private static final Set<String> REGISTERED =
      Set.of(
          "iss",
          "sub",
          "aud",
          "exp",
          "nbf",
          "iat",
          "jti",
          SESSION_ID_CLAIM,
          "typ",
          "cnf",
          AMR_CLAIM,
          AUTH_TIME_CLAIM,
          SECOND_FACTOR_ENROLLED_CLAIM);
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final JOSEObjectType AT_JWT = new JOSEObjectType(ACCESS_TOKEN_TYPE);

  private final KeyRing keys;
  private final String issuer;
  private final List<String> audience;
  private final Duration lifetime;
  private final String rolesClaim;
  private final Clock clock;

  private AccessTokenIssuer(Builder b) {
    this.keys = b.keys;
    this.issuer = Objects.requireNonNull(b.issuer);
    this.audience = List.copyOf(b.audience);
    this.lifetime = b.lifetime;
    this.rolesClaim = b.rolesClaim;
    this.clock = b.clock;
  }

  /**
   * Starts a builder.
   *
   * @param keys the keys; the active signing key of the current set signs
   * @return a builder
   */
  public static Builder builder(KeyRing keys) {
    return new Builder(keys);
  }

  /**
   * Issues a token with no session and no extra claims.
   *
   * @param subject the {@code sub} claim, not empty
   * @param roles the roles claim
   * @return the signed token
   * @throws IllegalStateException when the current key set has no signing key
   */
  public IssuedAccessToken issue(String subject, Collection<String> roles) {
    return issue(subject, roles, null, Map.of());
  }

  /**
   * Issues a token.
   *
   * @param subject the {@code sub} claim, not empty
   * @param roles the roles claim (a JSON array of strings)
   * @param sessionId the {@code sid} claim (refresh-token family), or null
   * @param extraClaims further claims; none may be registered ({@code iss}, {@code sub}, {@code
   *     aud}, {@code exp}, {@code nbf}, {@code iat}, {@code jti}, {@code sid}, {@code typ}, {@code
   *     cnf}) or the roles claim
   * @return the signed token
   * @throws IllegalArgumentException for an empty subject or an extra claim that would overwrite a
   *     registered one
   * @throws IllegalStateException when the current key set has no signing key
   */
  public IssuedAccessToken issue(
      String subject,
      Collection<String> roles,
      @Nullable String sessionId,
      Map<String, Object> extraClaims) {
    return issue(subject, roles, sessionId, null, null, extraClaims);
  }

  /**
   * Issues a token that says how and when the user authenticated: {@code auth_time} (epoch seconds)
   * and, when the methods are known, {@code amr}.
   *
   * @param subject the {@code sub} claim, not empty
   * @param roles the roles claim (a JSON array of strings)
   * @param sessionId the {@code sid} claim (refresh-token family), or null
   * @param authentication the {@code amr} and {@code auth_time} claims
   * @param extraClaims further claims; none may be registered (those of {@link #issue(String,
   *     Collection, String, Map)}, {@code amr}, {@code auth_time}, {@code mfa_enrolled}) or the
   *     roles claim
   * @return the signed token
   * @throws IllegalArgumentException for an empty subject or an extra claim that would overwrite a
   *     registered one
   * @throws IllegalStateException when the current key set has no signing key
   */
  public IssuedAccessToken issue(
      String subject,
      Collection<String> roles,
      @Nullable String sessionId,
      AuthenticationContext authentication,
      Map<String, Object> extraClaims) {
    Objects.requireNonNull(authentication, "authentication");
    return issue(subject, roles, sessionId, authentication, null, extraClaims);
  }

  /** For {@link TokenService}: also the {@code mfa_enrolled} claim, when known. */
  IssuedAccessToken issue(
      String subject,
      Collection<String> roles,
      @Nullable String sessionId,
      @Nullable AuthenticationContext authentication,
      @Nullable Boolean secondFactorEnrolled,
      Map<String, Object> extraClaims) {
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(roles, "roles");
    Objects.requireNonNull(extraClaims, "extraClaims");
    if (subject.isEmpty()) {
      throw new IllegalArgumentException("the subject must not be empty");
    }
    KeySet.SigningKey key = keys.current().signingKey();
    if (key == null) {
      throw new IllegalStateException(
          "the current key set has no signing key: load a JWK set with a private key");
    }
    Instant now = clock.instant();
    Instant iat = Instant.ofEpochSecond(now.getEpochSecond());
    Instant exp = iat.plus(lifetime);
    String jti = randomId();
    JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder();
    for (Map.Entry<String, Object> e : extraClaims.entrySet()) {
      if (REGISTERED.contains(e.getKey()) || e.getKey().equals(rolesClaim)) {
        throw new IllegalArgumentException(
            "extra claim '" + e.getKey() + "' would overwrite a registered claim; rename it");
      }
      claims.claim(e.getKey(), e.getValue());
    }
    claims
        .issuer(issuer)
        .subject(subject)
        .audience(audience)
        .issueTime(Date.from(iat))
        .expirationTime(Date.from(exp))
        .jwtID(jti)
        .claim(rolesClaim, List.copyOf(roles));
    if (sessionId != null) {
      claims.claim(SESSION_ID_CLAIM, sessionId);
    }
    if (authentication != null) {
      claims.claim(AUTH_TIME_CLAIM, authentication.authTime().getEpochSecond());
      if (!authentication.methods().isEmpty()) {
        claims.claim(AMR_CLAIM, authentication.methods());
      }
    }
    if (secondFactorEnrolled != null) {
      claims.claim(SECOND_FACTOR_ENROLLED_CLAIM, secondFactorEnrolled);
    }
    JWSHeader header = new JWSHeader.Builder(key.algorithm()).keyID(key.kid()).type(AT_JWT).build();
    SignedJWT jwt = new SignedJWT(header, claims.build());
    try {
      jwt.sign(key.signer());
    } catch (JOSEException e) {
      throw new IllegalStateException("signing failed with key '" + key.kid() + "'", e);
    }
    return new IssuedAccessToken(jwt.serialize(), jti, iat, exp);
  }

  /**
   * The configured lifetime of issued tokens.
   *
   * @return the lifetime
   */
  public Duration lifetime() {
    return lifetime;
  }

  static String randomId() {
    byte[] b = new byte[16];
    RANDOM.nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  /**
   * Lists every effective setting: the keys (ids only, never key material), issuer, audience,
   * lifetime and roles claim; for the start-up log.
   */
  @Override
  public String toString() {
    return "AccessTokenIssuer[keys="
        + keys
        + ", issuer="
        + issuer
        + ", audience="
        + audience
        + ", lifetime="
        + lifetime
        + ", rolesClaim="
        + rolesClaim
        + "]";
  }

  /**
   * Builder for {@link AccessTokenIssuer}. Not thread-safe. Each setter checks its argument at once
   * and may be called once: a second call throws {@link ConfigurationException} naming it and its
   * earlier value.
   */
  public static final class Builder {
    private final SetOnce settings = new SetOnce("AccessTokenIssuer.Builder");
    private final KeyRing keys;
    private @Nullable String issuer;
    private List<String> audience = List.of();
    private Duration lifetime = DEFAULT_LIFETIME;
    private String rolesClaim = "roles";
    private Clock clock = Clock.systemUTC();

    private Builder(KeyRing keys) {
      this.keys = Objects.requireNonNull(keys, "keys");
    }

    /**
     * The {@code iss} claim (required).
     *
     * @param issuer usually the HTTPS URL of the issuing service; not blank
     * @return this builder
     * @throws ConfigurationException when blank or given twice
     */
    public Builder issuer(String issuer) {
      Objects.requireNonNull(issuer, "issuer");
      if (issuer.isBlank()) {
        throw new ConfigurationException(
            "AccessTokenIssuer: issuer must not be blank; set issuer(\"https://auth.example.com\")");
      }
      settings.set("issuer", issuer);
      this.issuer = issuer;
      return this;
    }

    /**
     * The {@code aud} claim (required): the resource servers that accept the token.
     *
     * @param audience one or more audience values, none blank
     * @return this builder
     * @throws ConfigurationException when empty, one is blank, or given twice
     */
    public Builder audience(String... audience) {
      List<String> values = List.of(audience);
      if (values.isEmpty() || values.stream().anyMatch(String::isBlank)) {
        throw new ConfigurationException(
            "AccessTokenIssuer: audience needs at least one value and none may be blank (was "
                + values
                + "); set audience(\"https://api.example.com\")");
      }
      settings.set("audience", values);
      this.audience = values;
      return this;
    }

    /**
     * The lifetime of each token; 30 minutes by default, at most 24 hours.
     *
     * @param lifetime a positive duration of whole seconds, at most 24 hours
     * @return this builder
     * @throws ConfigurationException when out of range or given twice
     */
    public Builder lifetime(Duration lifetime) {
      Objects.requireNonNull(lifetime, "lifetime");
      if (lifetime.isNegative()
          || lifetime.isZero()
          || lifetime.compareTo(MAX_LIFETIME) > 0
          || lifetime.getNano() != 0) {
        throw new ConfigurationException(
            "AccessTokenIssuer: lifetime must be whole seconds between 1s and 24h (was "
                + lifetime
                + "); keep access tokens short and use refresh tokens");
      }
      settings.set("lifetime", lifetime);
      this.lifetime = lifetime;
      return this;
    }

    /**
     * The name of the top-level claim that carries the roles; {@code roles} by default.
     *
     * @param name the claim name, not blank and not a registered claim
     * @return this builder
     * @throws ConfigurationException when blank, registered, or given twice
     */
    public Builder rolesClaim(String name) {
      Objects.requireNonNull(name, "name");
      if (name.isBlank() || REGISTERED.contains(name)) {
        throw new ConfigurationException(
            "AccessTokenIssuer: rolesClaim '"
                + name
                + "' is blank or a registered claim; use a name such as roles");
      }
      settings.set("rolesClaim", name);
      this.rolesClaim = name;
      return this;
    }

    /**
     * The clock for {@code iat} and {@code exp}; the system UTC clock by default.
     *
     * @param clock the clock
     * @return this builder
     * @throws ConfigurationException when given twice
     */
    public Builder clock(Clock clock) {
      Objects.requireNonNull(clock, "clock");
      settings.set("clock", clock);
      this.clock = clock;
      return this;
    }

    /**
     * Checks that the required settings are there and builds.
     *
     * @return the issuer
     * @throws ConfigurationException naming the setting to fix
     */
    public AccessTokenIssuer build() {
      if (issuer == null) {
        throw new ConfigurationException(
            "AccessTokenIssuer: issuer is required; set issuer(\"https://auth.example.com\")");
      }
      if (audience.isEmpty()) {
        throw new ConfigurationException(
            "AccessTokenIssuer: audience is required; set audience(\"https://api.example.com\")");
      }
      return new AccessTokenIssuer(this);
    }
  }
}
