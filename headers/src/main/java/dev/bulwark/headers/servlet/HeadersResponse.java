package dev.bulwark.headers.servlet;

import dev.bulwark.headers.CookieHardening;
import dev.bulwark.headers.SecurityHeadersPolicy;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.Cookie;
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
 * Applies what must wait until the application is done with the headers: {@code Cache-Control}
 * (only if the application set no caching header) and cookie hardening (the container's session
 * cookie included). The hook runs once, just before the first byte of the body, before {@code
 * flushBuffer}, {@code sendError} and {@code sendRedirect}, and after the chain returns; a session
 * created later is hardened again through {@link HeadersRequest}. Banners are refused outright.
 */
final class HeadersResponse extends HttpServletResponseWrapper {

  private static final Set<String> CACHING = Set.of("cache-control", "expires", "pragma");

  private final HttpServletResponse response;
  private final SecurityHeadersPolicy policy;
  private final boolean secure;
  private final boolean authenticated;
  private final Runnable rewriteHeaders;
  private boolean hookDone;
  private boolean wroteCacheControl;
  private @Nullable ServletOutputStream stream;
  private @Nullable PrintWriter writer;

  HeadersResponse(
      HttpServletResponse response,
      SecurityHeadersPolicy policy,
      boolean secure,
      boolean authenticated,
      Runnable rewriteHeaders) {
    super(response);
    this.response = response;
    this.policy = policy;
    this.secure = secure;
    this.authenticated = authenticated;
    this.rewriteHeaders = rewriteHeaders;
  }

  /** Runs the commit hook once, if the response is still open. */
  void beforeCommit() {
    if (hookDone || response.isCommitted()) {
      return;
    }
    hookDone = true;
    SecurityHeadersPolicy.CacheControl mode = policy.cacheControl();
    if (mode == SecurityHeadersPolicy.CacheControl.ALWAYS
        || (mode == SecurityHeadersPolicy.CacheControl.WHEN_AUTHENTICATED && authenticated)) {
      if (!response.containsHeader("Cache-Control")
          && !response.containsHeader("Expires")
          && !response.containsHeader("Pragma")) {
        response.setHeader("Cache-Control", SecurityHeadersPolicy.NO_STORE);
        wroteCacheControl = true;
      }
    }
    hardenCookies();
  }

  /** Rewrites every Set-Cookie header with the missing attributes. */
  void hardenCookies() {
    CookieHardening h = policy.cookieHardening();
    if (h == null || response.isCommitted()) {
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

  private boolean blocked(String name) {
    return policy.isRemoved(name);
  }

  private String cookieValue(String name, String value) {
    CookieHardening h = policy.cookieHardening();
    return h != null && name.equalsIgnoreCase("Set-Cookie") ? h.harden(value, secure) : value;
  }

  @Override
  public void addCookie(Cookie cookie) {
    CookieHardening h = policy.cookieHardening();
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
    if (!blocked(name)) {
      super.setHeader(name, value == null ? null : cookieValue(name, value));
    }
  }

  @Override
  public void addHeader(String name, String value) {
    if (blocked(name)) {
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
    if (!blocked(name)) {
      super.setIntHeader(name, value);
    }
  }

  @Override
  public void addIntHeader(String name, int value) {
    if (!blocked(name)) {
      super.addIntHeader(name, value);
    }
  }

  @Override
  public void setDateHeader(String name, long date) {
    if (!blocked(name)) {
      super.setDateHeader(name, date);
    }
  }

  @Override
  public void addDateHeader(String name, long date) {
    if (!blocked(name)) {
      super.addDateHeader(name, date);
    }
  }

  @Override
  public void reset() {
    super.reset();
    hookDone = false;
    wroteCacheControl = false;
    rewriteHeaders.run();
  }

  @Override
  public void flushBuffer() throws IOException {
    beforeCommit();
    super.flushBuffer();
  }

  @Override
  public void sendError(int sc, String msg) throws IOException {
    beforeCommit();
    super.sendError(sc, msg);
  }

  @Override
  public void sendError(int sc) throws IOException {
    beforeCommit();
    super.sendError(sc);
  }

  @Override
  public void sendRedirect(String location) throws IOException {
    beforeCommit();
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
      beforeCommit();
      out.write(b);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      beforeCommit();
      out.write(b, off, len);
    }

    @Override
    public void flush() throws IOException {
      beforeCommit();
      out.flush();
    }

    @Override
    public void close() throws IOException {
      beforeCommit();
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
      beforeCommit();
      out.write(cbuf, off, len);
    }

    @Override
    public void write(String str, int off, int len) {
      beforeCommit();
      out.write(str, off, len);
    }

    @Override
    public void flush() {
      beforeCommit();
      out.flush();
    }

    @Override
    public void close() {
      beforeCommit();
      out.close();
    }
  }
}
