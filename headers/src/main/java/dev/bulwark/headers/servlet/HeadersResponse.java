package dev.bulwark.headers.servlet;

import dev.bulwark.headers.ContentSecurityPolicy;
import dev.bulwark.headers.CookieHardening;
import dev.bulwark.headers.HeaderContext;
import dev.bulwark.headers.SecurityHeader;
import dev.bulwark.headers.SecurityHeadersPolicy;
import dev.bulwark.headers.internal.Nonces;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Holds one response's security-header state and writes the headers when the response is about to
 * commit: just before the first byte of the body, before {@code flushBuffer}, {@code sendError} and
 * {@code sendRedirect}, and after the chain returns. Only then is the content type known, which
 * picks the {@linkplain SecurityHeadersPolicy.Profile profile}; the body is never buffered. At the
 * same moment it adds {@code Cache-Control} (only if the application set no caching header) and
 * hardens cookies (the container's session cookie included); a session created later is hardened
 * again through {@link HeadersRequest}. Banners are refused outright.
 *
 * <p>A header the application set (or removed with a null value) before the commit is left as the
 * application made it; one it added is sent next to ours, as when our headers went first.
 */
final class HeadersResponse extends HttpServletResponseWrapper {

  private static final Set<String> CACHING = Set.of("cache-control", "expires", "pragma");

  private final HttpServletRequest request;
  private final HttpServletResponse response;
  private final boolean secure;
  private RenderedPolicy rendered;
  private String path;
  private boolean hookDone;
  private boolean wroteCacheControl;
  private boolean nonceRead;
  private @Nullable String nonce;

  /** Headers of the policy the application set or removed (bit = index of the name). */
  private long appSet;

  /** Headers of the policy the application added a value to. */
  private long appAdded;

  private @Nullable ServletOutputStream stream;
  private @Nullable PrintWriter writer;

  HeadersResponse(
      HttpServletRequest request,
      HttpServletResponse response,
      RenderedPolicy rendered,
      String path,
      boolean secure) {
    super(response);
    this.request = request;
    this.response = response;
    this.rendered = rendered;
    this.path = path;
    this.secure = secure;
  }

  /**
   * Another {@code SecurityHeadersFilter} further down the chain applies its policy to this
   * response instead of wrapping it again (as when each wrote its headers, the inner one wins).
   */
  void use(RenderedPolicy other, String otherPath) {
    if (other == rendered || hookDone) {
      return;
    }
    appSet = translate(appSet, other);
    appAdded = translate(appAdded, other);
    rendered = other;
    path = otherPath;
  }

  private long translate(long mask, RenderedPolicy other) {
    long out = 0;
    for (int i = 0; i < RenderedPolicy.TRACKED && mask != 0; i++) {
      if ((mask & (1L << i)) != 0) {
        mask &= ~(1L << i);
        int c = other.code(rendered.name(i));
        if (c >= 0 && c < RenderedPolicy.TRACKED) {
          out |= 1L << c;
        }
      }
    }
    return out;
  }

  /**
   * The CSP nonce for the request attribute, drawn on first use; reading it marks the response as a
   * page (the document profile).
   *
   * @return the nonce, or null when the policy uses none
   */
  @Nullable String readNonce() {
    if (!rendered.policy.usesNonce()) {
      return null;
    }
    nonceRead = true;
    return nonce();
  }

  private String nonce() {
    String n = nonce;
    if (n == null) {
      n = Nonces.cspNonce();
      nonce = n;
      // code holding the unwrapped request (a later dispatch, a container page) sees the same one
      request.setAttribute(ContentSecurityPolicy.NONCE_ATTRIBUTE, n);
    }
    return n;
  }

  /**
   * Writes the headers once, if the response is still open.
   *
   * @param forceDocument true when the container, not the application, renders the body ({@code
   *     sendError}): its type is unknown, so the document set goes out
   */
  void beforeCommit(boolean forceDocument) {
    if (hookDone || response.isCommitted()) {
      return;
    }
    hookDone = true;
    SecurityHeadersPolicy policy = rendered.policy;
    SecurityHeadersPolicy.Profile profile =
        forceDocument
            ? SecurityHeadersPolicy.Profile.DOCUMENT
            : policy.profileFor(path, response.getContentType(), nonceRead);
    writeHeaders(rendered.profile(profile), profile == SecurityHeadersPolicy.Profile.DOCUMENT);
    SecurityHeadersPolicy.CacheControl mode = policy.cacheControl();
    if (mode == SecurityHeadersPolicy.CacheControl.ALWAYS
        || (mode == SecurityHeadersPolicy.CacheControl.WHEN_AUTHENTICATED && authenticated())) {
      if (!response.containsHeader("Cache-Control")
          && !response.containsHeader("Expires")
          && !response.containsHeader("Pragma")) {
        response.setHeader("Cache-Control", SecurityHeadersPolicy.NO_STORE);
        wroteCacheControl = true;
      }
    }
    hardenCookies();
  }

  private boolean authenticated() {
    return request.getHeader("Authorization") != null
        || request.getHeader("Cookie") != null
        || request.getUserPrincipal() != null;
  }

  private void writeHeaders(RenderedPolicy.Rendered set, boolean document) {
    HeaderContext context = null;
    if (set.hasDynamic) {
      context = new HeaderContext(secure, document && rendered.policy.usesNonce() ? nonce() : null);
    }
    String[] names = set.names;
    String[] values = secure ? set.secure : set.plain;
    for (int i = 0; i < names.length; i++) {
      int code = set.codes[i];
      boolean add;
      if (code < RenderedPolicy.TRACKED) {
        long bit = 1L << code;
        if ((appSet & bit) != 0) {
          continue;
        }
        add = (appAdded & bit) != 0;
      } else {
        if (response.containsHeader(names[i])) {
          continue;
        }
        add = false;
      }
      SecurityHeader dynamic = set.dynamic[i];
      String v = dynamic == null || context == null ? values[i] : dynamic.value(context);
      if (v == null) {
        continue;
      }
      if (add) {
        response.addHeader(names[i], v);
      } else {
        response.setHeader(names[i], v);
      }
    }
  }

  /** Rewrites every Set-Cookie header with the missing attributes. */
  void hardenCookies() {
    CookieHardening h = rendered.policy.cookieHardening();
    if (h == null || response.isCommitted() || !response.containsHeader("Set-Cookie")) {
      return;
    }
    Collection<String> cookies = response.getHeaders("Set-Cookie");
    if (cookies == null || cookies.isEmpty()) {
      return;
    }
    List<String> hardened = new ArrayList<>(cookies.size());
    boolean changed = false;
    for (String c : cookies) {
      String hc = h.harden(c, secure);
      changed |= !hc.equals(c);
      hardened.add(hc);
    }
    if (!changed) {
      return;
    }
    response.setHeader("Set-Cookie", hardened.get(0));
    for (int i = 1; i < hardened.size(); i++) {
      response.addHeader("Set-Cookie", hardened.get(i));
    }
  }

  /**
   * Records what the application does with a header: false when it is a banner to drop.
   *
   * @param added true for addHeader, false for setHeader
   */
  private boolean track(String name, boolean added) {
    int code = rendered.code(name);
    if (code == RenderedPolicy.BANNER) {
      return false;
    }
    if (code >= 0 && code < RenderedPolicy.TRACKED && !hookDone) {
      if (added) {
        appAdded |= 1L << code;
      } else {
        appSet |= 1L << code;
      }
    }
    return true;
  }

  private String cookieValue(String name, String value) {
    CookieHardening h = rendered.policy.cookieHardening();
    return h != null && name.equalsIgnoreCase("Set-Cookie") ? h.harden(value, secure) : value;
  }

  @Override
  public void addCookie(Cookie cookie) {
    CookieHardening h = rendered.policy.cookieHardening();
    if (h != null) {
      if (secure) {
        cookie.setSecure(true);
      }
      if (!h.scriptReadable().contains(cookie.getName())) {
        cookie.setHttpOnly(true);
      }
      if (cookie.getAttribute("SameSite") == null) {
        cookie.setAttribute("SameSite", h.defaultSameSite().attribute());
      }
    }
    super.addCookie(cookie);
  }

  @Override
  public void setHeader(String name, String value) {
    if (track(name, false)) {
      super.setHeader(name, value == null ? null : cookieValue(name, value));
    }
  }

  @Override
  public void addHeader(String name, String value) {
    if (!track(name, true)) {
      return;
    }
    if (wroteCacheControl && CACHING.contains(name.toLowerCase(Locale.ROOT))) {
      // the application takes over caching after our default went in: its value replaces ours
      if (name.equalsIgnoreCase("Cache-Control")) {
        wroteCacheControl = false;
        super.setHeader(name, value);
        return;
      }
    }
    super.addHeader(name, cookieValue(name, value));
  }

  @Override
  public void setIntHeader(String name, int value) {
    if (track(name, false)) {
      super.setIntHeader(name, value);
    }
  }

  @Override
  public void addIntHeader(String name, int value) {
    if (track(name, true)) {
      super.addIntHeader(name, value);
    }
  }

  @Override
  public void setDateHeader(String name, long date) {
    if (track(name, false)) {
      super.setDateHeader(name, date);
    }
  }

  @Override
  public void addDateHeader(String name, long date) {
    if (track(name, true)) {
      super.addDateHeader(name, date);
    }
  }

  @Override
  public void reset() {
    super.reset();
    hookDone = false;
    wroteCacheControl = false;
    appSet = 0;
    appAdded = 0;
  }

  @Override
  public void flushBuffer() throws IOException {
    beforeCommit(false);
    super.flushBuffer();
  }

  @Override
  public void sendError(int sc, String msg) throws IOException {
    beforeCommit(true);
    super.sendError(sc, msg);
  }

  @Override
  public void sendError(int sc) throws IOException {
    beforeCommit(true);
    super.sendError(sc);
  }

  @Override
  public void sendRedirect(String location) throws IOException {
    beforeCommit(false);
    super.sendRedirect(location);
  }

  @Override
  public ServletOutputStream getOutputStream() throws IOException {
    if (stream == null) {
      stream = new HookedStream(super.getOutputStream());
    }
    return stream;
  }

  @Override
  public PrintWriter getWriter() throws IOException {
    if (writer == null) {
      // the container's writer applies the response charset; we only intercept the first write
      PrintWriter inner = super.getWriter();
      writer = new PrintWriter(new HookedWriter(inner), false);
    }
    return writer;
  }

  private final class HookedStream extends ServletOutputStream {
    private final ServletOutputStream out;

    HookedStream(ServletOutputStream out) {
      this.out = out;
    }

    @Override
    public void write(int b) throws IOException {
      beforeCommit(false);
      out.write(b);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      beforeCommit(false);
      out.write(b, off, len);
    }

    @Override
    public void flush() throws IOException {
      beforeCommit(false);
      out.flush();
    }

    @Override
    public void close() throws IOException {
      beforeCommit(false);
      out.close();
    }

    @Override
    public boolean isReady() {
      return out.isReady();
    }

    @Override
    public void setWriteListener(WriteListener listener) {
      out.setWriteListener(listener);
    }
  }

  private final class HookedWriter extends Writer {
    private final PrintWriter out;

    HookedWriter(PrintWriter out) {
      this.out = out;
    }

    @Override
    public void write(char[] cbuf, int off, int len) {
      beforeCommit(false);
      out.write(cbuf, off, len);
    }

    @Override
    public void write(String str, int off, int len) {
      beforeCommit(false);
      out.write(str, off, len);
    }

    @Override
    public void flush() {
      beforeCommit(false);
      out.flush();
    }

    @Override
    public void close() {
      beforeCommit(false);
      out.close();
    }
  }
}
