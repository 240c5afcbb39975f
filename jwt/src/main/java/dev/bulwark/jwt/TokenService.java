package dev.bulwark.jwt;

import dev.bulwark.event.Outcome;
import dev.bulwark.event.SecurityEvent;
import dev.bulwark.event.SecurityEventPublisher;
import dev.bulwark.event.SecurityEventType;
import dev.bulwark.web.ConfigurationException;
import dev.bulwark.web.DeviceToken;
import dev.bulwark.web.internal.SetOnce;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Logs users in, rotates refresh tokens with reuse detection, and logs out: the engine behind the
 * token endpoints, usable without servlets.
 *
 * <p><b>Refresh tokens</b> are opaque: 256 random bits from {@link SecureRandom}, base64url, 43
 * characters. The store keeps only their SHA-256 hash. Each login starts a family; each refresh
 * spends the presented token and issues a new pair (RFC 9700 §4.14.2). Presenting a spent token
 * revokes the whole family and emits {@code token.reuse-detected}: either the legitimate client or
 * a thief holds a stolen copy, and neither may continue. A family ends at its absolute lifetime (7
 * days by default) and a token at its idle timeout (24 hours by default).
 *
 * <p><b>Logout</b> revokes the family named by the access token's {@code sid} and denies the access
 * token's {@code jti} until it expires. Give the same {@link AccessTokenDenylist} to the {@link
 * AccessTokenVerifier}, or logged-out access tokens keep working until they expire.
 *
 * <p><b>Failure</b>: a store that cannot answer throws {@link TokenStoreException}; nothing is
 * issued on a guess. Thread-safe.
 */
public final class TokenService {

  /** Random bytes in a refresh token. */
  public static final int REFRESH_TOKEN_BYTES = 32;

  /** The default absolute lifetime of a refresh family. */
  public static final Duration DEFAULT_ABSOLUTE_LIFETIME = Duration.ofDays(7);

  /** The default idle timeout of a refresh token. */
  public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofHours(24);

  /** The longest reuse grace period that may be configured. */
  public static final Duration MAX_REUSE_GRACE = Duration.ofSeconds(60);

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

  private final AccessTokenIssuer issuer;
  private final RefreshTokenStore store;
  private final AccessTokenDenylist denylist;
  private final @Nullable CredentialVerifier credentials;
  private final LoginThrottle throttle;
  private final Duration absoluteLifetime;
  private final Duration idleTimeout;
  private final Duration grace;
  private final SecurityEventPublisher events;
  private final Clock clock;

  private TokenService(Builder b) {
    this.issuer = b.issuer;
    this.store = b.store;
    this.denylist = Objects.requireNonNull(b.denylist);
    this.credentials = b.credentials;
    this.throttle = b.throttle;
    this.absoluteLifetime = b.absoluteLifetime;
    this.idleTimeout = b.idleTimeout;
    this.grace = b.grace;
    this.events = b.events;
    this.clock = b.clock;
  }

  /**
   * Starts a builder.
   *
   * @param issuer signs the access tokens
   * @param store keeps the refresh families
   * @return a builder
   */
  public static Builder builder(AccessTokenIssuer issuer, RefreshTokenStore store) {
    return new Builder(issuer, store);
  }

  /**
   * Checks credentials with the configured {@link CredentialVerifier} and, when they are valid,
   * starts a family and issues a pair. Emits {@code auth.login.succeeded} or {@code
   * auth.login.failed} (the event does not say whether the user exists).
   *
   * @param username the username
   * @param password the password; wiped before this method returns
   * @param client the client address for events, or null
   * @return the pair, or empty when the credentials are invalid
   * @throws IllegalStateException when no credential verifier was configured
   * @throws TokenStoreException when the user or token store fails
   * @throws LoginThrottledException when the {@link LoginThrottle} refuses the client
   */
  public Optional<TokenPair> login(String username, char[] password, @Nullable String client) {
    return login(username, password, client, null);
  }

  /**
   * As {@link #login(String, char[], String)}, with the device token the client presented: a {@link
   * LoginThrottle} that trusts devices exempts a valid one from the account's lock, and a
   * successful login returns the renewed or new token in {@link TokenPair#deviceToken()}.
   *
   * @param username the username
   * @param password the password; wiped before this method returns
   * @param client the client address for events, or null
   * @param deviceToken the device token the client presented (cookie or body), or null
   * @return the pair, or empty when the credentials are invalid
   * @throws IllegalStateException when no credential verifier was configured
   * @throws TokenStoreException when the user or token store fails
   * @throws LoginThrottledException when the {@link LoginThrottle} refuses the client
   */
  public Optional<TokenPair> login(
      String username, char[] password, @Nullable String client, @Nullable String deviceToken) {
    if (credentials == null) {
      throw new IllegalStateException(
          "TokenService: no CredentialVerifier configured; set credentialVerifier(...)");
    }
    LoginThrottle.Decision decision;
    try {
      decision = throttle.check(username, client, deviceToken);
    } catch (RuntimeException e) {
      // a throttle whose store is down (TokenStoreException): the password must not outlive the
      // refusal either
      Arrays.fill(password, '\0');
      throw e;
    }
    if (decision.action() == LoginThrottle.Action.REJECT_CLIENT) {
      Arrays.fill(password, '\0');
      emit(
          JwtEvents.LOGIN_FAILED,
          Outcome.DENIED,
          client,
          attempted(username),
          Map.of("reason", "client_throttled"));
      throw new LoginThrottledException(decision.retryAfter());
    }
    Optional<AuthenticatedUser> user;
    try {
      // a locked account is checked all the same: the same work, so timing reveals nothing
      user = credentials.verify(username, password);
    } finally {
      Arrays.fill(password, '\0');
    }
    if (decision.action() == LoginThrottle.Action.REJECT_AS_INVALID_CREDENTIALS) {
      user = Optional.empty();
    }
    if (user.isEmpty()) {
      throttle.recordFailure(username, client, decision);
      emit(JwtEvents.LOGIN_FAILED, Outcome.FAILURE, client, attempted(username), Map.of());
      return Optional.empty();
    }
    Optional<DeviceToken> device = throttle.recordSuccess(username, client, decision);
    emit(JwtEvents.LOGIN_SUCCEEDED, Outcome.SUCCESS, client, user.get().subject(), Map.of());
    TokenPair pair = startSession(user.get(), client);
    return Optional.of(device.isPresent() ? pair.withDeviceToken(device.get()) : pair);
  }

  /** The attempted name for an event: attacker-controlled, so cut to 64 characters. */
  private static String attempted(String username) {
    return username.length() > 64 ? username.substring(0, 64) : username;
  }

  /**
   * Starts a family for a user the application authenticated itself, and issues a pair.
   *
   * @param user the authenticated user
   * @param client the client address for events, or null
   * @return the pair
   * @throws TokenStoreException when the store fails
   */
  public TokenPair startSession(AuthenticatedUser user, @Nullable String client) {
    Instant now = clock.instant();
    RefreshFamily family =
        new RefreshFamily(
            AccessTokenIssuer.randomId(),
            user.subject(),
            user.roles(),
            now,
            now.plus(absoluteLifetime));
    String refresh = newRefreshToken();
    Instant idle = idleExpiry(now, family);
    store.createFamily(family, hash(refresh), idle);
    IssuedAccessToken access =
        issuer.issue(user.subject(), user.roles(), family.familyId(), Map.of());
    emit(
        JwtEvents.TOKEN_ISSUED,
        Outcome.SUCCESS,
        client,
        user.subject(),
        Map.of("jti", access.jwtId()));
    return new TokenPair(access, refresh, family.familyId(), idle);
  }

  /**
   * Rotates a refresh token: spends it and issues a new pair.
   *
   * @param refreshToken the presented refresh token
   * @param client the client address for events, or null
   * @return the new pair
   * @throws InvalidTokenException with {@code REFRESH_TOKEN_UNKNOWN}, {@code
   *     REFRESH_TOKEN_EXPIRED}, {@code REFRESH_TOKEN_REVOKED} or {@code REFRESH_TOKEN_REUSED} (the
   *     family has then been revoked)
   * @throws TokenStoreException when the store fails
   */
  public TokenPair refresh(String refreshToken, @Nullable String client)
      throws InvalidTokenException {
    Objects.requireNonNull(refreshToken, "refreshToken");
    if (!wellFormed(refreshToken)) {
      throw rejected(RejectionReason.REFRESH_TOKEN_UNKNOWN, client, null);
    }
    Instant now = clock.instant();
    String replacement = newRefreshToken();
    Instant idle = now.plus(idleTimeout);
    RotationResult r;
    try {
      r = store.rotate(hash(refreshToken), hash(replacement), now, idle, grace);
    } catch (TokenStoreException e) {
      emit(
          JwtEvents.TOKEN_REJECTED,
          Outcome.ERROR,
          client,
          null,
          Map.of("reason", RejectionReason.STORE_UNAVAILABLE.name()));
      throw e;
    }
    RefreshFamily family = r.family();
    switch (r.status()) {
      case ROTATED -> {
        Objects.requireNonNull(family, "a rotated token has a family");
        IssuedAccessToken access =
            issuer.issue(family.subject(), family.roles(), family.familyId(), Map.of());
        emit(
            JwtEvents.TOKEN_REFRESHED,
            Outcome.SUCCESS,
            client,
            family.subject(),
            Map.of("jti", access.jwtId()));
        Instant capped = idle.isAfter(family.expiresAt()) ? family.expiresAt() : idle;
        return new TokenPair(access, replacement, family.familyId(), capped);
      }
      case REUSE_DETECTED -> {
        emit(
            JwtEvents.TOKEN_REUSE_DETECTED,
            Outcome.DENIED,
            client,
            family == null ? null : family.subject(),
            Map.of("family", family == null ? "" : family.familyId()));
        throw new InvalidTokenException(
            RejectionReason.REFRESH_TOKEN_REUSED, "a spent refresh token was presented again");
      }
      case EXPIRED -> throw rejected(RejectionReason.REFRESH_TOKEN_EXPIRED, client, family);
      case REVOKED -> throw rejected(RejectionReason.REFRESH_TOKEN_REVOKED, client, family);
      default -> throw rejected(RejectionReason.REFRESH_TOKEN_UNKNOWN, client, family);
    }
  }

  /**
   * Logs out: revokes the token's refresh family (its {@code sid}) and denies the token's {@code
   * jti} until it expires. Emits {@code token.revoked}.
   *
   * @param token the verified access token of the session
   * @param client the client address for events, or null
   * @throws TokenStoreException when a store fails; the logout must then be retried
   */
  public void logout(VerifiedAccessToken token, @Nullable String client) {
    Instant now = clock.instant();
    String sid = token.sessionId();
    if (sid != null) {
      store.revokeFamily(sid, now);
    }
    if (!token.jwtId().isEmpty()) {
      denylist.deny(token.jwtId(), token.expiresAt());
    }
    emit(
        JwtEvents.TOKEN_REVOKED,
        Outcome.SUCCESS,
        client,
        token.subject(),
        Map.of("jti", token.jwtId()));
  }

  /**
   * The lifetime of the access tokens issued, for {@code expires_in}.
   *
   * @return the access-token lifetime
   */
  public Duration accessTokenLifetime() {
    return issuer.lifetime();
  }

  private Instant idleExpiry(Instant now, RefreshFamily family) {
    Instant idle = now.plus(idleTimeout);
    return idle.isAfter(family.expiresAt()) ? family.expiresAt() : idle;
  }

  private InvalidTokenException rejected(
      RejectionReason reason, @Nullable String client, @Nullable RefreshFamily family) {
    emit(
        JwtEvents.TOKEN_REJECTED,
        Outcome.FAILURE,
        client,
        family == null ? null : family.subject(),
        Map.of("reason", reason.name(), "token", "refresh"));
    return new InvalidTokenException(reason, "refresh token refused: " + reason);
  }

  private void emit(
      SecurityEventType type,
      Outcome outcome,
      @Nullable String client,
      @Nullable String subject,
      Map<String, String> details) {
    SecurityEvent.Builder b =
        SecurityEvent.builder(type, outcome).clock(clock).client(client).subject(subject);
    details.forEach(b::detail);
    events.publish(b.build());
  }

  private static String newRefreshToken() {
    byte[] b = new byte[REFRESH_TOKEN_BYTES];
    RANDOM.nextBytes(b);
    return B64.encodeToString(b);
  }

  private static boolean wellFormed(String token) {
    if (token.length() != 43) {
      return false;
    }
    for (int i = 0; i < token.length(); i++) {
      char c = token.charAt(i);
      if (!((c >= 'A' && c <= 'Z')
          || (c >= 'a' && c <= 'z')
          || (c >= '0' && c <= '9')
          || c == '-'
          || c == '_')) {
        return false;
      }
    }
    return true;
  }

  /**
   * The SHA-256 hash of a refresh token, base64url: what the stores keep.
   *
   * @param refreshToken the token
   * @return the hash
   */
  static String hash(String refreshToken) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      return B64.encodeToString(sha.digest(refreshToken.getBytes(StandardCharsets.US_ASCII)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  /**
   * Lists every effective setting: issuer, refresh-token store, denylist, credential verifier,
   * login throttle, family lifetimes and the reuse grace (a relaxation when not zero); for the
   * start-up log.
   */
  @Override
  public String toString() {
    return "TokenService[issuer="
        + issuer
        + ", store="
        + store
        + ", denylist="
        + denylist
        + ", credentialVerifier="
        + (credentials == null ? "none (login disabled)" : credentials)
        + ", loginThrottle="
        + (throttle == LoginThrottle.NONE ? "none" : throttle)
        + ", absoluteLifetime="
        + absoluteLifetime
        + ", idleTimeout="
        + idleTimeout
        + ", relaxations="
        + (grace.isZero() ? "none" : "[allowReuseOfPreviousTokenWithin=" + grace + "]")
        + "]";
  }

  /**
   * Builder for {@link TokenService}. Not thread-safe. Each setter checks its argument at once and
   * may be called once: a second call throws {@link ConfigurationException} naming it and its
   * earlier value.
   */
  public static final class Builder {
    private final SetOnce settings = new SetOnce("TokenService.Builder");
    private final AccessTokenIssuer issuer;
    private final RefreshTokenStore store;
    private @Nullable AccessTokenDenylist denylist;
    private @Nullable CredentialVerifier credentials;
    private LoginThrottle throttle = LoginThrottle.NONE;
    private Duration absoluteLifetime = DEFAULT_ABSOLUTE_LIFETIME;
    private Duration idleTimeout = DEFAULT_IDLE_TIMEOUT;
    private Duration grace = Duration.ZERO;
    private SecurityEventPublisher events = SecurityEventPublisher.logging();
    private Clock clock = Clock.systemUTC();

    private Builder(AccessTokenIssuer issuer, RefreshTokenStore store) {
      this.issuer = Objects.requireNonNull(issuer, "issuer");
      this.store = Objects.requireNonNull(store, "store");
    }

    /**
     * The denylist that logout writes to (required); give the same one to the verifier.
     *
     * @param denylist the denylist
     * @return this builder
     * @throws ConfigurationException when given twice
     */
    public Builder denylist(AccessTokenDenylist denylist) {
      Objects.requireNonNull(denylist, "denylist");
      settings.set("denylist", denylist);
      this.denylist = denylist;
      return this;
    }

    /**
     * A brute-force throttle consulted by {@link TokenService#login} before the credentials are
     * checked (default {@link LoginThrottle#NONE}).
     *
     * @param throttle the throttle, for example an adapted {@code BruteForceGuard}
     * @return this builder
     * @throws ConfigurationException when given twice
     */
    public Builder loginThrottle(LoginThrottle throttle) {
      Objects.requireNonNull(throttle, "throttle");
      settings.set("loginThrottle", throttle);
      this.throttle = throttle;
      return this;
    }

    /**
     * The application's credential check, needed by {@link TokenService#login}.
     *
     * @param credentials the verifier
     * @return this builder
     * @throws ConfigurationException when given twice
     */
    public Builder credentialVerifier(CredentialVerifier credentials) {
      Objects.requireNonNull(credentials, "credentials");
      settings.set("credentialVerifier", credentials);
      this.credentials = credentials;
      return this;
    }

    /**
     * The absolute lifetime of a family (a login); 7 days by default, 1 minute to 365 days.
     *
     * @param lifetime the lifetime
     * @return this builder
     * @throws ConfigurationException when out of range or given twice
     */
    public Builder absoluteLifetime(Duration lifetime) {
      Objects.requireNonNull(lifetime, "lifetime");
      if (lifetime.compareTo(Duration.ofMinutes(1)) < 0
          || lifetime.compareTo(Duration.ofDays(365)) > 0) {
        throw new ConfigurationException(
            "TokenService: absoluteLifetime must be 1 minute to 365 days (was " + lifetime + ")");
      }
      settings.set("absoluteLifetime", lifetime);
      this.absoluteLifetime = lifetime;
      return this;
    }

    /**
     * How long an unused refresh token stays valid; 24 hours by default, at most the absolute
     * lifetime.
     *
     * @param timeout the idle timeout
     * @return this builder
     * @throws ConfigurationException when out of range or given twice
     */
    public Builder idleTimeout(Duration timeout) {
      Objects.requireNonNull(timeout, "timeout");
      if (timeout.isNegative() || timeout.isZero()) {
        throw new ConfigurationException(
            "TokenService: idleTimeout must be positive (was " + timeout + ")");
      }
      settings.set("idleTimeout", timeout);
      this.idleTimeout = timeout;
      return this;
    }

    /**
     * Relaxation: lets the immediately previous refresh token be presented once more within {@code
     * grace} of its rotation, as long as its successor is unused (a client whose refresh response
     * was lost can retry). Default: no grace. At most 60 seconds. Any older token still revokes the
     * family. Note that with a grace period two concurrent refreshes with the same token both
     * succeed (the second through the grace); without one, exactly one does.
     *
     * @param grace the grace period
     * @return this builder
     * @throws ConfigurationException when out of range or given twice
     */
    public Builder allowReuseOfPreviousTokenWithin(Duration grace) {
      Objects.requireNonNull(grace, "grace");
      if (grace.isNegative() || grace.compareTo(MAX_REUSE_GRACE) > 0) {
        throw new ConfigurationException(
            "TokenService: allowReuseOfPreviousTokenWithin must be 0 to 60 seconds (was "
                + grace
                + "); a long grace lets a stolen token be used unnoticed");
      }
      settings.set("allowReuseOfPreviousTokenWithin", grace);
      this.grace = grace;
      return this;
    }

    /**
     * Where events go; {@link SecurityEventPublisher#logging()} by default.
     *
     * @param events the publisher
     * @return this builder
     * @throws ConfigurationException when given twice
     */
    public Builder events(SecurityEventPublisher events) {
      Objects.requireNonNull(events, "events");
      settings.set("events", events);
      this.events = events;
      return this;
    }

    /**
     * The clock; the system UTC clock by default.
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
     * Checks the required settings and their combination, and builds.
     *
     * @return the service
     * @throws ConfigurationException naming the setting to fix
     */
    public TokenService build() {
      if (denylist == null) {
        throw new ConfigurationException(
            "TokenService: denylist is required so that logout revokes the access token; set"
                + " denylist(InMemoryAccessTokenDenylist.create(...)) and give it to the verifier too");
      }
      if (idleTimeout.compareTo(absoluteLifetime) > 0) {
        throw new ConfigurationException(
            "TokenService: idleTimeout ("
                + idleTimeout
                + ") must be at most absoluteLifetime ("
                + absoluteLifetime
                + "); a refresh token cannot outlive its family");
      }
      return new TokenService(this);
    }
  }
}
