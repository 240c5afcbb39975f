package dev.bulwark.jwt.ratelimit;

import dev.bulwark.jwt.LoginThrottle;
import dev.bulwark.jwt.TokenService;
import dev.bulwark.jwt.TokenStoreException;
import dev.bulwark.ratelimit.BruteForceGuard;
import dev.bulwark.ratelimit.BruteForceVerdict;
import dev.bulwark.web.DeviceToken;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A {@link LoginThrottle} backed by bulwark-ratelimit's {@link BruteForceGuard}: failures counted
 * per username and per client, locked accounts answered exactly like a wrong password, throttled
 * clients answered 429, in memory or shared by every instance through Redis.
 *
 * <pre>{@code
 * BruteForceGuard guard = BruteForceGuard.create(BruteForcePolicy.defaults(), events);
 * TokenService tokens = TokenService.builder(issuer, refreshStore)
 *     .credentialVerifier(accounts)
 *     .loginThrottle(BruteForceLoginThrottle.of(guard))
 *     .build();
 * }</pre>
 *
 * <table>
 *   <caption>How the guard's verdicts become login answers</caption>
 *   <tr><th>guard</th><th>throttle</th><th>login answers</th></tr>
 *   <tr><td>{@code PROCEED}</td><td>{@code PROCEED}</td><td>as the credentials decide</td></tr>
 *   <tr><td>{@code REJECT_AS_INVALID_CREDENTIALS} (account locked)</td><td>the same</td><td>401,
 *       exactly as for a wrong password, after the same hashing work</td></tr>
 *   <tr><td>{@code REJECT_CLIENT}</td><td>the same, with the guard's wait</td><td>429 with {@code
 *       Retry-After}</td></tr>
 *   <tr><td>{@code UNAVAILABLE} (a shared store is down and the guard fails closed)</td><td>throws
 *       {@link TokenStoreException}</td><td>503 with {@code Retry-After}</td></tr>
 * </table>
 *
 * <p>A request without a known client address is counted under the key {@code unknown}, so such
 * requests share one budget rather than escaping it. Thread-safe when the guard is (it is).
 */
public final class BruteForceLoginThrottle implements LoginThrottle {

  /** The client key used when {@link TokenService} knows no client address. */
  public static final String UNKNOWN_CLIENT = "unknown";

  private final BruteForceGuard guard;

  private BruteForceLoginThrottle(BruteForceGuard guard) {
    this.guard = guard;
  }

  /**
   * A throttle that consults the guard.
   *
   * @param guard the brute-force guard
   * @return the throttle
   */
  public static BruteForceLoginThrottle of(BruteForceGuard guard) {
    return new BruteForceLoginThrottle(Objects.requireNonNull(guard, "guard"));
  }

  @Override
  public Decision check(String username, @Nullable String client) {
    return decision(guard.check(username, clientKey(client)));
  }

  private static Decision decision(BruteForceVerdict v) {
    return switch (v.action()) {
      case PROCEED -> Decision.PROCEED;
      case REJECT_AS_INVALID_CREDENTIALS ->
          new Decision(Action.REJECT_AS_INVALID_CREDENTIALS, Duration.ZERO);
      case REJECT_CLIENT -> new Decision(Action.REJECT_CLIENT, v.retryAfter());
      case UNAVAILABLE -> throw new TokenStoreException("the brute-force store is unavailable");
    };
  }

  @Override
  public Decision check(String username, @Nullable String client, @Nullable String deviceToken) {
    BruteForceVerdict v = guard.check(username, clientKey(client), deviceToken);
    if (v.trustedDevice().isPresent()) {
      return new Decision(Action.PROCEED, Duration.ZERO, v.trustedDevice());
    }
    return decision(v);
  }

  @Override
  public void recordFailure(String username, @Nullable String client, Decision decision) {
    guard.recordFailure(username, clientKey(client), verdict(decision));
  }

  @Override
  public Optional<DeviceToken> recordSuccess(
      String username, @Nullable String client, Decision decision) {
    return guard.recordSuccess(username, clientKey(client), verdict(decision));
  }

  /** The guard's view of a decision: only the trusted device matters to recording. */
  private static BruteForceVerdict verdict(Decision d) {
    return d.trustedDevice().isPresent()
        ? new BruteForceVerdict(BruteForceVerdict.Action.PROCEED, Duration.ZERO, d.trustedDevice())
        : new BruteForceVerdict(BruteForceVerdict.Action.PROCEED, Duration.ZERO);
  }

  @Override
  public void recordFailure(String username, @Nullable String client) {
    guard.recordFailure(username, clientKey(client));
  }

  @Override
  public void recordSuccess(String username, @Nullable String client) {
    guard.recordSuccess(username, clientKey(client));
  }

  private static String clientKey(@Nullable String client) {
    return client == null || client.isEmpty() ? UNKNOWN_CLIENT : client;
  }

  @Override
  public String toString() {
    return "BruteForceLoginThrottle[" + guard + "]";
  }
}
