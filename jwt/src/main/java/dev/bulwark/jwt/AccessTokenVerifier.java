package dev.bulwark.jwt;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.JWTClaimsSet;
import dev.bulwark.jwt.internal.CompactJws;
import dev.bulwark.web.ConfigurationException;
import dev.bulwark.web.internal.SetOnce;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.jspecify.annotations.Nullable;

/**
 * Verifies access tokens strictly; every relaxation is a named builder method.
 *
 * <p>The checks, in order, each failing with its own {@link RejectionReason}:
 *
 * <ol>
 *   <li>length at most {@link #DEFAULT_MAX_TOKEN_LENGTH} characters ({@code OVERSIZE}) — before any
 *       parsing, so a 5 MB token costs nothing;
 *   <li>exactly three parts in canonical unpadded base64url ({@code MALFORMED}, {@code
 *       NON_CANONICAL_ENCODING}): one token has one spelling, so denylists and caches keyed on it
 *       work;
 *   <li>header: {@code alg} is the algorithm of a trusted key ({@code none} in any case never is);
 *       no {@code jwk}, {@code jku}, {@code x5u}, {@code x5c}, {@code x5t}; no {@code crit}, {@code
 *       b64}, {@code zip} or other parameter than {@code alg}, {@code kid}, {@code typ}; {@code
 *       typ} is {@code at+jwt} (RFC 9068, RFC 8725 §3.11);
 *   <li>{@code kid} names a key of the current {@link KeySet} whose algorithm is {@code alg}
 *       (without {@code kid}, only when exactly one key has that algorithm); the signature verifies
 *       with that key (Nimbus);
 *   <li>claims: {@code iss} equals the expected issuer, {@code aud} contains an accepted audience,
 *       {@code exp}, {@code iat}, {@code sub} and {@code jti} present, now before {@code exp}, not
 *       before {@code nbf}, {@code iat} not in the future — each with the clock skew (60 s by
 *       default, at most 5 minutes);
 *   <li>the {@link AccessTokenDenylist} denies neither the {@code jti} (logout), nor the session
 *       ({@code sid}: a session ended from the account page), nor the subject for tokens issued at
 *       or before its not-before time (sign-out everywhere, password change, disabled user); one
 *       question per token, and a denylist that cannot answer fails closed ({@code
 *       STORE_UNAVAILABLE}).
 * </ol>
 *
 * <p>With {@link Builder#cacheVerifiedTokens(int)}, a bounded cache maps the exact token string to
 * its verified result so repeated requests skip the signature check; the cache is dropped on key
 * rotation, and expiry and the denylist (jti, session and subject) are still checked on every call,
 * so a revocation reaches cached tokens at once: the cache's bound on staleness is zero.
 *
 * <p>Immutable and thread-safe.
 */
public final class AccessTokenVerifier {

  /** The default cap on a token's length, in characters (8 KiB). */
  public static final int DEFAULT_MAX_TOKEN_LENGTH = 8192;

  /** The largest cap that may be configured. */
  public static final int MAX_TOKEN_LENGTH_CAP = 65536;

  /** The default allowed clock skew. */
  public static final Duration DEFAULT_CLOCK_SKEW = Duration.ofSeconds(60);

  /** The largest clock skew that may be configured. */
  public static final Duration MAX_CLOCK_SKEW = Duration.ofMinutes(5);

  private static final Set<String> KEY_HEADERS =
      Set.of("jwk", "jku", "x5u", "x5c", "x5t", "x5t#S256");
  private static final Set<String> KNOWN_HEADERS = Set.of("alg", "kid", "typ");

  private record CacheEntry(KeySet keys, VerifiedAccessToken token, @Nullable Instant notBefore) {}

  private final KeyProvider keys;
  private final String issuer;
  private final Set<String> audiences;
  private final Duration skew;
  private final int maxLength;
  private final String[] rolesPath;
  private final @Nullable AccessTokenDenylist denylist;
  private final Clock clock;
  private final boolean allowTypeJwt;
  private final boolean allowMissingJwtId;
  private final int cacheSize;
  private final @Nullable Cache<String, CacheEntry> cache;
  private final AtomicReferenceArray<CheckedHeader> recentHeaders =
      new AtomicReferenceArray<>(RECENT_HEADERS);
  private final AtomicInteger nextHeaderSlot = new AtomicInteger();

  private AccessTokenVerifier(Builder b) {
    this.keys = b.keys;
    this.issuer = Objects.requireNonNull(b.issuer);
    this.audiences = Set.copyOf(b.audiences);
    this.skew = b.skew;
    this.maxLength = b.maxLength;
    this.rolesPath = b.rolesClaim.split("\\.");
    this.denylist = b.denylist;
    this.clock = b.clock;
    this.allowTypeJwt = b.allowTypeJwt;
    this.allowMissingJwtId = b.allowMissingJwtId;
    this.cacheSize = b.cacheSize;
    this.cache = b.cacheSize > 0 ? Caffeine.newBuilder().maximumSize(b.cacheSize).build() : null;
  }

  /**
   * Starts a builder.
   *
   * @param keys the trusted keys; the current set is read on every call
   * @return a builder
   */
  public static Builder builder(KeyRing keys) {
    return new Builder(keys);
  }

  /**
   * Starts a builder for tokens of another issuer, whose keys come from its JWKS endpoint.
   *
   * @param keys the remote key source
   * @return a builder
   */
  public static Builder builder(RemoteJwks keys) {
    return new Builder(keys);
  }

  /**
   * Verifies a token.
   *
   * @param token the compact JWS, as received (without the {@code Bearer } prefix)
   * @return the verified token
   * @throws InvalidTokenException with the precise reason; never show it to the client
   */
  public VerifiedAccessToken verify(@Nullable String token) throws InvalidTokenException {
    if (token == null || token.isEmpty()) {
      throw reject(RejectionReason.MISSING, "no token");
    }
    if (token.length() > maxLength) {
      throw reject(
          RejectionReason.OVERSIZE,
          "token of " + token.length() + " characters (cap " + maxLength + ")");
    }
    Instant now = clock.instant();
    KeySet keySet = keySet(null);
    if (cache != null) {
      CacheEntry hit = cache.getIfPresent(token);
      if (hit != null && hit.keys() == keySet) {
        checkTimes(hit.token().expiresAt(), hit.notBefore(), hit.token().issuedAt(), now);
        checkDenylist(hit.token(), now);
        return hit.token();
      }
    }
    int firstDot = token.indexOf('.');
    int secondDot = firstDot < 0 ? -1 : token.indexOf('.', firstDot + 1);
    if (secondDot < 0 || token.indexOf('.', secondDot + 1) >= 0) {
      throw reject(RejectionReason.MALFORMED, "not a three-part compact JWS");
    }
    // One copy of the token as bytes serves the base64url decoder (every part is checked to be
    // base64url characters before it is decoded) and the signature's input.
    byte[] latin1 = token.getBytes(StandardCharsets.ISO_8859_1);
    CheckedHeader checked = recentHeader(keySet, token, firstDot);
    if (checked == null) {
      checked = checkHeader(keySet, token, latin1, firstDot);
    }
    KeySet.VerificationKey key = checked.key();
    byte[] payloadBytes = CompactJws.decodeCanonical(token, latin1, firstDot + 1, secondDot);
    byte[] signature = CompactJws.decodeCanonical(token, latin1, secondDot + 1, token.length());
    if (payloadBytes == null || signature == null) {
      throw reject(RejectionReason.NON_CANONICAL_ENCODING, "payload or signature is not canonical");
    }
    boolean valid;
    try {
      HmacVerifier hmac = key.hmac();
      valid =
          hmac != null
              ? hmac.verify(latin1, secondDot, signature)
              : key.verifier()
                  .verify(
                      checked.jwsHeader(),
                      Arrays.copyOf(latin1, secondDot),
                      new Base64URL(token.substring(secondDot + 1)));
    } catch (JOSEException | RuntimeException e) {
      valid = false;
    }
    if (!valid) {
      throw reject(
          RejectionReason.BAD_SIGNATURE, "signature does not verify with key " + key.kid());
    }
    if (checked.encoded() == null) {
      remember(checked, token.substring(0, firstDot));
    }
    keySet = checked.keys(); // the refreshed set when the kid was new
    // the claims are parsed only once the signature proved who wrote them
    JWTClaimsSet claims;
    try {
      claims = JWTClaimsSet.parse(new String(payloadBytes, StandardCharsets.UTF_8));
    } catch (ParseException e) {
      throw reject(RejectionReason.MALFORMED_JSON, "claims are not a valid JSON object");
    }
    VerifiedAccessToken verified = checkClaims(claims, key, now);
    if (cache != null) {
      cache.put(token, new CacheEntry(keySet, verified, toInstant(claims.getNotBeforeTime())));
    }
    return verified;
  }

  /**
   * A header that passed every header check against one key set, and the key it selected. Header
   * checks depend only on the header's text and the key set, and one issuer's tokens share a few
   * headers, so a header seen in a token whose signature verified is not parsed again.
   *
   * @param keys the key set it was checked against (refreshed when its kid was new)
   * @param encoded the header's base64url text; null until a signature under it verified
   */
  private record CheckedHeader(
      KeySet keys, @Nullable String encoded, KeySet.VerificationKey key, JWSHeader jwsHeader) {}

  /** How many headers are remembered: enough for a key rotation's old and new key, and typ. */
  private static final int RECENT_HEADERS = 4;

  private @Nullable CheckedHeader recentHeader(KeySet keySet, String token, int headerEnd) {
    for (int i = 0; i < RECENT_HEADERS; i++) {
      CheckedHeader h = recentHeaders.get(i);
      if (h != null
          && h.keys() == keySet
          && h.encoded() != null
          && h.encoded().length() == headerEnd
          && token.startsWith(h.encoded())) {
        return h;
      }
    }
    return null;
  }

  private void remember(CheckedHeader checked, String encoded) {
    // Only after the signature verified: an attacker cannot fill the slots with headers of forged
    // tokens. A racing writer may overwrite another's slot; that costs a re-parse, nothing more.
    int slot = Math.floorMod(nextHeaderSlot.getAndIncrement(), RECENT_HEADERS);
    recentHeaders.set(
        slot, new CheckedHeader(checked.keys(), encoded, checked.key(), checked.jwsHeader()));
  }

  private CheckedHeader checkHeader(KeySet keySet, String token, byte[] latin1, int headerEnd)
      throws InvalidTokenException {
    byte[] headerBytes = CompactJws.decodeCanonical(token, latin1, 0, headerEnd);
    if (headerBytes == null) {
      throw reject(RejectionReason.NON_CANONICAL_ENCODING, "header is not canonical base64url");
    }
    Map<String, Object> header;
    try {
      header = JSONObjectUtils.parse(new String(headerBytes, StandardCharsets.UTF_8));
    } catch (ParseException e) {
      throw reject(RejectionReason.MALFORMED_JSON, "header is not a JSON object");
    }
    Object alg = header.get("alg");
    if (!(alg instanceof String algName) || !keySet.algorithmNames().contains(algName)) {
      throw reject(
          RejectionReason.ALGORITHM_NOT_ALLOWED, "alg is not the algorithm of a trusted key");
    }
    for (String name : header.keySet()) {
      if (KEY_HEADERS.contains(name)) {
        throw reject(RejectionReason.EMBEDDED_OR_REMOTE_KEY, "header parameter '" + name + "'");
      }
      if (!KNOWN_HEADERS.contains(name)) {
        throw reject(RejectionReason.UNSUPPORTED_HEADER, "header parameter not accepted");
      }
    }
    checkType(header.get("typ"));
    Object kid = header.get("kid");
    KeySet keysForKid = keySet;
    if (kid instanceof String k && keySet.verificationKey(k) == null) {
      // an unknown kid may be a key the issuer has just rotated in
      keysForKid = keySet(k);
    }
    KeySet.VerificationKey key = keyFor(keysForKid, kid, algName);
    // Nimbus gets the header map parsed above: JWSHeader.parse(String) would parse it again
    JWSHeader jwsHeader;
    try {
      jwsHeader = JWSHeader.parse(header, new Base64URL(token.substring(0, headerEnd)));
    } catch (ParseException e) {
      throw reject(RejectionReason.MALFORMED_JSON, "not a parseable JWS header");
    }
    return new CheckedHeader(keysForKid, null, key, jwsHeader);
  }

  private KeySet keySet(@Nullable String unknownKid) throws InvalidTokenException {
    try {
      return unknownKid == null ? keys.current() : keys.refreshedFor(unknownKid);
    } catch (KeyProvider.KeysUnavailableException e) {
      throw new InvalidTokenException(
          RejectionReason.KEYS_UNAVAILABLE,
          Objects.requireNonNullElse(e.getMessage(), "signing keys unavailable"),
          e);
    }
  }

  private void checkType(@Nullable Object typ) throws InvalidTokenException {
    if (typ instanceof String t) {
      String v = t.toLowerCase(Locale.ROOT);
      if (v.equals("at+jwt") || v.equals("application/at+jwt")) {
        return;
      }
      if (allowTypeJwt && (v.equals("jwt") || v.equals("application/jwt"))) {
        return;
      }
    } else if (typ == null && allowTypeJwt) {
      return;
    }
    throw reject(RejectionReason.WRONG_TYPE, "typ is not at+jwt");
  }

  private static KeySet.VerificationKey keyFor(KeySet keySet, @Nullable Object kid, String alg)
      throws InvalidTokenException {
    KeySet.VerificationKey key = null;
    if (kid instanceof String k) {
      key = keySet.verificationKey(k);
    } else if (kid == null) {
      for (KeySet.VerificationKey candidate : keySet.verificationKeys().values()) {
        if (candidate.algorithm().getName().equals(alg)) {
          if (key != null) {
            throw reject(RejectionReason.UNKNOWN_KEY, "no kid and several keys for " + alg);
          }
          key = candidate;
        }
      }
    }
    if (key == null) {
      throw reject(RejectionReason.UNKNOWN_KEY, "kid names no trusted key");
    }
    if (!key.algorithm().getName().equals(alg)) {
      throw reject(
          RejectionReason.ALGORITHM_NOT_ALLOWED, "alg is not the algorithm of key " + key.kid());
    }
    return key;
  }

  private VerifiedAccessToken checkClaims(
      JWTClaimsSet claims, KeySet.VerificationKey key, Instant now) throws InvalidTokenException {
    String iss = claims.getIssuer();
    if (iss == null) {
      throw reject(RejectionReason.MISSING_ISSUER, "no iss");
    }
    if (!iss.equals(issuer)) {
      throw reject(RejectionReason.WRONG_ISSUER, "unexpected iss");
    }
    List<String> aud = claims.getAudience();
    if (aud.isEmpty()) {
      throw reject(RejectionReason.MISSING_AUDIENCE, "no aud");
    }
    if (Collections.disjoint(aud, audiences)) {
      throw reject(RejectionReason.WRONG_AUDIENCE, "aud holds no accepted audience");
    }
    Instant exp = toInstant(claims.getExpirationTime());
    if (exp == null) {
      throw reject(RejectionReason.MISSING_EXPIRATION, "no exp");
    }
    Instant iat = toInstant(claims.getIssueTime());
    if (iat == null) {
      throw reject(RejectionReason.MISSING_ISSUED_AT, "no iat");
    }
    checkTimes(exp, toInstant(claims.getNotBeforeTime()), iat, now);
    String sub = claims.getSubject();
    if (sub == null || sub.isEmpty()) {
      throw reject(RejectionReason.MISSING_SUBJECT, "no sub");
    }
    String jti = claims.getJWTID();
    if (jti == null || jti.isEmpty()) {
      if (!allowMissingJwtId) {
        throw reject(RejectionReason.MISSING_JWT_ID, "no jti");
      }
      jti = "";
    }
    String sid;
    Set<String> roles;
    List<String> amr;
    Date authTime;
    Boolean enrolled;
    Map<String, Object> json = claims.toJSONObject(); // a fresh copy per call: build it once
    try {
      sid = claims.getStringClaim(AccessTokenIssuer.SESSION_ID_CLAIM);
      roles = roles(json);
      amr = claims.getStringListClaim(AccessTokenIssuer.AMR_CLAIM);
      authTime = authTime(json.get(AccessTokenIssuer.AUTH_TIME_CLAIM));
      enrolled = claims.getBooleanClaim(AccessTokenIssuer.SECOND_FACTOR_ENROLLED_CLAIM);
    } catch (ParseException e) {
      throw reject(
          RejectionReason.MALFORMED_JSON,
          "sid, roles, amr, auth_time or mfa_enrolled claim has the wrong type");
    }
    VerifiedAccessToken verified =
        new VerifiedAccessToken(
            sub,
            iss,
            aud,
            jti,
            iat,
            exp,
            roles,
            sid,
            key.kid(),
            key.algorithm().getName(),
            Collections.unmodifiableMap(json),
            amr == null ? List.of() : amr,
            toInstant(authTime),
            enrolled);
    checkDenylist(verified, now);
    return verified;
  }

  /** {@code auth_time}: a whole number of epoch seconds, or absent. */
  private static @Nullable Date authTime(@Nullable Object value) throws ParseException {
    if (value == null) {
      return null;
    }
    // JSON integers parse as Long; the bound (year 9999) keeps the milliseconds from overflowing
    if ((value instanceof Long || value instanceof Integer)
        && ((Number) value).longValue() >= 0
        && ((Number) value).longValue() <= 253_402_300_799L) {
      return new Date(((Number) value).longValue() * 1000L);
    }
    throw new ParseException("auth_time is not a whole number of seconds", 0);
  }

  private void checkTimes(Instant exp, @Nullable Instant nbf, Instant iat, Instant now)
      throws InvalidTokenException {
    if (!now.isBefore(exp.plus(skew))) {
      throw reject(RejectionReason.EXPIRED, "expired");
    }
    if (nbf != null && now.plus(skew).isBefore(nbf)) {
      throw reject(RejectionReason.NOT_YET_VALID, "before nbf");
    }
    if (iat.isAfter(now.plus(skew))) {
      throw reject(RejectionReason.ISSUED_IN_FUTURE, "iat in the future");
    }
  }

  private void checkDenylist(VerifiedAccessToken token, Instant now) throws InvalidTokenException {
    if (denylist == null) {
      return;
    }
    boolean denied;
    try {
      // one question per token: its jti, its session and its subject's not-before
      denied =
          denylist.isDenied(
              token.jwtId(), token.sessionId(), token.subject(), token.issuedAt(), now);
    } catch (RuntimeException e) {
      throw new InvalidTokenException(
          RejectionReason.STORE_UNAVAILABLE, "the denylist cannot answer; failing closed", e);
    }
    if (denied) {
      throw reject(RejectionReason.REVOKED, "jti, session or subject is denied");
    }
  }

  private Set<String> roles(Map<String, Object> claims) throws ParseException {
    Object node = claims;
    for (String step : rolesPath) {
      if (!(node instanceof Map<?, ?> map)) {
        return Set.of();
      }
      node = map.get(step);
    }
    if (node == null) {
      return Set.of();
    }
    Set<String> out = new LinkedHashSet<>();
    if (node instanceof String s) {
      for (String r : s.split(" ")) {
        if (!r.isEmpty()) {
          out.add(r);
        }
      }
      return out;
    }
    if (node instanceof List<?> list) {
      for (Object o : list) {
        if (!(o instanceof String s)) {
          throw new ParseException("a role is not a string", 0);
        }
        out.add(s);
      }
      return out;
    }
    throw new ParseException("the roles claim is neither an array nor a string", 0);
  }

  private static @Nullable Instant toInstant(@Nullable Date d) {
    return d == null ? null : d.toInstant();
  }

  private static InvalidTokenException reject(RejectionReason reason, String message) {
    return new InvalidTokenException(reason, message);
  }

  /**
   * Lists every effective setting: the keys (ids only, never key material), issuer, audiences,
   * clock skew, length cap, roles claim, denylist, verified-token cache, and each relaxation by its
   * method name; for the start-up log.
   */
  @Override
  public String toString() {
    List<String> relaxations = new ArrayList<>();
    if (allowTypeJwt) {
      relaxations.add("allowTypeJwt");
    }
    if (allowMissingJwtId) {
      relaxations.add("allowMissingJwtId");
    }
    return "AccessTokenVerifier[keys="
        + keys
        + ", issuer="
        + issuer
        + ", audience="
        + audiences.stream().sorted().toList()
        + ", clockSkew="
        + skew
        + ", maxTokenLength="
        + maxLength
        + ", rolesClaim="
        + String.join(".", rolesPath)
        + ", denylist="
        + (denylist == null ? "none (revoked tokens stay valid until they expire)" : denylist)
        + ", cacheVerifiedTokens="
        + (cacheSize == 0 ? "off" : cacheSize)
        + ", relaxations="
        + (relaxations.isEmpty() ? "none" : relaxations)
        + "]";
  }

  /**
   * Builder for {@link AccessTokenVerifier}. Not thread-safe. Issuer and audience are required;
   * everything else is strict unless relaxed by a named method. Each setter checks its argument at
   * once and may be called once (a second call throws {@link ConfigurationException} naming it and
   * its earlier value), except {@link #audience}, which adds.
   */
  public static final class Builder {
    private final SetOnce settings = new SetOnce("AccessTokenVerifier.Builder");
    private final KeyProvider keys;
    private @Nullable String issuer;
    private final List<String> audiences = new ArrayList<>();
    private Duration skew = DEFAULT_CLOCK_SKEW;
    private int maxLength = DEFAULT_MAX_TOKEN_LENGTH;
    private String rolesClaim = "roles";
    private @Nullable AccessTokenDenylist denylist;
    private Clock clock = Clock.systemUTC();
    private boolean allowTypeJwt;
    private boolean allowMissingJwtId;
    private int cacheSize;

    private Builder(KeyProvider keys) {
      this.keys = Objects.requireNonNull(keys, "keys");
    }

    /**
     * The expected {@code iss} (required, exact match).
     *
     * @param issuer the issuer, not blank
     * @return this builder
     * @throws ConfigurationException when blank or given twice
     */
    public Builder issuer(String issuer) {
      Objects.requireNonNull(issuer, "issuer");
      if (issuer.isBlank()) {
        throw new ConfigurationException(
            "AccessTokenVerifier: issuer must not be blank; set issuer(\"https://auth.example.com\")");
      }
      settings.set("issuer", issuer);
      this.issuer = issuer;
      return this;
    }

    /**
     * Adds accepted audiences (at least one required); a token's {@code aud} must contain one.
     *
     * @param audience the audience values, not blank
     * @return this builder
     * @throws ConfigurationException when one is blank
     */
    public Builder audience(String... audience) {
      for (String a : audience) {
        if (Objects.requireNonNull(a, "audience").isBlank()) {
          throw new ConfigurationException(
              "AccessTokenVerifier: an audience must not be blank; set"
                  + " audience(\"https://api.example.com\")");
        }
      }
      audiences.addAll(List.of(audience));
      return this;
    }

    /**
     * The clock skew tolerated on {@code exp}, {@code nbf} and {@code iat}; 60 s by default, at
     * most 5 minutes.
     *
     * @param skew the tolerance, 0 to 5 minutes
     * @return this builder
     * @throws ConfigurationException when out of range or given twice
     */
    public Builder clockSkew(Duration skew) {
      Objects.requireNonNull(skew, "skew");
      if (skew.isNegative() || skew.compareTo(MAX_CLOCK_SKEW) > 0) {
        throw new ConfigurationException(
            "AccessTokenVerifier: clockSkew must be 0 to 5 minutes (was "
                + skew
                + "); fix the clocks (NTP) rather than widen the window");
      }
      settings.set("clockSkew", skew);
      this.skew = skew;
      return this;
    }

    /**
     * The longest token accepted, in characters; 8192 by default, at most 65536.
     *
     * @param maxLength the cap, 64 to 65536
     * @return this builder
     * @throws ConfigurationException when out of range or given twice
     */
    public Builder maxTokenLength(int maxLength) {
      if (maxLength < 64 || maxLength > MAX_TOKEN_LENGTH_CAP) {
        throw new ConfigurationException(
            "AccessTokenVerifier: maxTokenLength must be 64 to 65536 characters (was "
                + maxLength
                + ")");
      }
      settings.set("maxTokenLength", maxLength);
      this.maxLength = maxLength;
      return this;
    }

    /**
     * The claim that holds the roles: a top-level name ({@code roles}, the default) or a dotted
     * path into nested objects ({@code realm_access.roles} for Keycloak).
     *
     * @param path the claim path
     * @return this builder
     * @throws ConfigurationException when not a name or dotted path, or given twice
     */
    public Builder rolesClaim(String path) {
      Objects.requireNonNull(path, "path");
      if (path.isBlank() || path.startsWith(".") || path.endsWith(".") || path.contains("..")) {
        throw new ConfigurationException(
            "AccessTokenVerifier: rolesClaim '"
                + path
                + "' is not a claim name or dotted path such as realm_access.roles");
      }
      settings.set("rolesClaim", path);
      this.rolesClaim = path;
      return this;
    }

    /**
     * The denylist checked for every token (logout). Without it revoked tokens stay valid until
     * they expire.
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
     * Relaxation: also accept {@code typ: JWT} or no {@code typ}, for issuers that do not follow
     * RFC 9068. Weakens the separation between access tokens and other JWTs signed by the same keys
     * (ID tokens, for example).
     *
     * @return this builder
     * @throws ConfigurationException when given twice
     */
    public Builder allowTypeJwt() {
      settings.set("allowTypeJwt", true);
      this.allowTypeJwt = true;
      return this;
    }

    /**
     * Relaxation: accept tokens without {@code jti}. Such tokens cannot be revoked by the denylist.
     *
     * @return this builder
     * @throws ConfigurationException when given twice
     */
    public Builder allowMissingJwtId() {
      settings.set("allowMissingJwtId", true);
      this.allowMissingJwtId = true;
      return this;
    }

    /**
     * Keeps up to {@code maxEntries} verified tokens so that repeated requests with the same token
     * skip the signature check. Expiry and the denylist are still checked on every call; a key
     * rotation empties the cache's effect.
     *
     * @param maxEntries the bound, 1 to 1,000,000
     * @return this builder
     * @throws ConfigurationException when out of range or given twice
     */
    public Builder cacheVerifiedTokens(int maxEntries) {
      if (maxEntries < 1 || maxEntries > 1_000_000) {
        throw new ConfigurationException(
            "AccessTokenVerifier: cacheVerifiedTokens must be 1 to 1,000,000 entries (was "
                + maxEntries
                + ")");
      }
      settings.set("cacheVerifiedTokens", maxEntries);
      this.cacheSize = maxEntries;
      return this;
    }

    /**
     * Checks that the required settings are there and builds.
     *
     * @return the verifier
     * @throws ConfigurationException naming the setting to fix
     */
    public AccessTokenVerifier build() {
      if (issuer == null) {
        throw new ConfigurationException(
            "AccessTokenVerifier: issuer is required; set issuer(\"https://auth.example.com\")");
      }
      if (audiences.isEmpty()) {
        throw new ConfigurationException(
            "AccessTokenVerifier: at least one audience is required; set"
                + " audience(\"https://api.example.com\")");
      }
      if (keys instanceof KeyRing ring && ring.current().verificationKeyIds().isEmpty()) {
        throw new ConfigurationException(
            "AccessTokenVerifier: the key set has no key that may verify; check key_ops");
      }
      return new AccessTokenVerifier(this);
    }
  }
}
