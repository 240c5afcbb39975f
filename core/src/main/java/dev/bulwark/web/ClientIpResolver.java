package dev.bulwark.web;

import dev.bulwark.web.internal.SetOnce;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
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
  private final IpRange[] trustedRanges; // the same, as an array: no iterator per hop
  private final ForwardedHeader header;
  private final int ipv6KeyPrefix;
  private final Consumer<Warning> warningHandler;
  private final Set<Warning> warned = ConcurrentHashMap.newKeySet();

  private ClientIpResolver(Builder b) {
    this.trusted = List.copyOf(b.trusted);
    this.trustedRanges = trusted.toArray(new IpRange[0]);
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
   * A resolver from settings, in the vocabulary of {@code ClientIpFilter}'s init-params: {@code
   * trustedProxies} (comma-separated CIDR blocks, default none), {@code forwardedHeader} ({@code
   * x-forwarded-for}, the default, or {@code forwarded}), {@code ipv6KeyPrefix} (32 to 64, default
   * 56).
   *
   * @param settings the settings
   * @return the resolver
   * @throws ConfigurationException on an unknown key or a bad value, naming it
   */
  public static ClientIpResolver fromSettings(Settings settings) {
    Builder b = builder();
    settings.apply(
        settings
            .binder()
            .param(
                "trustedProxies",
                "comma-separated CIDR blocks such as 10.0.0.0/8, 2001:db8::/32",
                v -> b.trustedProxies(Settings.list(v)))
            .param(
                "forwardedHeader",
                "x-forwarded-for or forwarded",
                v -> b.forwardedHeader(InitParamBinder.enumValue(ForwardedHeader.class, v)))
            .param(
                "ipv6KeyPrefix",
                "a prefix length from 32 to 64",
                v -> b.ipv6KeyPrefix(Math.toIntExact(Settings.integer(v)))));
    return settings.build(b::build);
  }

  /**
   * The effective settings; a trust of every address is named as the relaxation it is.
   *
   * @return for example {@code ClientIpResolver[trustedProxies=[10.0.0.0/8], forwardedHeader=
   *     X_FORWARDED_FOR, ipv6KeyPrefix=56]}
   */
  @Override
  public String toString() {
    return "ClientIpResolver[trustedProxies="
        + trusted
        + (trusted.stream().anyMatch(IpRange::isEverything) ? " (trusts every address!)" : "")
        + ", forwardedHeader="
        + header
        + ", ipv6KeyPrefix="
        + ipv6KeyPrefix
        + "]";
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
    return isTrusted(IpLiteral.fromBytes(address.getAddress()));
  }

  private boolean isTrusted(IpLiteral address) {
    for (IpRange r : trustedRanges) {
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
    IpLiteral peer = parseBracketed(peerAddress);
    if (peer == null) {
      // A container that reports something other than an IP (a Unix socket, say): it is the peer,
      // and nothing it forwards can be checked against the trusted ranges.
      String text = peerAddress == null ? "unknown" : peerAddress;
      return new ResolvedClient(text, text, scheme(peerSecure), peerSecure, peerHost, false);
    }
    if (!isTrusted(peer)) {
      if (trusted.isEmpty() && !warned.contains(Warning.FORWARDED_HEADER_WITHOUT_TRUSTED_PROXY)) {
        if (!headers.values(XFF).isEmpty() || !headers.values(FWD).isEmpty()) {
          warnOnce(Warning.FORWARDED_HEADER_WITHOUT_TRUSTED_PROXY);
        }
      }
      return direct(peer, peerSecure, peerHost);
    }
    return header == ForwardedHeader.X_FORWARDED_FOR
        ? walkXForwardedFor(peer, peerSecure, peerHost, headers)
        : walkForwarded(peer, peerSecure, peerHost, headers);
  }

  private static String scheme(boolean secure) {
    return secure ? "https" : "http";
  }

  // The walks get the peer's parts rather than a ready "direct" answer: the answer is built only
  // when it is returned, so a successful walk does not format the peer's address for nothing.

  private ResolvedClient walkXForwardedFor(
      IpLiteral peer, boolean peerSecure, @Nullable String peerHost, HeaderSource headers) {
    String joined = join(headers.values(XFF));
    if (joined == null) {
      return malformed(peer, peerSecure, peerHost);
    }
    if (joined.isEmpty()) {
      return withForwardedSchemeAndHost(peer, peer, peerSecure, peerHost, headers, -1, 0);
    }
    // Walk right to left, splitting lazily: a long spoofed prefix is never read.
    int end = joined.length();
    int index = countCommas(joined); // index of the right-most entry, counted from the left
    int entries = index + 1;
    IpLiteral current = peer;
    int stoppedAt = -1;
    int walked = 0;
    while (end >= 0) {
      if (++walked > MAX_HOPS) {
        return malformed(peer, peerSecure, peerHost);
      }
      int comma = joined.lastIndexOf(',', end - 1);
      // the entry, trimmed as String.trim() would, without copying it
      int from = comma + 1;
      int to = end;
      while (from < to && joined.charAt(from) <= ' ') {
        from++;
      }
      while (to > from && joined.charAt(to - 1) <= ' ') {
        to--;
      }
      IpLiteral addr = parseNode(joined, from, to, false);
      if (addr == null) {
        return malformed(peer, peerSecure, peerHost);
      }
      current = addr;
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
    return withForwardedSchemeAndHost(
        current, peer, peerSecure, peerHost, headers, stoppedAt, entries);
  }

  private ResolvedClient withForwardedSchemeAndHost(
      IpLiteral client,
      IpLiteral peer,
      boolean peerSecure,
      @Nullable String peerHost,
      HeaderSource headers,
      int index,
      int entries) {
    String scheme = scheme(peerSecure);
    List<String> protoLines = headers.values(XFP);
    List<String> hostLines = headers.values(XFH);
    List<String> protos = protoLines.isEmpty() ? List.of() : splitList(protoLines);
    List<String> hosts = hostLines.isEmpty() ? List.of() : splitList(hostLines);
    if (protos == null || hosts == null) {
      return malformed(peer, peerSecure, peerHost);
    }
    if (!protos.isEmpty()) {
      String chosen =
          (protos.size() == entries && index >= 0)
              ? protos.get(index)
              : protos.get(protos.size() - 1);
      String normalised = normaliseScheme(chosen);
      if (normalised == null) {
        return malformed(peer, peerSecure, peerHost);
      }
      scheme = normalised;
    }
    String host = peerHost;
    if (!hosts.isEmpty()) {
      String chosen =
          (hosts.size() == entries && index >= 0) ? hosts.get(index) : hosts.get(hosts.size() - 1);
      if (!isValidHost(chosen)) {
        return malformed(peer, peerSecure, peerHost);
      }
      host = chosen;
    }
    return client(client, scheme, host, true);
  }

  private ResolvedClient walkForwarded(
      IpLiteral peer, boolean peerSecure, @Nullable String peerHost, HeaderSource headers) {
    String joined = join(headers.values(FWD));
    if (joined == null) {
      return malformed(peer, peerSecure, peerHost);
    }
    if (joined.isEmpty()) {
      return direct(peer, peerSecure, peerHost);
    }
    ForwardedParser.Elements elements = ForwardedParser.parse(joined, MAX_HOPS);
    if (elements == null) {
      return malformed(peer, peerSecure, peerHost);
    }
    IpLiteral current = peer;
    int element = -1;
    for (int i = elements.size() - 1; i >= 0; i--) {
      IpLiteral addr = elements.forAddress(i);
      if (addr == null) {
        return malformed(peer, peerSecure, peerHost);
      }
      current = addr;
      element = i;
      if (!isTrusted(current)) {
        break;
      }
    }
    String scheme = scheme(peerSecure);
    String host = peerHost;
    if (element >= 0) {
      String proto = elements.proto(element);
      if (proto != null) {
        String normalised = normaliseScheme(proto);
        if (normalised == null) {
          return malformed(peer, peerSecure, peerHost);
        }
        scheme = normalised;
      }
      String h = elements.host(element);
      if (h != null) {
        if (!isValidHost(h)) {
          return malformed(peer, peerSecure, peerHost);
        }
        host = h;
      }
    }
    return client(current, scheme, host, true);
  }

  private ResolvedClient direct(IpLiteral peer, boolean secure, @Nullable String host) {
    String text = peer.toCanonicalString();
    return new ResolvedClient(text, keyFor(peer, text), scheme(secure), secure, host, false);
  }

  private ResolvedClient client(
      IpLiteral address, String scheme, @Nullable String host, boolean via) {
    String text = address.toCanonicalString();
    return new ResolvedClient(
        text, keyFor(address, text), scheme, "https".equals(scheme), host, via);
  }

  private ResolvedClient malformed(IpLiteral peer, boolean peerSecure, @Nullable String peerHost) {
    warnOnce(Warning.MALFORMED_FORWARDED_HEADER);
    return direct(peer, peerSecure, peerHost);
  }

  /**
   * The rate-limit key of an address: itself for IPv4, its configured prefix for IPv6.
   *
   * @param address an address
   * @return the key, for example {@code 192.0.2.1} or {@code 2001:db8:ab00::/56}
   */
  public String rateLimitKey(InetAddress address) {
    IpLiteral a = IpLiteral.fromBytes(address.getAddress());
    return keyFor(a, a.toCanonicalString());
  }

  private String keyFor(IpLiteral address, String text) {
    if (address.v4) {
      return text;
    }
    return address.maskIpv6(ipv6KeyPrefix).toCanonicalString() + "/" + ipv6KeyPrefix;
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

  /** The peer address, with the brackets some containers put around IPv6 removed. */
  private static @Nullable IpLiteral parseBracketed(@Nullable String s) {
    if (s == null) {
      return null;
    }
    if (s.length() > 2 && s.charAt(0) == '[' && s.charAt(s.length() - 1) == ']') {
      return IpLiteral.parse(s, 1, s.length() - 1);
    }
    return IpLiteral.parse(s, 0, s.length());
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
      if (close < 0 || IpLiteral.parse(h, 1, close) == null) {
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
    return h.charAt(portStart) == ':' && isPort(h, portStart + 1, h.length());
  }

  private static boolean isPort(String s, int from, int to) {
    if (from >= to || to - from > 5) {
      return false;
    }
    int value = 0;
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
      value = value * 10 + (c - '0');
    }
    return value <= 65535;
  }

  /**
   * Parses one hop, {@code node[from, to)}: IPv4, IPv4:port, [IPv6], [IPv6]:port, and (only in
   * X-Forwarded-For) a bare IPv6. RFC 7239's {@code unknown} and obfuscated identifiers are not
   * addresses.
   *
   * @return the address, or null
   */
  static @Nullable IpLiteral parseNode(String node, int from, int to, boolean rfc7239) {
    if (from >= to) {
      return null;
    }
    if (node.charAt(from) == '[') {
      int close = node.indexOf(']', from);
      if (close < 0 || close >= to) {
        return null;
      }
      int rest = close + 1;
      if (rest < to && !(node.charAt(rest) == ':' && isPortOrObfuscated(node, rest + 1, to))) {
        return null;
      }
      IpLiteral a = IpLiteral.parse(node, from + 1, close);
      // "[192.0.2.1]" is refused: brackets are for IPv6 text (which may be IPv4-mapped)
      return a != null && indexOf(node, ':', from + 1, close) >= 0 ? a : null;
    }
    int colon = indexOf(node, ':', from, to);
    if (colon >= 0 && indexOf(node, ':', colon + 1, to) < 0) {
      // IPv4 with a port
      if (!isPortOrObfuscated(node, colon + 1, to)) {
        return null;
      }
      IpLiteral a = IpLiteral.parse(node, from, colon);
      return a != null && a.v4 ? a : null;
    }
    if (colon >= 0 && rfc7239) {
      return null; // RFC 7239 requires brackets around IPv6
    }
    return IpLiteral.parse(node, from, to);
  }

  private static int indexOf(String s, char c, int from, int to) {
    for (int i = from; i < to; i++) {
      if (s.charAt(i) == c) {
        return i;
      }
    }
    return -1;
  }

  private static boolean isPortOrObfuscated(String s, int from, int to) {
    if (from < to && s.charAt(from) == '_') {
      if (to - from < 2) {
        return false;
      }
      for (int i = from + 1; i < to; i++) {
        char c = s.charAt(i);
        boolean ok =
            (c >= 'a' && c <= 'z')
                || (c >= 'A' && c <= 'Z')
                || (c >= '0' && c <= '9')
                || c == '.'
                || c == '_'
                || c == '-';
        if (!ok) {
          return false;
        }
      }
      return true;
    }
    return isPort(s, from, to);
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
    private final SetOnce set = new SetOnce("ClientIpResolver.Builder");

    private Builder() {}

    /**
     * The CIDR blocks of the reverse proxies in front of this service. Only requests whose socket
     * peer is in one of them have their forwarding headers read.
     *
     * @param cidrs blocks such as {@code 10.0.0.0/8}, {@code 127.0.0.1} or {@code fd00::/8}
     * @return this builder
     * @throws ConfigurationException when a block does not parse (the message says why) or the
     *     setting was already given
     */
    public Builder trustedProxies(String... cidrs) {
      return trustedProxies(Arrays.asList(cidrs));
    }

    /**
     * The CIDR blocks of the reverse proxies in front of this service.
     *
     * @param cidrs blocks such as {@code 10.0.0.0/8}; blank entries are ignored
     * @return this builder
     * @throws ConfigurationException when a block does not parse (the message says why) or the
     *     setting was already given
     */
    public Builder trustedProxies(Collection<String> cidrs) {
      set.set("trustedProxies", cidrs);
      for (String c : cidrs) {
        Objects.requireNonNull(c, "trustedProxies: a CIDR block is null");
        if (!c.isBlank()) {
          try {
            trusted.add(IpRange.parse(c));
          } catch (IllegalArgumentException e) {
            throw new ConfigurationException("trustedProxies: " + e.getMessage(), e);
          }
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
     * @throws ConfigurationException when already given
     */
    public Builder forwardedHeader(ForwardedHeader header) {
      set.set("forwardedHeader", header);
      this.header = Objects.requireNonNull(header, "forwardedHeader");
      return this;
    }

    /**
     * How many leading bits of an IPv6 address form its rate-limit key. The default, 56, is what
     * ISPs commonly delegate to one subscriber (RFC 6177).
     *
     * @param bits 32 to 64
     * @return this builder
     * @throws ConfigurationException outside 32–64, or when already given
     */
    public Builder ipv6KeyPrefix(int bits) {
      set.set("ipv6KeyPrefix", bits);
      if (bits < 32 || bits > 64) {
        throw new ConfigurationException(
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
     * @throws ConfigurationException when already given
     */
    public Builder onWarning(Consumer<Warning> handler) {
      set.set("onWarning", handler);
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
