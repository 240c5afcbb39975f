package dev.bulwark.benchmarks.headers;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.ServletConnection;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import jakarta.servlet.http.HttpUpgradeHandler;
import jakarta.servlet.http.Part;
import java.io.BufferedReader;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.Writer;
import java.security.Principal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Minimal in-memory servlet objects for filter benchmarks: headers and attributes in maps, no I/O,
 * no container. Headers are case-insensitive ({@link String#CASE_INSENSITIVE_ORDER}), as in a real
 * container; {@link Response#getHeaders(String)} returns a read-only view rather than a copy. One
 * request and one response are reused across invocations: call {@link Request#recycle()} and {@link
 * Response#recycle()} at the start of each one. Not thread-safe (use with {@code Scope.Thread}).
 */
public final class ServletStubs {

  private ServletStubs() {}

  /** A filter chain that does nothing: the application is not part of the measurement. */
  public static final FilterChain NO_OP_CHAIN = (req, res) -> {};

  /**
   * A filter config with no init-params.
   *
   * @param name the filter name
   * @return the config
   */
  public static FilterConfig filterConfig(String name) {
    return new FilterConfig() {
      @Override
      public String getFilterName() {
        return name;
      }

      @Override
      public ServletContext getServletContext() {
        throw new UnsupportedOperationException("no servlet context in benchmarks");
      }

      @Override
      public String getInitParameter(String n) {
        return null;
      }

      @Override
      public Enumeration<String> getInitParameterNames() {
        return Collections.emptyEnumeration();
      }
    };
  }

  /** An HTTP request with fixed headers and a mutable attribute map. */
  public static final class Request implements HttpServletRequest {
    private final Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    private final Map<String, Object> attributes = new HashMap<>();
    private final String method;
    private final String scheme;
    private final String serverName;
    private final int serverPort;
    private final String requestUri;

    /**
     * A request.
     *
     * @param method such as {@code GET}
     * @param scheme {@code http} or {@code https} ({@link #isSecure()} follows it)
     * @param serverName the host
     * @param serverPort the port
     * @param requestUri the path, with an empty context path and the whole path as servlet path
     */
    public Request(
        String method, String scheme, String serverName, int serverPort, String requestUri) {
      this.method = method;
      this.scheme = scheme;
      this.serverName = serverName;
      this.serverPort = serverPort;
      this.requestUri = requestUri;
    }

    /**
     * Adds a request header.
     *
     * @param name the name
     * @param value the value
     * @return this request
     */
    public Request header(String name, String value) {
      headers.computeIfAbsent(name, k -> new ArrayList<>(1)).add(value);
      return this;
    }

    /** Forgets the attributes set by the previous invocation. */
    public void recycle() {
      attributes.clear();
    }

    @Override
    public String getHeader(String name) {
      List<String> v = headers.get(name);
      return v == null ? null : v.get(0);
    }

    @Override
    public Enumeration<String> getHeaders(String name) {
      List<String> v = headers.get(name);
      return v == null ? Collections.emptyEnumeration() : Collections.enumeration(v);
    }

    @Override
    public Enumeration<String> getHeaderNames() {
      return Collections.enumeration(headers.keySet());
    }

    @Override
    public long getDateHeader(String name) {
      return -1;
    }

    @Override
    public int getIntHeader(String name) {
      String v = getHeader(name);
      return v == null ? -1 : Integer.parseInt(v);
    }

    @Override
    public String getMethod() {
      return method;
    }

    @Override
    public String getAuthType() {
      return null;
    }

    @Override
    public Cookie[] getCookies() {
      return null;
    }

    @Override
    public String getPathInfo() {
      return null;
    }

    @Override
    public String getPathTranslated() {
      return null;
    }

    @Override
    public String getContextPath() {
      return "";
    }

    @Override
    public String getQueryString() {
      return null;
    }

    @Override
    public String getRemoteUser() {
      return null;
    }

    @Override
    public boolean isUserInRole(String role) {
      return false;
    }

    @Override
    public Principal getUserPrincipal() {
      return null;
    }

    @Override
    public String getRequestedSessionId() {
      return null;
    }

    @Override
    public String getRequestURI() {
      return requestUri;
    }

    @Override
    public StringBuffer getRequestURL() {
      StringBuffer sb = new StringBuffer(scheme).append("://").append(serverName);
      if (serverPort != (isSecure() ? 443 : 80)) {
        sb.append(':').append(serverPort);
      }
      return sb.append(requestUri);
    }

    @Override
    public String getServletPath() {
      return requestUri;
    }

    @Override
    public HttpSession getSession(boolean create) {
      if (create) {
        throw new UnsupportedOperationException("no sessions in benchmarks");
      }
      return null;
    }

    @Override
    public HttpSession getSession() {
      return getSession(true);
    }

    @Override
    public String changeSessionId() {
      throw new IllegalStateException("no session");
    }

    @Override
    public boolean isRequestedSessionIdValid() {
      return false;
    }

    @Override
    public boolean isRequestedSessionIdFromCookie() {
      return false;
    }

    @Override
    public boolean isRequestedSessionIdFromURL() {
      return false;
    }

    @Override
    public boolean authenticate(HttpServletResponse response) {
      return false;
    }

    @Override
    public void login(String username, String password) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void logout() {}

    @Override
    public Collection<Part> getParts() {
      return List.of();
    }

    @Override
    public Part getPart(String name) {
      return null;
    }

    @Override
    public <T extends HttpUpgradeHandler> T upgrade(Class<T> handlerClass) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Object getAttribute(String name) {
      return attributes.get(name);
    }

    @Override
    public Enumeration<String> getAttributeNames() {
      return Collections.enumeration(attributes.keySet());
    }

    @Override
    public String getCharacterEncoding() {
      return null;
    }

    @Override
    public void setCharacterEncoding(String env) {}

    @Override
    public int getContentLength() {
      return -1;
    }

    @Override
    public long getContentLengthLong() {
      return -1;
    }

    @Override
    public String getContentType() {
      return getHeader("Content-Type");
    }

    @Override
    public ServletInputStream getInputStream() {
      throw new UnsupportedOperationException("no body in benchmarks");
    }

    @Override
    public String getParameter(String name) {
      return null;
    }

    @Override
    public Enumeration<String> getParameterNames() {
      return Collections.emptyEnumeration();
    }

    @Override
    public String[] getParameterValues(String name) {
      return null;
    }

    @Override
    public Map<String, String[]> getParameterMap() {
      return Map.of();
    }

    @Override
    public String getProtocol() {
      return "HTTP/1.1";
    }

    @Override
    public String getScheme() {
      return scheme;
    }

    @Override
    public String getServerName() {
      return serverName;
    }

    @Override
    public int getServerPort() {
      return serverPort;
    }

    @Override
    public BufferedReader getReader() {
      return new BufferedReader(new StringReader(""));
    }

    @Override
    public String getRemoteAddr() {
      return "198.51.100.7";
    }

    @Override
    public String getRemoteHost() {
      return getRemoteAddr();
    }

    @Override
    public void setAttribute(String name, Object o) {
      if (o == null) {
        attributes.remove(name);
      } else {
        attributes.put(name, o);
      }
    }

    @Override
    public void removeAttribute(String name) {
      attributes.remove(name);
    }

    @Override
    public Locale getLocale() {
      return Locale.ROOT;
    }

    @Override
    public Enumeration<Locale> getLocales() {
      return Collections.enumeration(List.of(Locale.ROOT));
    }

    @Override
    public boolean isSecure() {
      return "https".equals(scheme);
    }

    @Override
    public RequestDispatcher getRequestDispatcher(String path) {
      return null;
    }

    @Override
    public int getRemotePort() {
      return 54321;
    }

    @Override
    public String getLocalName() {
      return serverName;
    }

    @Override
    public String getLocalAddr() {
      return "10.0.0.1";
    }

    @Override
    public int getLocalPort() {
      return serverPort;
    }

    @Override
    public ServletContext getServletContext() {
      throw new UnsupportedOperationException("no servlet context in benchmarks");
    }

    @Override
    public AsyncContext startAsync() {
      throw new IllegalStateException("async not supported");
    }

    @Override
    public AsyncContext startAsync(ServletRequest servletRequest, ServletResponse servletResponse) {
      throw new IllegalStateException("async not supported");
    }

    @Override
    public boolean isAsyncStarted() {
      return false;
    }

    @Override
    public boolean isAsyncSupported() {
      return false;
    }

    @Override
    public AsyncContext getAsyncContext() {
      throw new IllegalStateException("async not started");
    }

    @Override
    public DispatcherType getDispatcherType() {
      return DispatcherType.REQUEST;
    }

    @Override
    public String getRequestId() {
      return "1";
    }

    @Override
    public String getProtocolRequestId() {
      return "";
    }

    @Override
    public ServletConnection getServletConnection() {
      throw new UnsupportedOperationException();
    }
  }

  /** An HTTP response that keeps its status and headers in memory and discards its body. */
  public static final class Response implements HttpServletResponse {
    private final Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    private int status = SC_OK;
    private boolean committed;
    private String contentType;
    private String characterEncoding;
    private Locale locale = Locale.ROOT;

    private final ServletOutputStream out =
        new ServletOutputStream() {
          @Override
          public void write(int b) {
            committed = true;
          }

          @Override
          public void write(byte[] b, int off, int len) {
            committed = true;
          }

          @Override
          public void flush() {
            committed = true;
          }

          @Override
          public boolean isReady() {
            return true;
          }

          @Override
          public void setWriteListener(WriteListener writeListener) {}
        };

    private final PrintWriter writer =
        new PrintWriter(
            new Writer() {
              @Override
              public void write(char[] cbuf, int off, int len) {
                committed = true;
              }

              @Override
              public void flush() {
                committed = true;
              }

              @Override
              public void close() {}
            });

    /** A fresh response: 200, no headers. */
    public Response() {}

    /** Back to a fresh response for the next invocation. */
    public void recycle() {
      headers.clear();
      status = SC_OK;
      committed = false;
      contentType = null;
      characterEncoding = null;
    }

    /**
     * How many distinct header names are set.
     *
     * @return the count
     */
    public int headerCount() {
      return headers.size();
    }

    @Override
    public void addCookie(Cookie cookie) {
      addHeader("Set-Cookie", cookie.getName() + "=" + cookie.getValue());
    }

    @Override
    public boolean containsHeader(String name) {
      return headers.containsKey(name);
    }

    @Override
    public String encodeURL(String url) {
      return url;
    }

    @Override
    public String encodeRedirectURL(String url) {
      return url;
    }

    @Override
    public void sendError(int sc, String msg) {
      status = sc;
      committed = true;
    }

    @Override
    public void sendError(int sc) {
      sendError(sc, null);
    }

    @Override
    public void sendRedirect(String location) {
      status = SC_FOUND;
      setHeader("Location", location);
      committed = true;
    }

    @Override
    public void setDateHeader(String name, long date) {
      setHeader(name, Long.toString(date));
    }

    @Override
    public void addDateHeader(String name, long date) {
      addHeader(name, Long.toString(date));
    }

    @Override
    public void setHeader(String name, String value) {
      if (committed) {
        return;
      }
      if (value == null) {
        headers.remove(name);
        return;
      }
      List<String> v = headers.get(name);
      if (v == null) {
        v = new ArrayList<>(1);
        headers.put(name, v);
      } else {
        v.clear();
      }
      v.add(value);
    }

    @Override
    public void addHeader(String name, String value) {
      if (committed || value == null) {
        return;
      }
      headers.computeIfAbsent(name, k -> new ArrayList<>(1)).add(value);
    }

    @Override
    public void setIntHeader(String name, int value) {
      setHeader(name, Integer.toString(value));
    }

    @Override
    public void addIntHeader(String name, int value) {
      addHeader(name, Integer.toString(value));
    }

    @Override
    public void setStatus(int sc) {
      if (!committed) {
        status = sc;
      }
    }

    @Override
    public int getStatus() {
      return status;
    }

    @Override
    public String getHeader(String name) {
      List<String> v = headers.get(name);
      return v == null ? null : v.get(0);
    }

    @Override
    public Collection<String> getHeaders(String name) {
      List<String> v = headers.get(name);
      return v == null ? List.of() : Collections.unmodifiableList(v);
    }

    @Override
    public Collection<String> getHeaderNames() {
      return Collections.unmodifiableSet(headers.keySet());
    }

    @Override
    public String getCharacterEncoding() {
      return characterEncoding == null ? "ISO-8859-1" : characterEncoding;
    }

    @Override
    public String getContentType() {
      return contentType;
    }

    @Override
    public ServletOutputStream getOutputStream() {
      return out;
    }

    @Override
    public PrintWriter getWriter() {
      return writer;
    }

    @Override
    public void setCharacterEncoding(String charset) {
      if (!committed) {
        characterEncoding = charset;
      }
    }

    @Override
    public void setContentLength(int len) {
      setHeader("Content-Length", Integer.toString(len));
    }

    @Override
    public void setContentLengthLong(long len) {
      setHeader("Content-Length", Long.toString(len));
    }

    @Override
    public void setContentType(String type) {
      if (!committed) {
        contentType = type;
      }
    }

    @Override
    public void setBufferSize(int size) {}

    @Override
    public int getBufferSize() {
      return 8192;
    }

    @Override
    public void flushBuffer() {
      committed = true;
    }

    @Override
    public void resetBuffer() {
      if (committed) {
        throw new IllegalStateException("committed");
      }
    }

    @Override
    public boolean isCommitted() {
      return committed;
    }

    @Override
    public void reset() {
      if (committed) {
        throw new IllegalStateException("committed");
      }
      recycle();
    }

    @Override
    public void setLocale(Locale loc) {
      locale = loc;
    }

    @Override
    public Locale getLocale() {
      return locale;
    }
  }
}
