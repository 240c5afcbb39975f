package dev.bulwark.validation.servlet;

import dev.bulwark.event.Outcome;
import dev.bulwark.event.SecurityEvent;
import dev.bulwark.event.SecurityEventPublisher;
import dev.bulwark.event.SecurityEventType;
import dev.bulwark.validation.RequestLimitsPolicy;
import dev.bulwark.validation.ValidationProblems;
import dev.bulwark.web.ProblemDetail;
import dev.bulwark.web.servlet.FilterParams;
import dev.bulwark.web.servlet.HttpOnlyFilter;
import dev.bulwark.web.servlet.ProblemResponses;
import dev.bulwark.web.servlet.ServletClients;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * HTTP-level limits applied before the application reads anything.
 *
 * <ul>
 *   <li><b>Body size</b>: a {@code Content-Length} over {@code maxBodyBytes} (default 1 MiB) gets
 *       {@code 413} at once; a chunked body is counted as it is read, and reading past the limit
 *       sends {@code 413} (when nothing was written yet) and fails the read.
 *   <li><b>Media type</b>: a request with a body whose {@code Content-Type} is missing or not in
 *       {@code allowedContentTypes} gets {@code 415}. Default: {@code application/json}, {@code
 *       application/x-www-form-urlencoded}, {@code multipart/form-data}.
 *   <li><b>Encoding</b>: a request path or query string with a malformed percent-escape ({@code
 *       %zz}, a lone {@code %}) or a percent-encoded byte sequence that is not UTF-8 gets {@code
 *       400}. Form bodies are decoded by the container; this filter does not read them.
 * </ul>
 *
 * <p>Every refusal is an RFC 9457 problem and a {@code web.request.rejected} security event.
 * Init-params: {@code maxBodyBytes}, {@code allowedContentTypes} (comma-separated), {@code
 * checkEncoding} ({@code true}/{@code false}). Unknown or invalid init-params stop start-up.
 */
public final class RequestLimitsFilter extends HttpOnlyFilter {

  private @Nullable RequestLimitsPolicy policy;
  private SecurityEventPublisher events = SecurityEventPublisher.logging();
  private final boolean configuredInCode;

  /**
   * For {@code web.xml}: configured from init-params ({@link RequestLimitsPolicy#fromSettings}).
   */
  public RequestLimitsFilter() {
    this.configuredInCode = false;
  }

  /**
   * For code.
   *
   * @param policy the limits
   * @param events where refusals are reported
   */
  public RequestLimitsFilter(RequestLimitsPolicy policy, SecurityEventPublisher events) {
    this.policy = Objects.requireNonNull(policy, "policy");
    this.events = Objects.requireNonNull(events, "events");
    this.configuredInCode = true;
  }

  /**
   * For code.
   *
   * @param maxBodyBytes the largest body, at least 1
   * @param allowedContentTypes media types accepted for bodies, lower case, without parameters
   * @param checkEncoding whether to refuse malformed percent-encoding
   * @param events where refusals are reported
   * @throws dev.bulwark.web.ConfigurationException when a limit is refused
   */
  public RequestLimitsFilter(
      long maxBodyBytes,
      List<String> allowedContentTypes,
      boolean checkEncoding,
      SecurityEventPublisher events) {
    this(limits(maxBodyBytes, allowedContentTypes, checkEncoding), events);
  }

  private static RequestLimitsPolicy limits(
      long maxBodyBytes, List<String> allowedContentTypes, boolean checkEncoding) {
    RequestLimitsPolicy.Builder b =
        RequestLimitsPolicy.builder()
            .maxBodyBytes(maxBodyBytes)
            .allowedContentTypes(allowedContentTypes);
    if (!checkEncoding) {
      b.dangerouslySkipEncodingCheck();
    }
    return b.build();
  }

  @Override
  public void init(FilterConfig config) throws ServletException {
    if (configuredInCode) {
      FilterParams.refuseWhenConfiguredInCode(config, "its limits");
      return;
    }
    policy = FilterParams.fromSettings(config, RequestLimitsPolicy::fromSettings);
  }

  @Override
  protected void filter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    RequestLimitsPolicy p = FilterParams.initialised(policy, "RequestLimitsFilter");
    long maxBodyBytes = p.maxBodyBytes();
    Set<String> allowedTypes = p.allowedContentTypes();
    if (p.checkEncoding()
        && (!isWellEncoded(request.getRequestURI()) || !isWellEncoded(request.getQueryString()))) {
      reject(request, response, 400, "The request URL has malformed percent-encoding.", "encoding");
      return;
    }
    long length = request.getContentLengthLong();
    boolean chunked = request.getHeader("Transfer-Encoding") != null;
    if (length > 0 || chunked) {
      if (length > maxBodyBytes) {
        reject(
            request,
            response,
            413,
            "The request body exceeds " + maxBodyBytes + " bytes.",
            "body_too_large");
        return;
      }
      String ct = request.getContentType();
      String media = ct == null ? "" : ct.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
      if (!allowedTypes.contains(media)) {
        reject(
            request,
            response,
            415,
            "Request bodies must be one of: " + String.join(", ", allowedTypes) + ".",
            "media_type");
        return;
      }
      if (chunked || length < 0) {
        chain.doFilter(new LimitedRequest(request, response, maxBodyBytes), response);
        return;
      }
    }
    chain.doFilter(request, response);
  }

  /** The filter and its limits. */
  @Override
  public String toString() {
    return "RequestLimitsFilter[" + (policy == null ? "not initialised" : policy) + "]";
  }

  private void reject(
      HttpServletRequest request,
      HttpServletResponse response,
      int status,
      String detail,
      String reason)
      throws IOException {
    events.publish(
        SecurityEvent.builder(SecurityEventType.REQUEST_REJECTED, Outcome.DENIED)
            .client(ServletClients.resolve(request, null).address())
            .detail("reason", reason)
            .detail("status", Integer.toString(status))
            .build());
    if (!response.isCommitted()) {
      ProblemResponses.send(
          response,
          ProblemDetail.builder(status).type(ValidationProblems.TYPE).detail(detail).build());
    }
  }

  /**
   * Whether every {@code %} starts a two-digit hex escape and the escaped bytes, with the literal
   * ASCII around them, form valid UTF-8.
   *
   * @param s a raw path or query, or null
   * @return true when well-formed (null is)
   */
  static boolean isWellEncoded(@Nullable String s) {
    if (s == null || s.indexOf('%') < 0) {
      return true;
    }
    ByteBuffer bytes = ByteBuffer.allocate(s.length() * 3);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '%') {
        if (i + 2 >= s.length()
            || Character.digit(s.charAt(i + 1), 16) < 0
            || Character.digit(s.charAt(i + 2), 16) < 0) {
          return false;
        }
        bytes.put(
            (byte)
                ((Character.digit(s.charAt(i + 1), 16) << 4)
                    | Character.digit(s.charAt(i + 2), 16)));
        i += 2;
      } else {
        bytes.put(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
      }
    }
    bytes.flip();
    try {
      StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(bytes);
      return true;
    } catch (CharacterCodingException e) {
      return false;
    }
  }

  private final class LimitedRequest extends HttpServletRequestWrapper {
    private final HttpServletResponse response;
    private final long limit;
    private @Nullable ServletInputStream stream;

    LimitedRequest(HttpServletRequest request, HttpServletResponse response, long limit) {
      super(request);
      this.response = response;
      this.limit = limit;
    }

    @Override
    public java.io.BufferedReader getReader() throws IOException {
      String enc = getCharacterEncoding();
      java.nio.charset.Charset cs =
          enc == null ? StandardCharsets.UTF_8 : java.nio.charset.Charset.forName(enc);
      return new java.io.BufferedReader(new java.io.InputStreamReader(getInputStream(), cs));
    }

    @Override
    public ServletInputStream getInputStream() throws IOException {
      if (stream == null) {
        ServletInputStream in = super.getInputStream();
        HttpServletRequest request = (HttpServletRequest) getRequest();
        stream =
            new ServletInputStream() {
              private long read;

              private void count(long n) throws IOException {
                read += n;
                if (read > limit) {
                  reject(
                      request,
                      response,
                      413,
                      "The request body exceeds " + limit + " bytes.",
                      "body_too_large");
                  throw new IOException("request body exceeds " + limit + " bytes");
                }
              }

              @Override
              public int read() throws IOException {
                int b = in.read();
                if (b >= 0) {
                  count(1);
                }
                return b;
              }

              @Override
              public int read(byte[] b, int off, int len) throws IOException {
                int n = in.read(b, off, len);
                if (n > 0) {
                  count(n);
                }
                return n;
              }

              @Override
              public boolean isFinished() {
                return in.isFinished();
              }

              @Override
              public boolean isReady() {
                return in.isReady();
              }

              @Override
              public void setReadListener(ReadListener listener) {
                in.setReadListener(listener);
              }
            };
      }
      return stream;
    }
  }
}
