package dev.bulwark.ratelimit;

import dev.bulwark.event.SecurityEventPublisher;
import dev.bulwark.ratelimit.internal.Descriptions;
import dev.bulwark.web.ClientIpResolver;
import dev.bulwark.web.ConfigurationException;
import dev.bulwark.web.InitParamBinder;
import dev.bulwark.web.Settings;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The rate-limiting control as one set of string settings describes it: the {@link RateLimitPolicy}
 * (one rule), the store it counts in, the header fields it sends and, optionally, its own client
 * resolution. This is the one vocabulary of the control, whatever the front-end: {@code
 * RateLimitFilter}'s {@code web.xml} init-params, {@code bulwark.ratelimit.*} properties, a test's
 * map.
 *
 * <pre>{@code
 * RateLimitControl control = RateLimitControl.fromSettings(Settings.of("bulwark.ratelimit",
 *     Map.of("limits", "burst=20/1s, hourly=1000/1h", "paths", "/api/**")));
 * Filter filter = new RateLimitFilter(control);
 * }</pre>
 *
 * <table>
 *   <caption>Settings</caption>
 *   <tr><th>name</th><th>value</th><th>default</th></tr>
 *   <tr><td>{@code rule}</td><td>the rule name: 1–32 of {@code a-z 0-9 - _}, starting with a
 *       letter</td><td>{@code default}</td></tr>
 *   <tr><td>{@code limits}</td><td>{@code name=capacity/period}, comma separated, such as {@code
 *       burst=20/1s, hourly=1000/1h}</td><td>required</td></tr>
 *   <tr><td>{@code refill}</td><td>{@code greedy} (one unit back every period / capacity) or
 *       {@code interval} (the whole capacity back when the window ends)</td><td>{@code
 *       greedy}</td></tr>
 *   <tr><td>{@code paths}</td><td>{@code /api/**, /login}</td><td>every path</td></tr>
 *   <tr><td>{@code methods}</td><td>{@code POST, PUT}</td><td>every method</td></tr>
 *   <tr><td>{@code key}</td><td>{@code client}, {@code principal} or {@code header:X-API-Key}</td>
 *       <td>{@code client}</td></tr>
 *   <tr><td>{@code cost}</td><td>units per request, at least 1</td><td>1</td></tr>
 *   <tr><td>{@code countOnlyStatuses}</td><td>{@code 401, 5xx}</td><td>every status</td></tr>
 *   <tr><td>{@code headers}</td><td>{@code ietf}, {@code draft-6}, {@code x-ratelimit}, comma
 *       separated</td><td>{@code ietf}</td></tr>
 *   <tr><td>{@code maxKeys}</td><td>the in-memory store's bound, 1 to 100,000,000</td>
 *       <td>100000</td></tr>
 *   <tr><td>{@code trustedProxies}</td><td>CIDR blocks, when no {@code ClientIpFilter} runs
 *       before</td><td>none (the {@code ClientIpFilter}'s answer, else the socket peer)</td></tr>
 * </table>
 *
 * <p>The store is the bounded in-memory {@link InMemoryRateLimitStore}; a Redis store is chosen in
 * code ({@link RateLimiter.Builder#store(RateLimitStore)}). Immutable and thread-safe; {@link
 * #toString()} lists every effective setting.
 */
public final class RateLimitControl {

  private static final String DEFAULT_RULE = "default";

  private final RateLimitPolicy policy;
  private final long maxKeys;
  private final RateLimitHeaders headers;
  private final @Nullable ClientIpResolver clientIpResolver;

  private RateLimitControl(
      RateLimitPolicy policy,
      long maxKeys,
      RateLimitHeaders headers,
      @Nullable ClientIpResolver clientIpResolver) {
    this.policy = policy;
    this.maxKeys = maxKeys;
    this.headers = headers;
    this.clientIpResolver = clientIpResolver;
  }

  /** What the settings give while they are read, before the rule is built. */
  private static final class Parsed {
    private RateLimitRule.@Nullable Builder rule;
    private Limit.Refill refill = Limit.Refill.GREEDY;
    private boolean hasLimits;
    private final RateLimitHeaders.Builder headers = RateLimitHeaders.builder();
    private long maxKeys = InMemoryRateLimitStore.DEFAULT_MAX_KEYS;
    private ClientIpResolver.@Nullable Builder resolver;

    private void name(String name) {
      rule = RateLimitRule.builder(name);
    }

    /** The rule's builder; {@code rule} is bound first, so the name is known by now. */
    private RateLimitRule.Builder rule() {
      if (rule == null) {
        rule = RateLimitRule.builder(DEFAULT_RULE);
      }
      return rule;
    }

    private void limits(String value) {
      for (String l : value.split(",")) {
        rule().limit(Limit.parse(l.trim()).withRefill(refill));
      }
      hasLimits = true;
    }

    private void headers(String value) {
      List<RateLimitHeaders.Format> formats = new ArrayList<>();
      for (String f : Settings.list(value)) {
        formats.add(InitParamBinder.enumValue(RateLimitHeaders.Format.class, f));
      }
      headers.formats(formats);
    }

    private void maxKeys(long value) {
      // validated by the store's own builder, so the range and its message live in one place
      InMemoryRateLimitStore.builder().maxKeys(value);
      maxKeys = value;
    }

    private void trustedProxies(String value) {
      ClientIpResolver.Builder b = ClientIpResolver.builder();
      b.trustedProxies(Settings.list(value));
      resolver = b;
    }
  }

  /**
   * Reads the control from its settings (see the table above). Keys are bound in the table's order,
   * so {@code refill} applies to every limit wherever it stands in the source.
   *
   * @param settings the settings, from {@code web.xml} or any other front-end
   * @return the control
   * @throws ConfigurationException naming the source and the key: an unknown or misspelt key (with
   *     "did you mean"), a bad value (with the accepted form), an unset placeholder, or no {@code
   *     limits}
   */
  public static RateLimitControl fromSettings(Settings settings) {
    Objects.requireNonNull(settings, "settings");
    Parsed p = new Parsed();
    settings.apply(
        settings
            .binder()
            .param("rule", "a name of lower-case letters, digits, - and _, such as api", p::name)
            .param(
                "refill",
                "greedy (one unit back at a time) or interval (the whole window at once)",
                v -> p.refill = InitParamBinder.enumValue(Limit.Refill.class, v))
            .param(
                "limits",
                "comma-separated name=capacity/period, such as burst=20/1s, hourly=1000/1h",
                p::limits)
            .param(
                "paths",
                "comma-separated patterns such as /api/**, /login",
                v -> p.rule().paths(Settings.list(v)))
            .param(
                "methods",
                "comma-separated HTTP methods such as POST, PUT",
                v -> p.rule().methods(Settings.list(v)))
            .param("key", "client, principal or header:<Header-Name>", v -> p.rule().key(key(v)))
            .param("cost", "a whole number of at least 1", v -> p.rule().cost(Settings.integer(v)))
            .param(
                "countOnlyStatuses",
                "comma-separated statuses or classes such as 401, 5xx",
                v -> p.rule().countOnlyStatuses(Settings.list(v).toArray(new String[0])))
            .param("headers", "comma-separated ietf, draft-6, x-ratelimit", p::headers)
            .param(
                "maxKeys",
                "a whole number from 1 to 100000000",
                v -> p.maxKeys(Settings.integer(v)))
            .param(
                "trustedProxies",
                "comma-separated CIDR blocks such as 10.0.0.0/8",
                p::trustedProxies));
    return settings.build(
        () -> {
          if (!p.hasLimits) {
            throw new ConfigurationException(
                "'limits' is required, such as burst=20/1s, hourly=1000/1h");
          }
          return new RateLimitControl(
              RateLimitPolicy.of(p.rule().build()),
              p.maxKeys,
              p.headers.build(),
              p.resolver == null ? null : p.resolver.build());
        });
  }

  private static KeyFunction key(String v) {
    String lower = v.toLowerCase(Locale.ROOT);
    if (lower.equals("client")) {
      return KeyFunction.clientAddress();
    }
    if (lower.equals("principal")) {
      return KeyFunction.principal();
    }
    if (lower.startsWith("header:") && v.length() > "header:".length()) {
      return KeyFunction.header(v.substring("header:".length()).trim());
    }
    throw new ConfigurationException("unknown key kind");
  }

  /**
   * The policy: one rule.
   *
   * @return the policy
   */
  public RateLimitPolicy policy() {
    return policy;
  }

  /**
   * The header fields to send.
   *
   * @return the renderer
   */
  public RateLimitHeaders headers() {
    return headers;
  }

  /**
   * The control's own client resolution, when {@code trustedProxies} was given.
   *
   * @return the resolver, or empty to use the {@code ClientIpFilter}'s answer, else the socket peer
   */
  public Optional<ClientIpResolver> clientIpResolver() {
    return Optional.ofNullable(clientIpResolver);
  }

  /**
   * The bound of the in-memory store.
   *
   * @return the most keys held
   */
  public long maxKeys() {
    return maxKeys;
  }

  /**
   * A new limiter enforcing the policy, counting in a new store of the chosen kind.
   *
   * @param events where rejection and backend-error events go
   * @return the limiter; closing it closes its store
   */
  public RateLimiter newLimiter(SecurityEventPublisher events) {
    return RateLimiter.builder(policy)
        .store(InMemoryRateLimitStore.builder().maxKeys(maxKeys).build())
        .events(events)
        .build();
  }

  /** Every effective setting, in the settings vocabulary. */
  @Override
  public String toString() {
    return "RateLimitControl["
        + policy
        + ", store=local(maxKeys="
        + maxKeys
        + "), headers="
        + headers
        + ", clientIp="
        + Descriptions.clientIp(clientIpResolver)
        + "]";
  }
}
