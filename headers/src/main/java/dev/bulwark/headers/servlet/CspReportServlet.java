package dev.bulwark.headers.servlet;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulwark.event.Outcome;
import dev.bulwark.event.SecurityEvent;
import dev.bulwark.event.SecurityEventListener;
import dev.bulwark.event.SecurityEventPublisher;
import dev.bulwark.headers.CspReportLimits;
import dev.bulwark.headers.HeaderEvents;
import dev.bulwark.web.ConfigurationException;
import dev.bulwark.web.ProblemDetail;
import dev.bulwark.web.Settings;
import dev.bulwark.web.servlet.ProblemResponses;
import dev.bulwark.web.servlet.ServletClients;
import jakarta.servlet.ServletConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The endpoint browsers send CSP violation reports to; each report becomes a {@link
 * HeaderEvents#CSP_VIOLATION} security event ({@link Outcome#DENIED}) carrying the directive, the
 * blocked URL, the document URL, the source location and the disposition ({@code enforce} or {@code
 * report}).
 *
 * <p>Accepts {@code POST} with {@code application/csp-report} (CSP2 {@code report-uri}: one {@code
 * {"csp-report": {...}}}) or {@code application/reports+json} (Reporting API {@code report-to}: an
 * array of reports; only {@code csp-violation} ones are used), and answers 204. Refuses other
 * methods (405), other media types (415), bodies over {@link CspReportLimits#maxBytes()} (413, read
 * no further) and malformed JSON (400), each with a problem+json body and a {@link
 * HeaderEvents#CSP_REPORT_REJECTED} event. At most {@link #MAX_REPORTS_PER_REQUEST} reports of one
 * batch become events. Every report field is attacker-controlled: the events carry it as data,
 * truncated to 512 characters, and listeners must neutralise it (the default SLF4J listener does).
 *
 * <p>Map it to the path named in {@code report-uri} (and in {@code Reporting-Endpoints}); it needs
 * no authentication, so put it outside authentication filters and behind a rate limit.
 *
 * <p>Its settings are {@link CspReportLimits}'s: init-param {@code maxBytes} (default {@value
 * CspReportLimits#DEFAULT_MAX_BYTES}); an unknown or invalid one stops start-up, and a servlet
 * constructed with limits refuses init-params. Thread-safe.
 */
public final class CspReportServlet extends HttpServlet {

  private static final long serialVersionUID = 1L;

  /** The most reports of one batch turned into events. */
  public static final int MAX_REPORTS_PER_REQUEST = 20;

  private static final int MAX_FIELD = 512;

  private static final ObjectMapper JSON =
      new ObjectMapper(
          JsonFactory.builder()
              .streamReadConstraints(
                  StreamReadConstraints.builder().maxNestingDepth(16).maxStringLength(8192).build())
              .build());

  private final transient SecurityEventListener events;

  /** Null until {@link #init(ServletConfig)} for a {@code web.xml} servlet. */
  private transient volatile @Nullable CspReportLimits limits;

  /** For {@code web.xml}: events go to {@link SecurityEventPublisher#logging()}. */
  public CspReportServlet() {
    this.events = SecurityEventPublisher.logging();
  }

  /**
   * For code.
   *
   * @param events where violation events go
   * @param limits the body size limit
   */
  public CspReportServlet(SecurityEventListener events, CspReportLimits limits) {
    this.events = Objects.requireNonNull(events, "events");
    this.limits = Objects.requireNonNull(limits, "limits");
  }

  @Override
  public void init(ServletConfig config) throws ServletException {
    super.init(config);
    Map<String, String> params = new LinkedHashMap<>();
    for (String name : Collections.list(config.getInitParameterNames())) {
      params.put(name, config.getInitParameter(name));
    }
    if (limits != null) {
      if (!params.isEmpty()) {
        throw new ServletException(
            "Servlet '"
                + config.getServletName()
                + "' was constructed with limits and also given init-params "
                + params.keySet()
                + ": use one or the other");
      }
      return;
    }
    try {
      // Settings.ofFilter: the messages name the servlet and call each key an init-param
      limits = CspReportLimits.fromSettings(Settings.ofFilter(config.getServletName(), params));
    } catch (ConfigurationException e) {
      throw new ServletException(e.getMessage(), e);
    }
  }

  /**
   * The limits in force.
   *
   * @return the limits
   * @throws IllegalStateException before {@link #init(ServletConfig)} for a {@code web.xml} servlet
   */
  public CspReportLimits limits() {
    CspReportLimits l = limits;
    if (l == null) {
      throw new IllegalStateException("CspReportServlet was not initialised");
    }
    return l;
  }

  @Override
  protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    int maxBytes = limits().maxBytes();
    String client = ServletClients.resolve(req, null).address();
    String type = req.getContentType();
    String media = type == null ? "" : type.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
    boolean legacy = media.equals("application/csp-report");
    if (!legacy && !media.equals("application/reports+json")) {
      reject(resp, client, 415, "Use application/csp-report or application/reports+json.");
      return;
    }
    long declared = req.getContentLengthLong();
    if (declared > maxBytes) {
      reject(resp, client, 413, "The report is larger than " + maxBytes + " bytes.");
      return;
    }
    byte[] body;
    try (InputStream in = req.getInputStream()) {
      body = in.readNBytes(maxBytes + 1);
    }
    if (body.length > maxBytes) {
      reject(resp, client, 413, "The report is larger than " + maxBytes + " bytes.");
      return;
    }
    JsonNode root;
    try {
      root = JSON.readTree(body);
    } catch (IOException e) {
      reject(resp, client, 400, "The report is not valid JSON.");
      return;
    }
    if (root == null) {
      reject(resp, client, 400, "The report is empty.");
      return;
    }
    if (legacy) {
      JsonNode r = root.path("csp-report");
      if (!r.isObject()) {
        reject(resp, client, 400, "Expected {\"csp-report\": {...}}.");
        return;
      }
      publish(
          client,
          "csp-report",
          r,
          "document-uri",
          "blocked-uri",
          "effective-directive",
          "violated-directive",
          "source-file",
          "line-number",
          "column-number",
          "disposition",
          "script-sample");
    } else {
      if (!root.isArray()) {
        reject(resp, client, 400, "Expected an array of reports.");
        return;
      }
      int n = 0;
      for (JsonNode report : root) {
        if (n == MAX_REPORTS_PER_REQUEST) {
          break;
        }
        if (!"csp-violation".equals(report.path("type").asText())
            || !report.path("body").isObject()) {
          continue;
        }
        n++;
        publish(
            client,
            "reports+json",
            report.path("body"),
            "documentURL",
            "blockedURL",
            "effectiveDirective",
            null,
            "sourceFile",
            "lineNumber",
            "columnNumber",
            "disposition",
            "sample");
      }
    }
    resp.setStatus(HttpServletResponse.SC_NO_CONTENT);
  }

  private void publish(
      String client,
      String format,
      JsonNode r,
      String document,
      String blocked,
      String effective,
      @Nullable String violated,
      String source,
      String line,
      String column,
      String disposition,
      String sample) {
    String directive = text(r, effective);
    if (directive == null && violated != null) {
      directive = text(r, violated);
    }
    events.onEvent(
        SecurityEvent.builder(HeaderEvents.CSP_VIOLATION, Outcome.DENIED)
            .client(client)
            .detail("format", format)
            .detail("directive", directive)
            .detail("blocked", text(r, blocked))
            .detail("document", text(r, document))
            .detail("source", text(r, source))
            .detail("line", text(r, line))
            .detail("column", text(r, column))
            .detail("disposition", text(r, disposition))
            .detail("sample", text(r, sample))
            .build());
  }

  private static @Nullable String text(JsonNode r, String field) {
    JsonNode v = r.get(field);
    if (v == null || v.isNull() || v.isContainerNode()) {
      return null;
    }
    String s = v.asText();
    return s.length() > MAX_FIELD ? s.substring(0, MAX_FIELD) : s;
  }

  private void reject(HttpServletResponse resp, String client, int status, String detail)
      throws IOException {
    events.onEvent(
        SecurityEvent.builder(HeaderEvents.CSP_REPORT_REJECTED, Outcome.DENIED)
            .client(client)
            .detail("status", Integer.toString(status))
            .build());
    ProblemResponses.send(resp, ProblemDetail.builder(status).detail(detail).build());
  }

  @Override
  protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    resp.setHeader("Allow", "POST");
    ProblemResponses.send(resp, ProblemDetail.builder(405).detail("Use POST.").build());
  }
}
