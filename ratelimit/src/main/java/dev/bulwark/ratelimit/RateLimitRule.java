package dev.bulwark.ratelimit;

import dev.bulwark.ratelimit.internal.StatusSet;
import dev.bulwark.web.ConfigurationException;
import dev.bulwark.web.PathPattern;
import dev.bulwark.web.internal.SetOnce;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.BucketConfiguration;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.function.IntPredicate;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * One rate-limiting rule: which requests it covers, whose budget they count against, and the limits
 * that budget has.
 *
 * <p>A rule <em>matches</em> a request when its path matches one of the {@linkplain
 * Builder#paths(String...) path patterns} (every path when none is given), its method is one of the
 * {@linkplain Builder#methods(String...) methods} (every method when none is given) and the
 * optional {@linkplain Builder#matching(Predicate) predicate} accepts it. A matched request is
 * <em>skipped</em> (not limited, and no later rule is consulted) when the {@linkplain
 * Builder#skipWhen(Predicate) skip predicate} accepts it; otherwise its {@linkplain
 * Builder#key(KeyFunction) key} is computed and {@linkplain Builder#cost(long) cost} units are
 * taken from every {@linkplain Builder#limit(Limit) limit} at once.
 *
 * <p>A rule can {@linkplain Builder#countOnlyStatuses(String...) count only some outcomes}, for
 * example only 401 answers on a login endpoint. The units are still taken <em>before</em> the
 * request runs and given back afterwards when the outcome is not counted: checking first and
 * counting afterwards would let a burst of concurrent guesses all pass the check.
 *
 * <p>Immutable and thread-safe; predicates and key functions given to the builder must be too.
 *
 * <pre>{@code
 * RateLimitRule api = RateLimitRule.builder("api")
 *     .paths("/api/**")
 *     .limit(Limit.of("burst", 20, Duration.ofSeconds(1)))
 *     .limit(Limit.of("hourly", 1000, Duration.ofHours(1)))
 *     .build();
 * }</pre>
 */
public final class RateLimitRule {

  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_-]{0,31}");
  private static final Pattern METHOD = Pattern.compile("[A-Z]{1,16}");

  private final String name;
  private final List<PathPattern> paths;
  private final Set<String> methods;
  private final @Nullable Predicate<RateLimitRequest> matching;
  private final @Nullable Predicate<RateLimitRequest> skip;
  private final KeyFunction key;
  private final List<Limit> limits;
  private final long cost;
  private final @Nullable BitSet countedStatuses;
  private final @Nullable String countedStatusesText;
  private final Duration timeToFull;

  // Computed once here, because every request the rule covers needs them: the decision path
  // allocates only the stored key and the decision.
  private final PathPattern[] pathArray;
  private final Limit[] limitArray;
  private final long[] periodNanos;
  private final BucketConfiguration bucketConfiguration;
  private final @Nullable BucketConfiguration[] aloneConfigurations;
  private final String keyPrefix;
  private final String clientKeyPrefix;
  private final String ietfPolicy;
  private final String[] ietfStatePrefixes;

  private RateLimitRule(Builder b) {
    this.name = b.name;
    this.paths = List.copyOf(b.paths);
    this.methods = Set.copyOf(b.methods);
    this.matching = b.matching;
    this.skip = b.skip;
    this.key = b.key;
    this.limits = List.copyOf(b.limits);
    this.cost = b.cost;
    this.countedStatuses = b.countedStatuses == null ? null : (BitSet) b.countedStatuses.clone();
    this.countedStatusesText = b.countedStatusesText;
    this.timeToFull = limits.stream().map(Limit::timeToFull).max(Duration::compareTo).orElseThrow();
    this.pathArray = paths.toArray(new PathPattern[0]);
    this.limitArray = limits.toArray(new Limit[0]);
    this.periodNanos = new long[limitArray.length];
    List<Bandwidth> bandwidths = new ArrayList<>();
    this.aloneConfigurations = new BucketConfiguration[limitArray.length];
    StringBuilder policy = new StringBuilder();
    this.ietfStatePrefixes = new String[limitArray.length];
    for (int i = 0; i < limitArray.length; i++) {
      Limit l = limitArray[i];
      periodNanos[i] = l.period().toNanos();
      Bandwidth bw = bandwidth(l);
      bandwidths.add(bw);
      if (l.refill() == Limit.Refill.INTERVAL && limitArray.length > 1) {
        // The time to a window's end is per limit; Bucket4j reports it for a whole bucket only,
        // so a bucket of several limits is narrowed to this one to read it (see
        // RateLimitDecision).
        aloneConfigurations[i] = new BucketConfiguration(List.of(bw));
      }
      if (i > 0) {
        policy.append(", ");
      }
      policy.append('"').append(l.name()).append("\";q=").append(l.capacity());
      policy.append(";w=").append(RateLimitDecision.ceilSeconds(periodNanos[i]));
      ietfStatePrefixes[i] = '"' + l.name() + "\";r=";
    }
    this.bucketConfiguration = new BucketConfiguration(bandwidths);
    this.ietfPolicy = policy.toString();
    this.keyPrefix = name + ":";
    this.clientKeyPrefix = keyPrefix + ClientAddressKey.PREFIX;
  }

  private static Bandwidth bandwidth(Limit l) {
    return switch (l.refill()) {
      case GREEDY ->
          Bandwidth.builder()
              .capacity(l.capacity())
              .refillGreedy(l.capacity(), l.period())
              .id(l.name())
              .build();
      case INTERVAL ->
          Bandwidth.builder()
              .capacity(l.capacity())
              .refillIntervally(l.capacity(), l.period())
              .id(l.name())
              .build();
    };
  }

  /**
   * Starts a rule.
   *
   * @param name the rule's name: 1–32 lower-case letters, digits, {@code -} or {@code _}, starting
   *     with a letter; it prefixes the stored keys, so two rules never share a budget
   * @return a builder
   * @throws ConfigurationException when the name does not have that form
   */
  public static Builder builder(String name) {
    return new Builder(name);
  }

  /**
   * The rule's name.
   *
   * @return the name
   */
  public String name() {
    return name;
  }

  /**
   * The limits applied together.
   *
   * @return an immutable, non-empty list
   */
  public List<Limit> limits() {
    return limits;
  }

  /**
   * The units each request takes.
   *
   * @return the cost, at least 1
   */
  public long cost() {
    return cost;
  }

  /**
   * The key function.
   *
   * @return the function
   */
  public KeyFunction keyFunction() {
    return key;
  }

  /**
   * The longest time any of the limits takes to refill completely: a budget idle that long is
   * indistinguishable from a new one, so stores may forget it.
   *
   * @return the duration
   */
  public Duration timeToFull() {
    return timeToFull;
  }

  /**
   * Whether the rule covers a request (path, method and predicate).
   *
   * @param request the request
   * @return true when it matches
   */
  public boolean matches(RateLimitRequest request) {
    if (!methods.isEmpty() && !methods.contains(request.method().toUpperCase(Locale.ROOT))) {
      return false;
    }
    if (pathArray.length > 0) {
      boolean any = false;
      for (PathPattern p : pathArray) {
        if (p.matches(request.path())) {
          any = true;
          break;
        }
      }
      if (!any) {
        return false;
      }
    }
    return matching == null || matching.test(request);
  }

  /**
   * Whether a matched request is exempt.
   *
   * @param request the request
   * @return true when the skip predicate accepts it
   */
  public boolean skips(RateLimitRequest request) {
    return skip != null && skip.test(request);
  }

  /**
   * Whether a response status counts against the budget.
   *
   * @param status the HTTP status of the response
   * @return true when every outcome counts or this one was listed
   */
  public boolean counts(int status) {
    return countedStatuses == null || (status >= 0 && countedStatuses.get(status));
  }

  /**
   * Whether this rule counts only some outcomes.
   *
   * @return true when {@link Builder#countOnlyStatuses(String...)} was set
   */
  public boolean countsOnlySomeOutcomes() {
    return countedStatuses != null;
  }

  /**
   * The stored key of a request: the rule's name, then the key function's answer (the client
   * address when it has none).
   */
  String storeKey(RateLimitRequest request) {
    if (key == ClientAddressKey.INSTANCE) {
      return clientKeyPrefix.concat(request.client().rateLimitKey());
    }
    String k = key.key(request);
    return k == null
        ? clientKeyPrefix.concat(request.client().rateLimitKey())
        : keyPrefix.concat(k);
  }

  /** The stored key for a key the caller computed. */
  String storeKey(String key) {
    return keyPrefix.concat(key);
  }

  /** The key without the rule's prefix, from a stored key. */
  String keyOf(String storeKey) {
    return storeKey.substring(keyPrefix.length());
  }

  BucketConfiguration bucketConfiguration() {
    return bucketConfiguration;
  }

  /** Limit {@code i} alone, for an interval limit of a rule with several limits; else null. */
  @Nullable BucketConfiguration aloneConfiguration(int i) {
    return aloneConfigurations[i];
  }

  int limitCount() {
    return limitArray.length;
  }

  Limit limit(int i) {
    return limitArray[i];
  }

  long periodNanos(int i) {
    return periodNanos[i];
  }

  /** {@code RateLimit-Policy} without partition keys; it never changes. */
  String ietfPolicy() {
    return ietfPolicy;
  }

  /** {@code "name";r=} of limit {@code i}. */
  String ietfStatePrefix(int i) {
    return ietfStatePrefixes[i];
  }

  boolean coversEverything() {
    return paths.isEmpty() && methods.isEmpty() && matching == null;
  }

  /**
   * Every effective setting, in the settings vocabulary: name, paths, methods, key, limits (with
   * their refill), cost, counted statuses, and whether custom predicates take part.
   */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("RateLimitRule[").append(name);
    sb.append(", paths=").append(paths.isEmpty() ? "every path" : paths);
    sb.append(", methods=").append(methods.isEmpty() ? "every method" : sortedMethods());
    sb.append(", key=").append(key);
    sb.append(", limits=").append(limits);
    sb.append(", cost=").append(cost);
    sb.append(", countOnlyStatuses=")
        .append(countedStatusesText == null ? "every status" : countedStatusesText);
    if (matching != null) {
      sb.append(", matching=custom predicate");
    }
    if (skip != null) {
      sb.append(", skipWhen=custom predicate");
    }
    return sb.append(']').toString();
  }

  private List<String> sortedMethods() {
    return methods.stream().sorted().toList();
  }

  /** Builder for {@link RateLimitRule}. Each setting may be given once. Not thread-safe. */
  public static final class Builder {
    private final String name;
    private final List<PathPattern> paths = new ArrayList<>();
    private final Set<String> methods = new LinkedHashSet<>();
    private @Nullable Predicate<RateLimitRequest> matching;
    private @Nullable Predicate<RateLimitRequest> skip;
    private KeyFunction key = KeyFunction.clientAddress();
    private final List<Limit> limits = new ArrayList<>();
    private long cost = 1;
    private @Nullable BitSet countedStatuses;
    private @Nullable String countedStatusesText;
    private final SetOnce once;

    private Builder(String name) {
      Objects.requireNonNull(name, "rule name");
      if (!NAME.matcher(name).matches()) {
        throw new ConfigurationException(
            "rule name '"
                + dev.bulwark.encoding.LogSafe.forLog(name, 80)
                + "' must be 1-32 lower-case letters, digits, '-' or '_', starting with a letter,"
                + " such as 'login' or 'api'");
      }
      this.name = name;
      this.once = new SetOnce("RateLimitRule.Builder('" + name + "')");
    }

    private ConfigurationException refused(String message, @Nullable Throwable cause) {
      return new ConfigurationException("rule '" + name + "': " + message, cause);
    }

    /**
     * The path patterns covered ({@link PathPattern}, as in a servlet url-pattern): exact ({@code
     * /login}), subtree ({@code /api/*} or {@code /api/**}, both including {@code /api} and every
     * depth below it), extension ({@code *.json}); all paths when not set.
     *
     * @param patterns the patterns
     * @return this builder
     * @throws ConfigurationException when a pattern does not parse, or paths were already set
     */
    public Builder paths(String... patterns) {
      return paths(Arrays.asList(patterns));
    }

    /**
     * The path patterns covered.
     *
     * @param patterns the patterns
     * @return this builder
     * @throws ConfigurationException when a pattern does not parse, or paths were already set
     */
    public Builder paths(Collection<String> patterns) {
      List<PathPattern> parsed = new ArrayList<>();
      for (String p : patterns) {
        try {
          parsed.add(PathPattern.parse(p));
        } catch (IllegalArgumentException e) {
          throw refused("paths: " + e.getMessage(), e);
        }
      }
      once.set("paths", parsed);
      paths.addAll(parsed);
      return this;
    }

    /**
     * The HTTP methods covered (case-insensitive); all methods when not set. {@code GET} also
     * covers {@code HEAD}: a servlet container answers {@code HEAD} by running {@code doGet}, so a
     * limit on {@code GET} alone could be sidestepped with {@code HEAD}.
     *
     * @param methods the methods, such as {@code POST}
     * @return this builder
     * @throws ConfigurationException for something that is not a method token, or when already set
     */
    public Builder methods(String... methods) {
      return methods(Arrays.asList(methods));
    }

    /**
     * The HTTP methods covered (case-insensitive).
     *
     * @param methods the methods
     * @return this builder
     * @throws ConfigurationException for something that is not a method token, or when already set
     */
    public Builder methods(Collection<String> methods) {
      Set<String> parsed = new LinkedHashSet<>();
      for (String m : methods) {
        String up = Objects.requireNonNull(m, "method").trim().toUpperCase(Locale.ROOT);
        if (!METHOD.matcher(up).matches()) {
          throw refused(
              "methods: '"
                  + dev.bulwark.encoding.LogSafe.forLog(m, 40)
                  + "' is not an HTTP method, such as GET or POST",
              null);
        }
        parsed.add(up);
        if (up.equals("GET")) {
          parsed.add("HEAD");
        }
      }
      once.set("methods", parsed);
      this.methods.addAll(parsed);
      return this;
    }

    /**
     * An extra condition a request must meet to be covered.
     *
     * @param predicate the condition; thread-safe
     * @return this builder
     * @throws ConfigurationException when already set
     */
    public Builder matching(Predicate<RateLimitRequest> predicate) {
      Objects.requireNonNull(predicate, "matching");
      once.set("matching", "a custom predicate");
      this.matching = predicate;
      return this;
    }

    /**
     * Exempts matched requests that the predicate accepts (health checks, internal callers). A
     * skipped request is not limited by this or any later rule.
     *
     * @param predicate the exemption; thread-safe
     * @return this builder
     * @throws ConfigurationException when already set
     */
    public Builder skipWhen(Predicate<RateLimitRequest> predicate) {
      Objects.requireNonNull(predicate, "skipWhen");
      once.set("skipWhen", "a custom predicate");
      this.skip = predicate;
      return this;
    }

    /**
     * Whose budget a request counts against; the client address by default.
     *
     * @param key the key function
     * @return this builder
     * @throws ConfigurationException when already set
     */
    public Builder key(KeyFunction key) {
      Objects.requireNonNull(key, "key");
      once.set("key", key);
      this.key = key;
      return this;
    }

    /**
     * Adds a limit; at least one is required, names must differ.
     *
     * @param limit the limit
     * @return this builder
     * @throws ConfigurationException when a limit of that name was added before
     */
    public Builder limit(Limit limit) {
      Objects.requireNonNull(limit, "limit");
      for (Limit l : limits) {
        if (l.name().equals(limit.name())) {
          throw refused("two limits are named '" + limit.name() + "'; rename one", null);
        }
      }
      limits.add(limit);
      return this;
    }

    /**
     * Adds limits.
     *
     * @param limits the limits
     * @return this builder
     * @throws ConfigurationException when two limits share a name
     */
    public Builder limits(Collection<Limit> limits) {
      for (Limit l : limits) {
        limit(l);
      }
      return this;
    }

    /**
     * The units each request takes; 1 by default.
     *
     * @param cost at least 1
     * @return this builder
     * @throws ConfigurationException when below 1 or already set
     */
    public Builder cost(long cost) {
      if (cost < 1) {
        throw refused("cost must be at least 1 (was " + cost + ")", null);
      }
      once.set("cost", cost);
      this.cost = cost;
      return this;
    }

    /**
     * Counts only responses with these statuses; the others get their units back after the
     * response. For a login endpoint, {@code countOnlyStatuses("401")} limits failed attempts
     * without limiting successful ones.
     *
     * @param statuses codes ({@code 401}) or classes ({@code 4xx})
     * @return this builder
     * @throws ConfigurationException for anything but codes and classes, or when already set
     */
    public Builder countOnlyStatuses(String... statuses) {
      BitSet parsed;
      try {
        parsed = StatusSet.parse(Arrays.asList(statuses));
      } catch (IllegalArgumentException e) {
        throw refused("countOnlyStatuses: " + e.getMessage(), e);
      }
      String text = StatusSet.describe(parsed);
      once.set("countOnlyStatuses", text);
      this.countedStatuses = parsed;
      this.countedStatusesText = text;
      return this;
    }

    /**
     * Counts only responses whose status the predicate accepts, evaluated for statuses 100–599.
     *
     * @param counted the predicate
     * @return this builder
     * @throws ConfigurationException when it accepts no status, or counted statuses were already
     *     set
     */
    public Builder countOnly(IntPredicate counted) {
      Objects.requireNonNull(counted, "countOnly");
      BitSet bits = new BitSet(600);
      for (int s = 100; s < 600; s++) {
        if (counted.test(s)) {
          bits.set(s);
        }
      }
      if (bits.isEmpty()) {
        throw refused("countOnly accepts no status, so the rule would never count", null);
      }
      String text = StatusSet.describe(bits);
      once.set("countOnlyStatuses", text);
      this.countedStatuses = bits;
      this.countedStatusesText = text;
      return this;
    }

    /**
     * Builds the rule.
     *
     * @return the immutable rule
     * @throws ConfigurationException when no limit was added
     */
    public RateLimitRule build() {
      if (limits.isEmpty()) {
        throw new ConfigurationException(
            "rule '"
                + name
                + "' has no limit: add one, such as .limit(Limit.of(\"burst\", 20,"
                + " Duration.ofSeconds(1)))");
      }
      return new RateLimitRule(this);
    }
  }
}
