package dev.bulwark.web;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the real client behind trusted reverse proxies: its address, a rate-limit key, and the
 * scheme and host it used.
 *
 * <p>The walk starts at the socket peer. While the current hop is a trusted proxy, the resolver
 * steps one entry to the left in the forwarding header ({@code X-Forwarded-For} or RFC 7239 {@code
 * Forwarded}, see {@link ForwardedHeader}); the first hop that is not trusted is the client. An
 * address that an untrusted hop supplied is therefore never returned: everything left of the client
 * was written by the client itself and may be spoofed. When every hop is trusted, the left-most one
 * is the client.
 *
 * <p>Bad input never throws. A malformed entry on the walk (not an IP literal, {@code unknown}, an
 * obfuscated identifier, a syntax error, more than {@value #MAX_HOPS} hops or a header over {@value
 * #MAX_HEADER_CHARS} characters) resolves the request to the socket peer, and logs a warning once.
 *
 * <p>Misconfiguration warnings are given once per resolver, in the manner of express-rate-limit: a
 * forwarding header arrives while no proxy is trusted (behind a proxy, every client would share the
 * proxy's address), every address is trusted ({@code 0.0.0.0/0} or {@code ::/0}: any client can
 * choose its own address), and a malformed forwarding header. Warnings go to SLF4J unless a handler
 * is set with {@link Builder#onWarning(Consumer)}.
 *
 * <p>Instances are immutable and thread-safe; resolving costs a few hundred nanoseconds for a short
 * chain and allocates little.
 *
 * <pre>{@code
 * ClientIpResolver resolver = ClientIpResolver.builder()
 *     .trustedProxies("10.0.0.0/8", "fd00::/8")
 *     .build();
 * ResolvedClient client = resolver.resolve(peerAddress, peerSecure, hostHeader, headers);
 * }</pre>
 */
public final class ClientIpResolver {

  /** Misconfiguration and bad-input signals, each reported once per resolver. */
  public enum Warning {
    /** A forwarding header arrived while no proxy is trusted; it was ignored. */
    FORWARDED_HEADER_WITHOUT_TRUSTED_PROXY,
    /** A trusted range covers every address, so any client can choose its own address. */
    EVERY_ADDRESS_TRUSTED,
    /** A forwarding header on the walk was malformed; the request resolved to the socket peer. */
    MALFORMED_FORWARDED_HEADER
  }

  /** The most hops walked through; a longer chain is treated as malformed. */
  public static final int MAX_HOPS = 64;

  /** The longest forwarding header read; a longer one is treated as malformed. */
  public static final int MAX_HEADER_CHARS = 8192;

  private static final Logger LOG = LoggerFactory.getLogger(ClientIpResolver.class);
  private static final String XFF = "X-Forwarded-For";
  private static final String XFP = "X-Forwarded-Proto";
  private static final String XFH = "X-Forwarded-Host";
  private static final String FWD = "Forwarded";

  private final List<IpRange> trusted;
  private final ForwardedHeader header;
  private final int ipv6KeyPrefix;
  private final Consumer<Warning> warningHandler;
  private final Set<Warning> warned = ConcurrentHashMap.newKeySet();

  private ClientIpResolver(Builder b) {
    this.trusted = List.copyOf(b.trusted);
    this.header = b.header;
    this.ipv6KeyPrefix = b.ipv6KeyPrefix;
    this.warningHandler = b.warningHandler;
    if (trusted.stream().anyMatch(IpRange::isEverything)) {
      warnOnce(Warning.EVERY_ADDRESS_TRUSTED);
    }
  }

  /**
   * A resolver that trusts no proxy: the socket peer is always the client.
   *
   * @return a resolver with default settings
   */
  public static ClientIpResolver direct() {
    return builder().build();
  }

  /**
   * A new builder.
   *
   * @return a builder with no trusted proxies, {@code X-Forwarded-For}, and /56 IPv6 keys
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The trusted proxy ranges.
   *
   * @return an immutable list, empty when no proxy is trusted
   */
  public List<IpRange> trustedProxies() {
    return trusted;
  }

  /**
   * Whether an address belongs to a trusted proxy.
   *
   * @param address an address
   * @return true when a trusted range contains it
   */
  public boolean isTrusted(InetAddress address) {
    for (IpRange r : trusted) {
      if (r.contains(address)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Resolves one request.
   *
   * @param peerAddress the socket peer as the container reports it (for example {@code
   *     request.getRemoteAddr()})
   * @param peerSecure whether the connection to this server is TLS
   * @param peerHost the {@code Host} the container saw, or null
   * @param headers the request's headers
   * @return the client; never null, never throws
   */
  public ResolvedClient resolve(
      String peerAddress, boolean peerSecure, @Nullable String peerHost, HeaderSource headers) {
    Optional<InetAddress> peerParsed = IpAddresses.parse(stripBrackets(peerAddress));
    String peerScheme = peerSecure ? "https" : "http";
    if (peerParsed.isEmpty()) {
      // A container that reports something other than an IP (a Unix socket, say): it is the peer,
      // and nothing it forwards can be checked against the trusted ranges.
      String text = peerAddress == null ? "unknown" : peerAddress;
      return new ResolvedClient(text, text, peerScheme, peerSecure, peerHost, false);
    }
    InetAddress peer = peerParsed.get();
    ResolvedClient direct = direct(peer, peerScheme, peerSecure, peerHost);
    if (!isTrusted(peer)) {
      if (trusted.isEmpty() && !warned.contains(Warning.FORWARDED_HEADER_WITHOUT_TRUSTED_PROXY)) {
        if (!headers.values(XFF).isEmpty() || !headers.values(FWD).isEmpty()) {
          warnOnce(Warning.FORWARDED_HEADER_WITHOUT_TRUSTED_PROXY);
        }
      }
      return direct;
    }
    return header == ForwardedHeader.X_FORWARDED_FOR
        ? walkXForwardedFor(peer, direct, headers)
        : walkForwarded(peer, direct, headers);
  }

  private ResolvedClient walkXForwardedFor(
      InetAddress peer, ResolvedClient direct, HeaderSource headers) {
    String joined = join(headers.values(XFF));
    if (joined == null) {
      return malformed(direct);
    }
    if (joined.isEmpty()) {
      return withForwardedSchemeAndHost(peer, direct, headers, -1, 0);
    }
    // Walk right to left, splitting lazily: a long spoofed prefix is never read.
    int end = joined.length();
    int index = countCommas(joined); // index of the right-most entry, counted from the left
    int entries = index + 1;
    InetAddress current = peer;
    int stoppedAt = -1;
    int walked = 0;
    while (end >= 0) {
      if (++walked > MAX_HOPS) {
        return malformed(direct);
      }
      int comma = joined.lastIndexOf(',', end - 1);
      String entry = joined.substring(comma + 1, end).trim();
      Optional<InetAddress> addr = parseNode(entry, false);
      if (addr.isEmpty()) {
        return malformed(direct);
      }
      current = addr.get();
      stoppedAt = index;
      if (!isTrusted(current)) {
        break;
      }
      if (comma < 0) {
        break;
      }
      end = comma;
      index--;
    }
    return withForwardedSchemeAndHost(current, direct, headers, stoppedAt, entries);
  }

  private ResolvedClient withForwardedSchemeAndHost(
      InetAddress client, ResolvedClient direct, HeaderSource headers, int index, int entries) {
    String scheme = direct.scheme();
    List<String> protos = splitList(headers.values(XFP));
    List<String> hosts = splitList(headers.values(XFH));
    if (protos == null || hosts == null) {
      return malformed(direct);
    }
    if (!protos.isEmpty()) {
      String chosen =
          (protos.size() == entries && index >= 0)
              ? protos.get(index)
              : protos.get(protos.size() - 1);
      String normalised = normaliseScheme(chosen);
      if (normalised == null) {
        return malformed(direct);
      }
      scheme = normalised;
    }
    String host = direct.host();
    if (!hosts.isEmpty()) {
      String chosen =
          (hosts.size() == entries && index >= 0) ? hosts.get(index) : hosts.get(hosts.size() - 1);
      if (!isValidHost(chosen)) {
        return malformed(direct);
      }
      host = chosen;
    }
    return client(client, scheme, host, true);
  }

  private ResolvedClient walkForwarded(
      InetAddress peer, ResolvedClient direct, HeaderSource headers) {
    String joined = join(headers.values(FWD));
    if (joined == null) {
      return malformed(direct);
    }
    if (joined.isEmpty()) {
      return direct;
    }
    List<Map<String, String>> elements = ForwardedParser.parse(joined);
    if (elements == null || elements.size() > MAX_HOPS) {
      return malformed(direct);
    }
    InetAddress current = peer;
    Map<String, String> element = null;
    for (int i = elements.size() - 1; i >= 0; i--) {
      Map<String, String> e = elements.get(i);
      String forValue = e.get("for");
      Optional<InetAddress> addr = forValue == null ? Optional.empty() : parseNode(forValue, true);
      if (addr.isEmpty()) {
        return malformed(direct);
      }
      current = addr.get();
      element = e;
      if (!isTrusted(current)) {
        break;
      }
    }
    String scheme = direct.scheme();
    String host = direct.host();
    if (element != null) {
      String proto = element.get("proto");
      if (proto != null) {
        String normalised = normaliseScheme(proto);
        if (normalised == null) {
          return malformed(direct);
        }
        scheme = normalised;
      }
      String h = element.get("host");
      if (h != null) {
        if (!isValidHost(h)) {
          return malformed(direct);
        }
        host = h;
      }
    }
    return client(current, scheme, host, true);
  }

  private ResolvedClient direct(
      InetAddress peer, String scheme, boolean secure, @Nullable String host) {
    String text = IpAddresses.toCanonicalString(peer);
    return new ResolvedClient(text, keyFor(peer, text), scheme, secure, host, false);
  }

  private ResolvedClient client(
      InetAddress address, String scheme, @Nullable String host, boolean via) {
    String text = IpAddresses.toCanonicalString(address);
    return new ResolvedClient(
        text, keyFor(address, text), scheme, "https".equals(scheme), host, via);
  }

  private ResolvedClient malformed(ResolvedClient direct) {
    warnOnce(Warning.MALFORMED_FORWARDED_HEADER);
    return direct;
  }

  /**
   * The rate-limit key of an address: itself for IPv4, its configured prefix for IPv6.
   *
   * @param address an address
   * @return the key, for example {@code 192.0.2.1} or {@code 2001:db8:ab00::/56}
   */
  public String rateLimitKey(InetAddress address) {
    InetAddress a = IpAddresses.unwrapMapped(address);
    return keyFor(a, IpAddresses.toCanonicalString(a));
  }

  private String keyFor(InetAddress address, String text) {
    byte[] b = address.getAddress();
    if (b.length == 4) {
      return text;
    }
    return IpAddresses.toCanonicalString(IpAddresses.fromBytes(IpRange.mask(b, ipv6KeyPrefix)))
        + "/"
        + ipv6KeyPrefix;
  }

  private void warnOnce(Warning w) {
    if (warned.add(w)) {
      try {
        warningHandler.accept(w);
      } catch (RuntimeException e) {
        LOG.warn("Client IP resolver warning handler failed for {}", w, e);
      }
    }
  }

  private static void logWarning(Warning w) {
    switch (w) {
      case FORWARDED_HEADER_WITHOUT_TRUSTED_PROXY ->
          LOG.warn(
              "A request carried X-Forwarded-For or Forwarded, but no proxy is trusted, so the header"
                  + " was ignored and the socket peer counts as the client. If this service runs"
                  + " behind a reverse proxy or load balancer, every client now shares the proxy's"
                  + " address (one rate limit for all): set the proxy's CIDR as a trusted proxy."
                  + " This warning is given once.");
      case EVERY_ADDRESS_TRUSTED ->
          LOG.warn(
              "A trusted-proxy range covers every address (0.0.0.0/0 or ::/0): any client can"
                  + " choose its own address with X-Forwarded-For and escape rate limits. Trust only"
                  + " your proxies' CIDRs.");
      case MALFORMED_FORWARDED_HEADER ->
          LOG.warn(
              "A forwarding header from a trusted proxy was malformed; the request was attributed"
                  + " to the socket peer. Check the proxy's configuration. This warning is given"
                  + " once.");
    }
  }

  private static @Nullable String join(List<String> lines) {
    if (lines.isEmpty()) {
      return "";
    }
    if (lines.size() == 1) {
      String only = lines.get(0);
      return only == null || only.length() > MAX_HEADER_CHARS ? null : only;
    }
    StringBuilder sb = new StringBuilder();
    for (String line : lines) {
      if (line == null) {
        return null;
      }
      if (sb.length() > 0) {
        sb.append(',');
      }
      sb.append(line);
      if (sb.length() > MAX_HEADER_CHARS) {
        return null;
      }
    }
    return sb.toString();
  }

  private static @Nullable String stripBrackets(@Nullable String s) {
    if (s != null && s.length() > 2 && s.charAt(0) == '[' && s.charAt(s.length() - 1) == ']') {
      return s.substring(1, s.length() - 1);
    }
    return s;
  }

  private static int countCommas(String s) {
    int n = 0;
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) == ',') {
        n++;
      }
    }
    return n;
  }

  private static @Nullable List<String> splitList(List<String> lines) {
    if (lines.isEmpty()) {
      return List.of();
    }
    List<String> out = new ArrayList<>();
    int chars = 0;
    for (String line : lines) {
      if (line == null) {
        continue;
      }
      chars += line.length();
      if (chars > MAX_HEADER_CHARS) {
        return null;
      }
      for (String part : line.split(",", -1)) {
        out.add(part.trim());
      }
    }
    return out;
  }

  private static @Nullable String normaliseScheme(String s) {
    String lower = s.trim().toLowerCase(Locale.ROOT);
    return "https".equals(lower) || "http".equals(lower) ? lower : null;
  }

  /** host = reg-name / IP-literal, then an optional port; stricter than RFC 3986 on purpose. */
  static boolean isValidHost(String h) {
    if (h.isEmpty() || h.length() > 261) {
      return false;
    }
    int portStart;
    if (h.charAt(0) == '[') {
      int close = h.indexOf(']');
      if (close < 0 || IpAddresses.parse(h.substring(1, close)).isEmpty()) {
        return false;
      }
      portStart = close + 1;
    } else {
      int colon = h.indexOf(':');
      portStart = colon < 0 ? h.length() : colon;
      if (portStart == 0) {
        return false;
      }
      for (int i = 0; i < portStart; i++) {
        char c = h.charAt(i);
        boolean ok =
            (c >= 'a' && c <= 'z')
                || (c >= 'A' && c <= 'Z')
                || (c >= '0' && c <= '9')
                || c == '-'
                || c == '.';
        if (!ok) {
          return false;
        }
      }
    }
    if (portStart == h.length()) {
      return true;
    }
    return h.charAt(portStart) == ':' && isPort(h.substring(portStart + 1));
  }

  private static boolean isPort(String p) {
    if (p.isEmpty() || p.length() > 5) {
      return false;
    }
    for (int i = 0; i < p.length(); i++) {
      if (p.charAt(i) < '0' || p.charAt(i) > '9') {
        return false;
      }
    }
    return Integer.parseInt(p) <= 65535;
  }

  /**
   * Parses one hop: IPv4, IPv4:port, [IPv6], [IPv6]:port, and (only in X-Forwarded-For) a bare
   * IPv6. RFC 7239's {@code unknown} and obfuscated identifiers are not addresses.
   */
  static Optional<InetAddress> parseNode(String node, boolean rfc7239) {
    if (node.isEmpty()) {
      return Optional.empty();
    }
    if (node.charAt(0) == '[') {
      int close = node.indexOf(']');
      if (close < 0) {
        return Optional.empty();
      }
      String rest = node.substring(close + 1);
      if (!rest.isEmpty() && !(rest.charAt(0) == ':' && isPortOrObfuscated(rest.substring(1)))) {
        return Optional.empty();
      }
      Optional<InetAddress> a = IpAddresses.parse(node.substring(1, close));
      return a.filter(x -> x.getAddress().length == 16 || node.substring(1, close).contains(":"));
    }
    int colon = node.indexOf(':');
    if (colon >= 0 && node.indexOf(':', colon + 1) < 0) {
      // IPv4 with a port
      if (!isPortOrObfuscated(node.substring(colon + 1))) {
        return Optional.empty();
      }
      Optional<InetAddress> a = IpAddresses.parse(node.substring(0, colon));
      return a.filter(x -> x.getAddress().length == 4);
    }
    if (colon >= 0 && rfc7239) {
      return Optional.empty(); // RFC 7239 requires brackets around IPv6
    }
    return IpAddresses.parse(node);
  }

  private static boolean isPortOrObfuscated(String p) {
    if (!p.isEmpty() && p.charAt(0) == '_') {
      return p.length() > 1
          && p.chars()
              .skip(1)
              .allMatch(
                  c -> Character.isLetterOrDigit(c) && c < 128 || c == '.' || c == '_' || c == '-');
    }
    return isPort(p);
  }

  /**
   * Builder for {@link ClientIpResolver}. Each setting may be given once; {@link #build()} checks
   * them all.
   */
  public static final class Builder {
    private final List<IpRange> trusted = new ArrayList<>();
    private ForwardedHeader header = ForwardedHeader.X_FORWARDED_FOR;
    private int ipv6KeyPrefix = 56;
    private Consumer<Warning> warningHandler = ClientIpResolver::logWarning;
    private final Set<String> set = new java.util.HashSet<>();

    private Builder() {}

    private void once(String setting) {
      if (!set.add(setting)) {
        throw new IllegalStateException(setting + " was already set on this builder");
      }
    }

    /**
     * The CIDR blocks of the reverse proxies in front of this service. Only requests whose socket
     * peer is in one of them have their forwarding headers read.
     *
     * @param cidrs blocks such as {@code 10.0.0.0/8}, {@code 127.0.0.1} or {@code fd00::/8}
     * @return this builder
     * @throws IllegalArgumentException when a block does not parse; the message says why
     */
    public Builder trustedProxies(String... cidrs) {
      return trustedProxies(Arrays.asList(cidrs));
    }

    /**
     * The CIDR blocks of the reverse proxies in front of this service.
     *
     * @param cidrs blocks such as {@code 10.0.0.0/8}; blank entries are ignored
     * @return this builder
     * @throws IllegalArgumentException when a block does not parse; the message says why
     */
    public Builder trustedProxies(Collection<String> cidrs) {
      once("trustedProxies");
      for (String c : cidrs) {
        Objects.requireNonNull(c, "trustedProxies: a CIDR block is null");
        if (!c.isBlank()) {
          trusted.add(IpRange.parse(c));
        }
      }
      return this;
    }

    /**
     * Which forwarding header the trusted proxies write.
     *
     * @param header {@link ForwardedHeader#X_FORWARDED_FOR} (the default) or {@link
     *     ForwardedHeader#FORWARDED}
     * @return this builder
     */
    public Builder forwardedHeader(ForwardedHeader header) {
      once("forwardedHeader");
      this.header = Objects.requireNonNull(header, "forwardedHeader");
      return this;
    }

    /**
     * How many leading bits of an IPv6 address form its rate-limit key. The default, 56, is what
     * ISPs commonly delegate to one subscriber (RFC 6177).
     *
     * @param bits 32 to 64
     * @return this builder
     * @throws IllegalArgumentException outside 32–64
     */
    public Builder ipv6KeyPrefix(int bits) {
      once("ipv6KeyPrefix");
      if (bits < 32 || bits > 64) {
        throw new IllegalArgumentException(
            "ipv6KeyPrefix must be between 32 and 64 bits (was "
                + bits
                + "); 56 is a subscriber's usual delegation, 64 a single network");
      }
      this.ipv6KeyPrefix = bits;
      return this;
    }

    /**
     * Where warnings go instead of SLF4J. Each {@link Warning} is passed at most once.
     *
     * @param handler the handler; it must not throw (a throw is logged and ignored)
     * @return this builder
     */
    public Builder onWarning(Consumer<Warning> handler) {
      once("onWarning");
      this.warningHandler = Objects.requireNonNull(handler, "onWarning");
      return this;
    }

    /**
     * Builds the resolver.
     *
     * @return an immutable resolver
     */
    public ClientIpResolver build() {
      return new ClientIpResolver(this);
    }
  }
}
