package dev.bulwark.password;

import dev.bulwark.web.ConfigurationException;
import dev.bulwark.web.internal.SetOnce;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks a k-anonymity "range" service (the Pwned Passwords API, or a mirror of it) whether a
 * password is known from a data breach, without revealing the password: only the first 5 hex
 * characters of its SHA-1 leave the process, and the service answers with every suffix under that
 * prefix, which is compared locally. Every request sends {@code Add-Padding: true}, so the response
 * size does not tell an observer which prefix was asked; padding entries (count 0) are ignored.
 *
 * <p>What to do when the service cannot answer (timeout, connection error, non-200 status, a body
 * that is not a range response) is a choice with no default: {@link FailureMode#FAIL_OPEN} accepts
 * the password (availability first), {@link FailureMode#FAIL_CLOSED} refuses it with a "try again"
 * message (the blocklist is never skipped). The whole exchange is bounded by one timeout.
 *
 * <p>Immutable and thread-safe. SHA-1 is used here only because the API is keyed by it; it is not a
 * password hash.
 */
public final class BreachedPasswordClient {

  /** The public Pwned Passwords range endpoint. */
  public static final URI DEFAULT_BASE_URI = URI.create("https://api.pwnedpasswords.com/range/");

  /** The default bound on one check. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(3);

  private static final Logger LOG = LoggerFactory.getLogger(BreachedPasswordClient.class);
  private static final String DIGEST = "SHA-1";
  private static final int PREFIX_LENGTH = 5;
  private static final int SUFFIX_LENGTH = 35;

  /** What the policy does when the service does not answer. */
  public enum FailureMode {
    /** Accept the password when the check cannot be made. */
    FAIL_OPEN,
    /** Refuse the password, asking the user to try again, when the check cannot be made. */
    FAIL_CLOSED
  }

  /** The answer of one check. */
  public enum Result {
    /** The password is in the breach corpus. */
    BREACHED,
    /** The service answered and the password is not in it. */
    NOT_BREACHED,
    /** The service did not answer usefully; see {@link FailureMode}. */
    UNAVAILABLE
  }

  private final URI baseUri;
  private final Duration timeout;
  private final FailureMode failureMode;
  private final HttpClient http;

  private BreachedPasswordClient(Builder b) {
    this.baseUri = b.baseUri;
    this.timeout = b.timeout;
    this.failureMode = b.failureMode;
    HttpClient given = b.httpClient;
    this.http =
        given != null
            ? given
            : HttpClient.newBuilder()
                .connectTimeout(b.timeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
  }

  /**
   * Starts a builder. The failure mode has no default: the caller decides.
   *
   * @param failureMode what to do when the service cannot answer
   * @return a new builder
   */
  public static Builder builder(FailureMode failureMode) {
    return new Builder(Objects.requireNonNull(failureMode, "failureMode"));
  }

  /**
   * The configured failure mode.
   *
   * @return what the policy does when the service cannot answer
   */
  public FailureMode failureMode() {
    return failureMode;
  }

  /**
   * Checks a password. Blocks for at most the configured timeout; never throws for network trouble
   * (that is {@link Result#UNAVAILABLE}).
   *
   * @param password the password, NFKC-normalised by the caller if it should match the policy
   * @return the answer
   */
  public Result check(CharSequence password) {
    String hex = sha1Hex(password.toString());
    String prefix = hex.substring(0, PREFIX_LENGTH);
    String suffix = hex.substring(PREFIX_LENGTH);
    HttpRequest request =
        HttpRequest.newBuilder(baseUri.resolve(prefix))
            .timeout(timeout)
            .header("Add-Padding", "true")
            .header("User-Agent", "bulwark-password-policy")
            .GET()
            .build();
    CompletableFuture<HttpResponse<String>> pending =
        http.sendAsync(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    HttpResponse<String> response;
    try {
      response = pending.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      pending.cancel(true);
      Thread.currentThread().interrupt();
      return unavailable("interrupted");
    } catch (TimeoutException e) {
      pending.cancel(true);
      return unavailable("no answer within " + timeout);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      return unavailable(cause.getClass().getSimpleName());
    }
    if (response.statusCode() != 200) {
      return unavailable("status " + response.statusCode());
    }
    Result result = parseRange(response.body(), suffix);
    return result == Result.UNAVAILABLE ? unavailable("not a range response") : result;
  }

  /**
   * Reads a range response. Anything that is not a list of {@code SUFFIX:COUNT} lines is {@link
   * Result#UNAVAILABLE}, so a captive portal's HTML page is never taken for "not breached".
   *
   * @param body the response body
   * @param suffix the 35 upper-case hex characters after the prefix
   * @return the answer
   */
  static Result parseRange(String body, String suffix) {
    boolean any = false;
    for (String line : body.split("\r?\n", -1)) {
      if (line.isEmpty()) {
        continue;
      }
      int colon = line.indexOf(':');
      if (colon != SUFFIX_LENGTH || !isHex(line, colon)) {
        return Result.UNAVAILABLE;
      }
      long count;
      try {
        count = Long.parseLong(line.substring(colon + 1).trim());
      } catch (NumberFormatException e) {
        return Result.UNAVAILABLE;
      }
      any = true;
      if (count > 0 && line.regionMatches(true, 0, suffix, 0, SUFFIX_LENGTH)) {
        return Result.BREACHED;
      }
    }
    return any ? Result.NOT_BREACHED : Result.UNAVAILABLE;
  }

  private static boolean isHex(String line, int end) {
    for (int i = 0; i < end; i++) {
      if (Character.digit(line.charAt(i), 16) < 0) {
        return false;
      }
    }
    return true;
  }

  private Result unavailable(String why) {
    LOG.warn(
        "Breached-password check unavailable ({}); failing {}",
        why,
        failureMode == FailureMode.FAIL_OPEN ? "open" : "closed");
    return Result.UNAVAILABLE;
  }

  private static String sha1Hex(String password) {
    try {
      MessageDigest digest = MessageDigest.getInstance(DIGEST);
      return HexFormat.of()
          .withUpperCase()
          .formatHex(digest.digest(password.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("The JDK must provide " + DIGEST, e);
    }
  }

  @Override
  public String toString() {
    return "BreachedPasswordClient[" + baseUri + ", " + failureMode + ", timeout=" + timeout + "]";
  }

  /** Builds a {@link BreachedPasswordClient}. Not thread-safe. */
  public static final class Builder {
    private final SetOnce set = new SetOnce("BreachedPasswordClient.Builder");
    private final FailureMode failureMode;
    private URI baseUri = DEFAULT_BASE_URI;
    private Duration timeout = DEFAULT_TIMEOUT;
    private @Nullable HttpClient httpClient;

    private Builder(FailureMode failureMode) {
      this.failureMode = failureMode;
    }

    /**
     * Where the range API lives; the 5-character prefix is appended. Must be {@code https}, except
     * on a loopback address (a local mirror or a test stand-in).
     *
     * @param baseUri for example {@code https://api.pwnedpasswords.com/range/}
     * @return this builder
     * @throws ConfigurationException when already set (the URI itself is checked by {@link
     *     #build()})
     */
    public Builder baseUri(URI baseUri) {
      set.set("baseUri", Objects.requireNonNull(baseUri, "baseUri"));
      this.baseUri = baseUri;
      return this;
    }

    /**
     * Bounds one check, connection included (default 3 seconds).
     *
     * @param timeout more than zero, at most 30 seconds
     * @return this builder
     * @throws ConfigurationException when out of range or already set
     */
    public Builder timeout(Duration timeout) {
      Objects.requireNonNull(timeout, "timeout");
      if (timeout.isZero()
          || timeout.isNegative()
          || timeout.compareTo(Duration.ofSeconds(30)) > 0) {
        throw new ConfigurationException(
            "breached-password timeout must be more than zero and at most 30 seconds (got "
                + timeout
                + "); a login or sign-up form should not wait longer");
      }
      set.set("timeout", timeout);
      this.timeout = timeout;
      return this;
    }

    /**
     * The HTTP client to use (for a proxy or custom TLS). By default, a client of its own that
     * follows no redirect.
     *
     * @param httpClient the client
     * @return this builder
     * @throws ConfigurationException when already set
     */
    public Builder httpClient(HttpClient httpClient) {
      set.set("httpClient", Objects.requireNonNull(httpClient, "httpClient"));
      this.httpClient = httpClient;
      return this;
    }

    /**
     * Checks the settings and builds the client.
     *
     * @return the client
     * @throws ConfigurationException when the URI or the timeout is unusable
     */
    public BreachedPasswordClient build() {
      String scheme =
          baseUri.getScheme() == null ? "" : baseUri.getScheme().toLowerCase(Locale.ROOT);
      if (!baseUri.isAbsolute() || baseUri.getHost() == null) {
        throw new ConfigurationException(
            "breached-password baseUri must be an absolute URI such as " + DEFAULT_BASE_URI);
      }
      if (!scheme.equals("https") && !(scheme.equals("http") && isLoopback(baseUri.getHost()))) {
        throw new ConfigurationException(
            "breached-password baseUri must use https (plain http only on a loopback address): "
                + baseUri);
      }
      if (baseUri.getQuery() != null || baseUri.getFragment() != null) {
        throw new ConfigurationException(
            "breached-password baseUri must have no query or fragment: " + baseUri);
      }
      if (!baseUri.getPath().endsWith("/")) {
        baseUri = URI.create(baseUri + "/");
      }
      return new BreachedPasswordClient(this);
    }

    private static boolean isLoopback(String host) {
      String h = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
      if (h.equalsIgnoreCase("localhost")) {
        return true;
      }
      if (!h.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == '.' || c == ':')) {
        return false; // a name other than localhost: do not resolve it here
      }
      try {
        return InetAddress.getByName(h).isLoopbackAddress();
      } catch (UnknownHostException e) {
        return false;
      }
    }
  }
}
