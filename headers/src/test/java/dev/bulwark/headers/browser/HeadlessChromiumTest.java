package dev.bulwark.headers.browser;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.event.SecurityEvent;
import dev.bulwark.event.SecurityEventListener;
import dev.bulwark.headers.ContentSecurityPolicy;
import dev.bulwark.headers.CspReportLimits;
import dev.bulwark.headers.HeaderEvents;
import dev.bulwark.headers.SecurityHeadersPolicy;
import dev.bulwark.headers.cors.CorsPolicy;
import dev.bulwark.headers.csrf.CsrfPolicy;
import dev.bulwark.headers.csrf.CsrfToken;
import dev.bulwark.headers.csrf.CsrfTokens;
import dev.bulwark.headers.servlet.CorsFilter;
import dev.bulwark.headers.servlet.CspReportServlet;
import dev.bulwark.headers.servlet.CsrfFilter;
import dev.bulwark.headers.servlet.SecurityHeadersFilter;
import dev.bulwark.testing.Browser;
import dev.bulwark.testing.JettyContainer;
import dev.bulwark.testing.ServletContainer;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The controls in a real browser: headless Chromium against an application served by embedded Jetty
 * ("app", on 127.0.0.1) and a second origin on another port ("other"), reached either as {@code
 * http://127.0.0.1:port} (an allowed CORS origin, same site as the app) or {@code
 * http://localhost:port} (a different, cross-site origin).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HeadlessChromiumTest {

  private final List<SecurityEvent> events = Collections.synchronizedList(new ArrayList<>());
  private volatile CountDownLatch reports = new CountDownLatch(0);
  private final AtomicInteger appPort = new AtomicInteger();
  private final AtomicInteger transfers = new AtomicInteger();
  private ServletContainer other;
  private ServletContainer app;
  private ChromeDriver driver;

  @BeforeAll
  void start() throws Exception {
    driver = Browser.start();
    other = new JettyContainer().servlet("other", new OtherOriginServlet(appPort), "/*").start();
    SecurityEventListener listener =
        e -> {
          events.add(e);
          if (e.type().equals(HeaderEvents.CSP_VIOLATION)) {
            reports.countDown();
          }
        };
    app =
        new JettyContainer()
            .filter(
                "SecurityHeadersFilter",
                new SecurityHeadersFilter(
                    SecurityHeadersPolicy.builder()
                        .contentSecurityPolicy(
                            ContentSecurityPolicy.strict().reportUri("/csp-reports").build())
                        .build()),
                "/*")
            .filter(
                "CorsFilter",
                new CorsFilter(
                    CorsPolicy.builder()
                        .allowedOrigins("http://127.0.0.1:" + other.baseUri().getPort())
                        .allowCredentials(true)
                        .build(),
                    listener),
                "/*")
            .filter(
                "CsrfFilter",
                new CsrfFilter(
                    CsrfPolicy.builder()
                        .bypassPaths("/csp-reports")
                        .tokens(CsrfTokens.withRandomKey())
                        .build(),
                    listener),
                "/*")
            .servlet(
                "reports",
                new CspReportServlet(listener, CspReportLimits.defaults()),
                "/csp-reports")
            .servlet("app", new AppServlet(transfers), "/*")
            .start();
    appPort.set(app.baseUri().getPort());
  }

  @AfterAll
  void stop() throws Exception {
    if (driver != null) {
      driver.quit();
    }
    if (app != null) {
      app.close();
    }
    if (other != null) {
      other.close();
    }
  }

  @BeforeEach
  void clear() {
    events.clear();
  }

  private WebDriverWait waiting() {
    return new WebDriverWait(driver, Duration.ofSeconds(20));
  }

  private String appUrl(String path) {
    return "http://127.0.0.1:" + app.baseUri().getPort() + path;
  }

  @Test
  void csp_blocksInjectedInlineScriptAndHandler_runsNoncedScript_andReportsReachTheEndpoint()
      throws Exception {
    reports = new CountDownLatch(2);
    driver.get(appUrl("/csp"));
    WebDriverWait wait = waiting();
    wait.until(ExpectedConditions.textToBe(By.id("status"), "nonce-ran"));
    wait.until(
        d -> {
          String v = d.findElement(By.id("violations")).getText();
          return v.contains("script-src-elem") && v.contains("script-src-attr");
        });
    assertThat(driver.findElement(By.id("target")).getText()).isEqualTo("untouched");
    assertThat(driver.getTitle()).isEqualTo("csp");

    assertThat(reports.await(20, TimeUnit.SECONDS)).as("two reports reached the endpoint").isTrue();
    assertThat(events)
        .filteredOn(e -> e.type().equals(HeaderEvents.CSP_VIOLATION))
        .extracting(e -> e.details().get("directive"))
        .contains("script-src-elem", "script-src-attr");
  }

  @Test
  void cors_credentialedFetchFromAllowedOrigin_succeeds_andFromOtherOrigin_fails() {
    driver.get(appUrl("/login"));
    waiting().until(ExpectedConditions.titleIs("logged-in"));

    driver.get("http://127.0.0.1:" + other.baseUri().getPort() + "/cors");
    waiting().until(d -> d.getTitle().startsWith("cors-"));
    assertThat(driver.getTitle()).isEqualTo("cors-ok:cookie=yes");

    driver.get("http://localhost:" + other.baseUri().getPort() + "/cors");
    waiting().until(d -> d.getTitle().startsWith("cors-"));
    assertThat(driver.getTitle()).isEqualTo("cors-blocked");
    assertThat(events).extracting(SecurityEvent::type).contains(HeaderEvents.CORS_REJECTED);
  }

  @Test
  void csrf_sameOriginFormPost_isAccepted() {
    driver.get(appUrl("/form"));
    waiting().until(ExpectedConditions.titleIs("form"));
    int before = transfers.get();
    driver.findElement(By.id("send")).click();
    waiting().until(ExpectedConditions.titleIs("transfer-ok"));
    assertThat(transfers.get()).isEqualTo(before + 1);
  }

  @Test
  void csrf_crossSiteFormPost_isRefused_evenWhenTheAttackerHidesItsOrigin() {
    int before = transfers.get();
    // a plain cross-site form: Origin http://localhost:port, refused as a foreign origin
    driver.get("http://localhost:" + other.baseUri().getPort() + "/attack");
    waiting()
        .until(
            ExpectedConditions.urlContains("127.0.0.1:" + app.baseUri().getPort() + "/transfer"));
    waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("body"), "403"));
    assertThat(driver.getPageSource()).contains("Cross-origin request refused.");

    // the attacker's page sets no-referrer, so the browser sends Origin: null; Fetch Metadata
    // (Sec-Fetch-Site: cross-site) still gives it away
    driver.get("http://localhost:" + other.baseUri().getPort() + "/attack?hide");
    waiting()
        .until(
            ExpectedConditions.urlContains("127.0.0.1:" + app.baseUri().getPort() + "/transfer"));
    waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("body"), "403"));
    assertThat(driver.getPageSource()).contains("Cross-site request refused.");

    assertThat(transfers.get()).as("the application never saw either POST").isEqualTo(before);
    assertThat(events)
        .filteredOn(e -> e.type().equals(HeaderEvents.CSRF_REJECTED))
        .extracting(e -> e.details().get("reason"))
        .containsExactly("rejected_fetch_metadata");
  }

  /** The application under protection. */
  static final class AppServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private final transient AtomicInteger transfers;

    AppServlet(AtomicInteger transfers) {
      this.transfers = transfers;
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
      String nonce = (String) req.getAttribute(ContentSecurityPolicy.NONCE_ATTRIBUTE);
      String path = req.getPathInfo() == null ? req.getServletPath() : req.getPathInfo();
      resp.setContentType("text/html;charset=UTF-8");
      switch (path) {
        case "/csp" ->
            resp.getWriter()
                .print(
                    "<!doctype html><html><head><title>csp</title><script nonce=\""
                        + nonce
                        + "\">document.addEventListener('securitypolicyviolation', e => {"
                        + " const v = document.getElementById('violations');"
                        + " v.textContent += e.effectiveDirective + ' '; });"
                        + "document.addEventListener('DOMContentLoaded', () => {"
                        + " document.getElementById('status').textContent = 'nonce-ran'; });"
                        + "</script></head><body><p id=\"status\">not-run</p>"
                        + "<p id=\"violations\"></p><p id=\"target\">untouched</p>"
                        // what an attacker injected into the page:
                        + "<script>document.getElementById('target').textContent='injected';"
                        + "document.title='pwned';</script>"
                        + "<img src=\"/missing.png\" onerror=\"document.getElementById('target')"
                        + ".textContent='handler';document.title='pwned'\">"
                        + "</body></html>");
        case "/login" -> {
          resp.addCookie(new Cookie("sid", "s3cr3t"));
          resp.getWriter().print("<!doctype html><title>logged-in</title>");
        }
        case "/api/data" -> {
          boolean cookie =
              req.getCookies() != null
                  && java.util.Arrays.stream(req.getCookies())
                      .anyMatch(c -> c.getName().equals("sid"));
          resp.setContentType("text/plain");
          resp.getWriter().print("cookie=" + (cookie ? "yes" : "no"));
        }
        case "/form" -> {
          CsrfToken t = (CsrfToken) req.getAttribute(CsrfToken.ATTRIBUTE);
          resp.getWriter()
              .print(
                  "<!doctype html><title>form</title><form method=\"post\" action=\"/transfer\">"
                      + "<input type=\"hidden\" name=\""
                      + t.parameterName()
                      + "\" value=\""
                      + t.value()
                      + "\"><input name=\"amount\" value=\"10\">"
                      + "<button id=\"send\" type=\"submit\">Send</button></form>");
        }
        case "/transfer" -> {
          transfers.incrementAndGet();
          resp.getWriter().print("<!doctype html><title>transfer-ok</title>");
        }
        default -> resp.sendError(404);
      }
    }
  }

  /** Pages of the second origin: a credentialed fetch, and a cross-site auto-submitting form. */
  static final class OtherOriginServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private final transient AtomicInteger appPort;

    OtherOriginServlet(AtomicInteger appPort) {
      this.appPort = appPort;
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
      String app = "http://127.0.0.1:" + appPort.get();
      resp.setContentType("text/html;charset=UTF-8");
      if (req.getPathInfo() != null && req.getPathInfo().equals("/cors")) {
        resp.getWriter()
            .print(
                "<!doctype html><title>waiting</title><script>"
                    + "fetch('"
                    + app
                    + "/api/data', {credentials: 'include'})"
                    + ".then(r => r.text()).then(t => document.title = 'cors-ok:' + t)"
                    + ".catch(() => document.title = 'cors-blocked');</script>");
      } else {
        resp.getWriter()
            .print(
                "<!doctype html><title>attack</title>"
                    + (req.getQueryString() != null
                        ? "<meta name=\"referrer\" content=\"no-referrer\">"
                        : "")
                    + "<form id=\"f\" method=\"post\" action=\""
                    + app
                    + "/transfer\"><input name=\"amount\" value=\"1000\"></form>"
                    + "<script>document.getElementById('f').submit();</script>");
      }
    }
  }
}
