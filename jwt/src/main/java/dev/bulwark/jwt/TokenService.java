package dev.bulwark.jwt;

import dev.bulwark.event.Outcome;
import dev.bulwark.event.SecurityEvent;
import dev.bulwark.event.SecurityEventPublisher;
import dev.bulwark.event.SecurityEventType;
import dev.bulwark.jwt.store.InMemoryMfaChallengeStore;
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
import java.util.List;
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
 * <p><b>Second factor</b>: with a {@link SecondFactor} ({@link Builder#secondFactor}), a correct
 * password from a user who has one yields no tokens but a single-use {@code mfa_token} ({@link
 * LoginResult.SecondFactorRequired}: 256 random bits, kept only hashed in an {@link
 * MfaChallengeStore}, valid 5 minutes); {@link #completeSecondFactor} with the right code issues
 * the pair. Wrong codes count against the account in the {@link LoginThrottle}, and 5 void the mfa
 * token.
 *
 * <p><b>Authentication context</b>: every access token carries {@code auth_time} and, when known,
 * {@code amr} ({@code ["pwd"]}, {@code ["pwd","otp"]}, {@code ["pwd","rcv"]}); both are kept with
 * the refresh family, so a refreshed token says when and how the user signed in, not when it was
 * refreshed. With a second factor configured, tokens also carry {@code mfa_enrolled}.
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

  /** The default (and longest) lifetime of an {@code mfa_token}. */
  public static final Duration DEFAULT_MFA_TOKEN_LIFETIME = Duration.ofMinutes(5);

  /** The wrong codes that void an {@code mfa_token}. */
  public static final int MAX_SECOND_FACTOR_FAILURES = 5;

  /** The longest clock skew an {@link AccessTokenVerifier} accepts: revocations outlast it. */
  private static final Duration MAX_VERIFIER_SKEW = Duration.ofMinutes(5);

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
  private final @Nullable SecondFactor secondFactor;
  private final @Nullable MfaChallengeStore challenges;
  private final Duration mfaTokenLifetime;
  private final CredentialChangeScope credentialChangeScope;

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
    this.secondFactor = b.secondFactor;
    this.challenges = b.challenges;
    this.mfaTokenLifetime = b.mfaTokenLifetime;
    this.credentialChangeScope = b.credentialChangeScope;
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
   * Checks credentials with the configured {@link CredentialVerifier}. When they are valid and the
   * user has no second factor, starts a family and issues a pair ({@link
   * LoginResult.Authenticated}); when the user has one (a {@link SecondFactor} is configured and
   * names methods for the user), issues no token but a single-use {@code mfa_token} ({@link
   * LoginResult.SecondFactorRequired}) for {@link #completeSecondFactor}. Emits {@code
   * auth.login.succeeded}, {@code auth.login.second-factor-required} or {@code auth.login.failed}
   * (the event does not say whether the user exists).
   *
   * @param username the username
   * @param password the password; wiped before this method returns
   * @param client the client address for events, or null
   * @return the pair, the second-factor request, or {@link LoginResult.Failed} when the credentials
   *     are invalid (or the account is locked)
   * @throws IllegalStateException when no credential verifier was configured
   * @throws TokenStoreException when the user, token or second-factor store fails
   * @throws LoginThrottledException when the {@link LoginThrottle} refuses the client
   */
  public LoginResult login(String username, char[] password, @Nullable String client) {
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
   * @return the pair, the second-factor request, or {@link LoginResult.Failed}
   * @throws IllegalStateException when no credential verifier was configured
   * @throws TokenStoreException when the user, token or second-factor store fails
   * @throws LoginThrottledException when the {@link LoginThrottle} refuses the client
   */
  public LoginResult login(
      String username, char[] password, @Nullable String client, @Nullable String deviceToken) {
    return login(username, password, client, deviceToken, null);
  }

  /**
   * As {@link #login(String, char[], String, String)}, with the client's {@code User-Agent} header:
   * the session records a short description of it ({@link SessionClient}), and a sign-in from an
   * address and user agent that none of the subject's live sessions has emits {@code
   * session.new_client}.
   *
   * @param username the username
   * @param password the password; wiped before this method returns
   * @param client the client address for events and the session, or null
   * @param deviceToken the device token the client presented, or null
   * @param userAgent the raw {@code User-Agent} header, or null
   * @return the pair, the second-factor request, or {@link LoginResult.Failed}
   * @throws IllegalStateException when no credential verifier was configured
   * @throws TokenStoreException when the user, token or second-factor store fails
   * @throws LoginThrottledException when the {@link LoginThrottle} refuses the client
   */
  public LoginResult login(
      String username,
      char[] password,
      @Nullable String client,
      @Nullable String deviceToken,
      @Nullable String userAgent) {
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
      return LoginResult.Failed.INSTANCE;
    }
    AuthenticatedUser u = user.get();
    if (secondFactor != null) {
      List<String> methods = secondFactor.methods(u.subject());
      if (!methods.isEmpty()) {
        // the success is recorded only after the second factor: until then the account's failure
        // count stands, and wrong codes add to it
        return challenge(u, username, methods, client);
      }
    }
    Optional<DeviceToken> device = throttle.recordSuccess(username, client, decision);
    emit(JwtEvents.LOGIN_SUCCEEDED, Outcome.SUCCESS, client, u.subject(), Map.of("amr", "pwd"));
    TokenPair pair =
        startSession(u, AuthenticationContext.password(clock.instant()), client, userAgent);
    return new LoginResult.Authenticated(
        device.isPresent() ? pair.withDeviceToken(device.get()) : pair);
  }

  private LoginResult challenge(
      AuthenticatedUser user, String username, List<String> methods, @Nullable String client) {
    MfaChallengeStore store = Objects.requireNonNull(challenges, "built with the second factor");
    String token = newRefreshToken();
    Instant expiresAt = clock.instant().plus(mfaTokenLifetime);
    store.create(
        hash(token), new MfaChallenge(user.subject(), username, user.roles(), methods, expiresAt));
    emit(
        JwtEvents.LOGIN_SECOND_FACTOR_REQUIRED,
        Outcome.SUCCESS,
        client,
        user.subject(),
        Map.of("methods", String.join(" ", methods)));
    return new LoginResult.SecondFactorRequired(token, methods, expiresAt);
  }

  /**
   * The second step of a sign-in: checks the code for the {@code mfa_token} that {@link #login}
   * returned and, when it is right, consumes the token, starts a family and issues a pair whose
   * access tokens carry {@code amr ["pwd", method]} (such as {@code ["pwd","otp"]}) and {@code
   * auth_time}.
   *
   * <p>A wrong (or replayed) code does not consume the mfa token, but the {@value
   * #MAX_SECOND_FACTOR_FAILURES}th voids it; every wrong code also counts as a failed sign-in of
   * the account in the {@link LoginThrottle}, so guessing codes for one account, from however many
   * addresses, runs into the account's lock long before the code space is searched. While the
   * account is locked every code is refused (unchecked, so the user's codes are not spent). Emits
   * {@code auth.login.succeeded} or {@code auth.login.failed} (reason {@code second_factor}).
   *
   * @param mfaToken the {@code mfa_token} from {@link LoginResult.SecondFactorRequired}
   * @param code what the user typed: a TOTP code or a recovery code
   * @param client the client address for events and the throttle, or null
   * @param deviceToken the device token the client presented, or null
   * @return the pair, or empty when the code is wrong (the mfa token may be retried)
   * @throws InvalidTokenException with {@code MFA_TOKEN_INVALID} when the mfa token is unknown,
   *     expired, used or voided: the sign-in must start again with the password
   * @throws IllegalStateException when no second factor was configured
   * @throws TokenStoreException when a store fails
   * @throws LoginThrottledException when the {@link LoginThrottle} refuses the client
   */
  public Optional<TokenPair> completeSecondFactor(
      String mfaToken, String code, @Nullable String client, @Nullable String deviceToken)
      throws InvalidTokenException {
    return completeSecondFactor(mfaToken, code, client, deviceToken, null);
  }

  /**
   * As {@link #completeSecondFactor(String, String, String, String)}, with the client's raw {@code
   * User-Agent} header for the session it starts (see {@link #login(String, char[], String, String,
   * String)}).
   *
   * @param mfaToken the {@code mfa_token}
   * @param code the code
   * @param client the client address, or null
   * @param deviceToken the device token the client presented, or null
   * @param userAgent the raw {@code User-Agent} header, or null
   * @return the pair, or empty when the code is wrong
   * @throws InvalidTokenException with {@code MFA_TOKEN_INVALID}
   * @throws TokenStoreException when a store fails
   * @throws LoginThrottledException when the {@link LoginThrottle} refuses the client
   */
  public Optional<TokenPair> completeSecondFactor(
      String mfaToken,
      String code,
      @Nullable String client,
      @Nullable String deviceToken,
      @Nullable String userAgent)
      throws InvalidTokenException {
    Objects.requireNonNull(mfaToken, "mfaToken");
    Objects.requireNonNull(code, "code");
    SecondFactor factor = secondFactor;
    MfaChallengeStore store = challenges;
    if (factor == null || store == null) {
      throw new IllegalStateException(
          "TokenService: no SecondFactor configured; set secondFactor(...)");
    }
    if (!wellFormed(mfaToken)) {
      throw mfaTokenInvalid(client, null);
    }
    String key = hash(mfaToken);
    Optional<MfaChallenge> found = store.find(key, clock.instant());
    if (found.isEmpty()) {
      throw mfaTokenInvalid(client, null);
    }
    MfaChallenge c = found.get();
    LoginThrottle.Decision decision = throttle.check(c.username(), client, deviceToken);
    if (decision.action() == LoginThrottle.Action.REJECT_CLIENT) {
      emit(
          JwtEvents.LOGIN_FAILED,
          Outcome.DENIED,
          client,
          c.subject(),
          Map.of("reason", "client_throttled"));
      throw new LoginThrottledException(decision.retryAfter());
    }
    SecondFactor.Verification v =
        decision.action() == LoginThrottle.Action.PROCEED
            ? factor.verify(c.subject(), code)
            : SecondFactor.Verification.rejected();
    if (!v.accepted()) {
      throttle.recordFailure(c.username(), client, decision);
      boolean usable = store.recordFailure(key, clock.instant(), MAX_SECOND_FACTOR_FAILURES);
      emit(
          JwtEvents.LOGIN_FAILED,
          Outcome.FAILURE,
          client,
          c.subject(),
          Map.of("reason", "second_factor", "mfa_token", usable ? "kept" : "voided"));
      return Optional.empty();
    }
    if (!store.consume(key, clock.instant())) {
      // a concurrent completion with another right code won the token
      throw mfaTokenInvalid(client, c.subject());
    }
    Optional<DeviceToken> device = throttle.recordSuccess(c.username(), client, decision);
    emit(
        JwtEvents.LOGIN_SUCCEEDED,
        Outcome.SUCCESS,
        client,
        c.subject(),
        Map.of("amr", "pwd " + v.method()));
    TokenPair pair =
        startSession(
            new AuthenticatedUser(c.subject(), c.roles()),
            AuthenticationContext.passwordAnd(clock.instant(), v.method()),
            client,
            userAgent);
    return Optional.of(device.isPresent() ? pair.withDeviceToken(device.get()) : pair);
  }

  /**
   * As {@link #completeSecondFactor(String, String, String, String)} without a device token.
   *
   * @param mfaToken the {@code mfa_token}
   * @param code the code
   * @param client the client address, or null
   * @return the pair, or empty when the code is wrong
   * @throws InvalidTokenException with {@code MFA_TOKEN_INVALID}
   * @throws TokenStoreException when a store fails
   * @throws LoginThrottledException when the {@link LoginThrottle} refuses the client
   */
  public Optional<TokenPair> completeSecondFactor(
      String mfaToken, String code, @Nullable String client) throws InvalidTokenException {
    return completeSecondFactor(mfaToken, code, client, null);
  }

  private InvalidTokenException mfaTokenInvalid(@Nullable String client, @Nullable String subject) {
    emit(
        JwtEvents.TOKEN_REJECTED,
        Outcome.FAILURE,
        client,
        subject,
        Map.of("reason", RejectionReason.MFA_TOKEN_INVALID.name(), "token", "mfa"));
    return new InvalidTokenException(
        RejectionReason.MFA_TOKEN_INVALID,
        "the mfa token is unknown, expired, used or voided; sign in again");
  }

  /** The attempted name for an event: attacker-controlled, so cut to 64 characters. */
  private static String attempted(String username) {
    return username.length() > 64 ? username.substring(0, 64) : username;
  }

  /**
   * Starts a family for a user the application authenticated itself, and issues a pair. The tokens
   * carry {@code auth_time} (now) but no {@code amr}: how the user authenticated is unknown to
   * Bulwark; say it with {@link #startSession(AuthenticatedUser, AuthenticationContext, String)}.
   *
   * @param user the authenticated user
   * @param client the client address for events, or null
   * @return the pair
   * @throws TokenStoreException when the store fails
   */
  public TokenPair startSession(AuthenticatedUser user, @Nullable String client) {
    return startSession(user, new AuthenticationContext(clock.instant(), List.of()), client);
  }

  /**
   * Starts a family for a user the application authenticated itself, saying how and when, and
   * issues a pair; every access token of the family carries the context's {@code amr} and {@code
   * auth_time}, refreshes included.
   *
   * @param user the authenticated user
   * @param authentication how and when the user authenticated
   * @param client the client address for events, or null
   * @return the pair
   * @throws TokenStoreException when the store fails
   */
  public TokenPair startSession(
      AuthenticatedUser user, AuthenticationContext authentication, @Nullable String client) {
    return startSession(user, authentication, client, null);
  }

  /**
   * As {@link #startSession(AuthenticatedUser, AuthenticationContext, String)}, with the client's
   * raw {@code User-Agent} header: the session records the address and a short description of the
   * user agent ({@link SessionClient#of}); when none of the subject's live sessions was last seen
   * with that pair, emits {@code session.new_client} (the application may notify the user: OWASP
   * ASVS 5.0 6.3.5). The memory of "seen" is the subject's live sessions, so a client seen only in
   * sessions that have ended counts as new again.
   *
   * @param user the authenticated user
   * @param authentication how and when the user authenticated
   * @param client the client address, or null
   * @param userAgent the raw {@code User-Agent} header, or null
   * @return the pair
   * @throws TokenStoreException when the store fails
   */
  public TokenPair startSession(
      AuthenticatedUser user,
      AuthenticationContext authentication,
      @Nullable String client,
      @Nullable String userAgent) {
    Objects.requireNonNull(authentication, "authentication");
    SessionClient where = SessionClient.of(client, userAgent);
    boolean newClient =
        !where.equals(SessionClient.UNKNOWN)
            && store.sessions(user.subject(), clock.instant()).stream()
                .noneMatch(known -> known.client().equals(where));
    Instant now = clock.instant();
    RefreshFamily family =
        new RefreshFamily(
            AccessTokenIssuer.randomId(),
            user.subject(),
            user.roles(),
            now,
            now.plus(absoluteLifetime),
            authentication);
    String refresh = newRefreshToken();
    Instant idle = idleExpiry(now, family);
    store.createFamily(family, hash(refresh), idle, where);
    if (newClient) {
      // announced only once the session exists
      emit(
          JwtEvents.SESSION_NEW_CLIENT,
          Outcome.SUCCESS,
          client,
          user.subject(),
          Map.of("user_agent", where.userAgent() == null ? "" : where.userAgent()));
    }
    IssuedAccessToken access = issue(family);
    emit(
        JwtEvents.TOKEN_ISSUED,
        Outcome.SUCCESS,
        client,
        user.subject(),
        Map.of("jti", access.jwtId()));
    return new TokenPair(access, refresh, family.familyId(), idle);
  }

  /**
   * An access token of the family; with a second factor configured, it says whether the user has
   * one now (so a user who enrolled during the session is asked for it at the next refresh).
   */
  private IssuedAccessToken issue(RefreshFamily family) {
    Boolean enrolled = secondFactor == null ? null : secondFactor.isEnrolled(family.subject());
    return issuer.issue(
        family.subject(),
        family.roles(),
        family.familyId(),
        family.authentication(),
        enrolled,
        Map.of());
  }

  /**
   * Rotates a refresh token: spends it and issues a new pair.
   *
   * @param refreshToken the presented refresh token
   * @param client the client address for events, or null
   * @return the new pair
   * @throws InvalidTokenException with {@code REFRESH_TOKEN_UNKNOWN}, {@code
   *     REFRESH_TOKEN_ABSOLUTE_EXPIRED} or {@code REFRESH_TOKEN_IDLE_EXPIRED} (both also emit
   *     {@code session.expired} with the {@code reason}), {@code REFRESH_TOKEN_REVOKED} or {@code
   *     REFRESH_TOKEN_REUSED} (the family has then been revoked)
   * @throws TokenStoreException when the store fails
   */
  public TokenPair refresh(String refreshToken, @Nullable String client)
      throws InvalidTokenException {
    return refresh(refreshToken, client, null);
  }

  /**
   * As {@link #refresh(String, String)}, recording the client address and a short description of
   * its raw {@code User-Agent} header as the session's last use.
   *
   * @param refreshToken the presented refresh token
   * @param client the client address, or null
   * @param userAgent the raw {@code User-Agent} header, or null
   * @return the new pair
   * @throws InvalidTokenException as {@link #refresh(String, String)}
   * @throws TokenStoreException when the store fails
   */
  public TokenPair refresh(String refreshToken, @Nullable String client, @Nullable String userAgent)
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
      r =
          store.rotate(
              hash(refreshToken),
              hash(replacement),
              now,
              idle,
              grace,
              SessionClient.of(client, userAgent));
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
        IssuedAccessToken access = issue(family);
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
      case ABSOLUTE_EXPIRED ->
          throw expired(RejectionReason.REFRESH_TOKEN_ABSOLUTE_EXPIRED, "absolute", client, family);
      case IDLE_EXPIRED ->
          throw expired(RejectionReason.REFRESH_TOKEN_IDLE_EXPIRED, "idle", client, family);
      case REVOKED -> throw rejected(RejectionReason.REFRESH_TOKEN_REVOKED, client, family);
      default -> throw rejected(RejectionReason.REFRESH_TOKEN_UNKNOWN, client, family);
    }
  }

  /**
   * Logs out: revokes the token's refresh family (its {@code sid}), denies the session's access
   * tokens and the token's {@code jti} until they expire. Emits {@code token.revoked}.
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
      // the session's earlier access tokens (before its last refresh) end with it
      denylist.denySession(sid, accessTokensEnd(now));
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
   * What a credential change ends: every session but the one that made the change (the default), or
   * every session.
   */
  public enum CredentialChangeScope {
    /** End every other session; the session that changed the credential stays signed in. */
    OTHER_SESSIONS,
    /** End every session, the current one too: the user signs in again with the new credential. */
    ALL_SESSIONS
  }

  /**
   * A subject's live sessions (not ended, before their absolute end), oldest first, for an account
   * page or an admin view.
   *
   * @param subject the subject
   * @return the sessions
   * @throws TokenStoreException when the store fails
   */
  public List<Session> sessions(String subject) {
    Objects.requireNonNull(subject, "subject");
    return store.sessions(subject, clock.instant());
  }

  /**
   * Ends one session of a subject: it can no longer refresh, and its access tokens are refused at
   * once by every verifier that shares the denylist. A session id that is not one of the subject's
   * live sessions changes nothing (answer 404: never end another user's session by its id).
   *
   * @param subject the subject that owns the session (the caller, or the user an admin acts on)
   * @param sessionId the session id
   * @param reason why, for the event
   * @param client the client address for events, or null
   * @return true when the session was the subject's and is now ended
   * @throws TokenStoreException when a store fails; the call must then be retried
   */
  public boolean endSession(
      String subject, String sessionId, SessionEndReason reason, @Nullable String client) {
    Objects.requireNonNull(sessionId, "sessionId");
    Objects.requireNonNull(reason, "reason");
    Instant now = clock.instant();
    boolean owned = store.sessions(subject, now).stream().anyMatch(x -> x.id().equals(sessionId));
    if (!owned) {
      return false;
    }
    store.revokeFamily(sessionId, now);
    denylist.denySession(sessionId, accessTokensEnd(now));
    emitRevoked(subject, reason, "one", 1, client);
    return true;
  }

  /**
   * Ends every session of the token's subject except the token's own ({@code sid}): they can no
   * longer refresh and their access tokens are refused at once.
   *
   * @param current the verified access token of the session to keep
   * @param reason why, for the event
   * @param client the client address for events, or null
   * @return the number of sessions ended
   * @throws TokenStoreException when a store fails; the call must then be retried
   */
  public int endOtherSessions(
      VerifiedAccessToken current, SessionEndReason reason, @Nullable String client) {
    Objects.requireNonNull(current, "current");
    return endOthers(current.subject(), current.sessionId(), reason, client);
  }

  private int endOthers(
      String subject, @Nullable String keep, SessionEndReason reason, @Nullable String client) {
    if (keep == null) {
      // a token without a session cannot be told apart from the others: end them all
      return endAllSessions(subject, reason, client);
    }
    Instant now = clock.instant();
    List<String> ended = store.revokeSessions(subject, keep, now);
    Instant until = accessTokensEnd(now);
    for (String id : ended) {
      denylist.denySession(id, until);
    }
    emitRevoked(subject, reason, "others", ended.size(), client);
    return ended.size();
  }

  /**
   * Ends every session of a subject ("sign out everywhere", an admin's action, a disabled user): no
   * family refreshes again, and the subject's not-before is set to now in the denylist, so every
   * access token of the subject issued until now is refused at once, sessions or not. Tokens issued
   * in the same second as the call are refused too (iat has whole seconds).
   *
   * @param subject the subject
   * @param reason why, for the event
   * @param client the client address for events, or null
   * @return the number of sessions ended
   * @throws TokenStoreException when a store fails; the call must then be retried
   */
  public int endAllSessions(String subject, SessionEndReason reason, @Nullable String client) {
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(reason, "reason");
    Instant now = clock.instant();
    // families first: no refresh can mint a token after the not-before is written
    List<String> ended = store.revokeSessions(subject, null, now);
    denylist.denySubjectBefore(subject, now, accessTokensEnd(now));
    emitRevoked(subject, reason, "all", ended.size(), client);
    return ended.size();
  }

  /**
   * Call after the user's password changed: ends the other sessions (or all of them, with {@link
   * Builder#credentialChangeEnds}) and emits {@code session.revoked} with reason {@code
   * password_changed} (OWASP ASVS 5.0 7.4.3).
   *
   * @param current the access token of the session that changed the password
   * @param client the client address for events, or null
   * @return the number of sessions ended
   * @throws TokenStoreException when a store fails
   */
  public int passwordChanged(VerifiedAccessToken current, @Nullable String client) {
    return credentialChanged(current, SessionEndReason.PASSWORD_CHANGED, client);
  }

  /**
   * Call after the user's second factor changed (enrolled, replaced, removed): as {@link
   * #passwordChanged}, with reason {@code mfa_changed}.
   *
   * @param current the access token of the session that made the change
   * @param client the client address for events, or null
   * @return the number of sessions ended
   * @throws TokenStoreException when a store fails
   */
  public int secondFactorChanged(VerifiedAccessToken current, @Nullable String client) {
    return credentialChanged(current, SessionEndReason.MFA_CHANGED, client);
  }

  private int credentialChanged(
      VerifiedAccessToken current, SessionEndReason reason, @Nullable String client) {
    Objects.requireNonNull(current, "current");
    return credentialChangeScope == CredentialChangeScope.ALL_SESSIONS
        ? endAllSessions(current.subject(), reason, client)
        : endOthers(current.subject(), current.sessionId(), reason, client);
  }

  /**
   * When the last access token issued now expires, with the longest clock skew a verifier allows.
   */
  private Instant accessTokensEnd(Instant now) {
    return now.plus(issuer.lifetime()).plus(MAX_VERIFIER_SKEW);
  }

  private void emitRevoked(
      String subject, SessionEndReason reason, String scope, int count, @Nullable String client) {
    emit(
        JwtEvents.SESSION_REVOKED,
        Outcome.SUCCESS,
        client,
        subject,
        Map.of("reason", reason.eventName(), "scope", scope, "count", Integer.toString(count)));
  }

  /**
   * The lifetime of the access tokens issued, for {@code expires_in}.
   *
   * @return the access-token lifetime
   */
  public Duration accessTokenLifetime() {
    return issuer.lifetime();
  }

  /**
   * The lifetime of the {@code mfa_token}s issued, for {@code expires_in}.
   *
   * @return the mfa-token lifetime
   */
  public Duration mfaTokenLifetime() {
    return mfaTokenLifetime;
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

  private InvalidTokenException expired(
      RejectionReason reason, String why, @Nullable String client, @Nullable RefreshFamily family) {
    emit(
        JwtEvents.SESSION_EXPIRED,
        Outcome.DENIED,
        client,
        family == null ? null : family.subject(),
        Map.of("reason", why, "session", family == null ? "" : family.familyId()));
    return rejected(reason, client, family);
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
        + ", secondFactor="
        + (secondFactor == null
            ? "none"
            : secondFactor
                + ", mfaTokenLifetime="
                + mfaTokenLifetime
                + ", mfaChallenges="
                + challenges)
        + ", credentialChangeEnds="
        + credentialChangeScope
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
    private @Nullable SecondFactor secondFactor;
    private @Nullable MfaChallengeStore challenges;
    private Duration mfaTokenLifetime = DEFAULT_MFA_TOKEN_LIFETIME;
    private CredentialChangeScope credentialChangeScope = CredentialChangeScope.OTHER_SESSIONS;

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
     * The second factor that {@link TokenService#login} asks for from users who have one (default:
     * none, every correct password signs in). With bulwark-mfa: {@code
     * TotpSecondFactor.of(totpAuthenticator)}.
     *
     * @param factor the second factor
     * @return this builder
     * @throws ConfigurationException when given twice
     */
    public Builder secondFactor(SecondFactor factor) {
      Objects.requireNonNull(factor, "factor");
      settings.set("secondFactor", factor);
      this.secondFactor = factor;
      return this;
    }

    /**
     * Where sign-ins wait for their second factor; by default an {@link
     * dev.bulwark.jwt.store.InMemoryMfaChallengeStore} of 100,000 (one instance only: with several,
     * give a shared store). Needs {@link #secondFactor}.
     *
     * @param store the store
     * @return this builder
     * @throws ConfigurationException when given twice
     */
    public Builder mfaChallengeStore(MfaChallengeStore store) {
      Objects.requireNonNull(store, "store");
      settings.set("mfaChallengeStore", store);
      this.challenges = store;
      return this;
    }

    /**
     * How long an {@code mfa_token} is accepted; 5 minutes by default, 30 seconds to 5 minutes.
     *
     * @param lifetime the lifetime
     * @return this builder
     * @throws ConfigurationException when out of range or given twice
     */
    public Builder mfaTokenLifetime(Duration lifetime) {
      Objects.requireNonNull(lifetime, "lifetime");
      if (lifetime.compareTo(Duration.ofSeconds(30)) < 0
          || lifetime.compareTo(DEFAULT_MFA_TOKEN_LIFETIME) > 0) {
        throw new ConfigurationException(
            "TokenService: mfaTokenLifetime must be 30 seconds to 5 minutes (was "
                + lifetime
                + "); a long-lived mfa token gives a stolen password more time");
      }
      settings.set("mfaTokenLifetime", lifetime);
      this.mfaTokenLifetime = lifetime;
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
     * What {@link TokenService#passwordChanged} and {@link TokenService#secondFactorChanged} end:
     * {@link CredentialChangeScope#OTHER_SESSIONS} by default (the session that made the change
     * stays), or {@link CredentialChangeScope#ALL_SESSIONS}.
     *
     * @param scope the scope
     * @return this builder
     * @throws ConfigurationException when given twice
     */
    public Builder credentialChangeEnds(CredentialChangeScope scope) {
      Objects.requireNonNull(scope, "scope");
      settings.set("credentialChangeEnds", scope);
      this.credentialChangeScope = scope;
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
      if (secondFactor == null && challenges != null) {
        throw new ConfigurationException(
            "TokenService: mfaChallengeStore is set but secondFactor is not; set"
                + " secondFactor(TotpSecondFactor.of(totp)) or drop the store");
      }
      if (secondFactor == null && settings.isSet("mfaTokenLifetime")) {
        throw new ConfigurationException(
            "TokenService: mfaTokenLifetime is set but secondFactor is not; set"
                + " secondFactor(TotpSecondFactor.of(totp)) or drop the lifetime");
      }
      if (secondFactor != null && challenges == null) {
        challenges = InMemoryMfaChallengeStore.create(100_000, clock);
      }
      return new TokenService(this);
    }
  }
}
