package dev.bulwark.examples.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulwark.testing.Browser;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard in headless Chromium: sign in through the page, see the events, and see XSS
 * payloads submitted as usernames rendered as text: nothing runs and our own code causes no CSP
 * violation. A script whose bytes no longer match the page's {@code integrity} value is refused.
 */
class DashboardBrowserTest {

  private static final String ADMIN_PASSWORD = "correct horse battery staple admin";
  private static final List<String> PAYLOADS =
      List.of(
          "<img src=x onerror=window.__xss=1>",
          "\"><script>window.__xss=1</script>",
          "<svg onload=window.__xss=1>",
          "javascript:window.__xss=1");
  private static final String USER_PASSWORD = "correct horse battery staple user";

  /**
   * Collects every {@code securitypolicyviolation} of a page into {@code window.__cspViolations}.
   * Installed through DevTools, it runs before the page's own code and is not subject to its CSP.
   */
  private static final String VIOLATION_RECORDER =
      "window.__cspViolations = [];"
          + " document.addEventListener('securitypolicyviolation', (e) =>"
          + " window.__cspViolations.push(e.effectiveDirective + ' ' + e.blockedURI), true);";

  private static SecurityMonitor monitor;
  private static ChromeDriver browser;

  @BeforeAll
  static void start() throws Exception {
    browser = Browser.start();
    browser.executeCdpCommand(
        "Page.addScriptToEvaluateOnNewDocument", Map.of("source", VIOLATION_RECORDER));
    monitor = SecurityMonitor.start(config(), false);
    HttpClient http = HttpClient.newHttpClient();
    ObjectMapper json = new ObjectMapper();
    for (String p : PAYLOADS) {
      http.send(
          HttpRequest.newBuilder(monitor.baseUri().resolve("/api/auth/login"))
              .header("Content-Type", "application/json")
              .POST(
                  HttpRequest.BodyPublishers.ofString(
                      json.writeValueAsString(Map.of("username", p, "password", "wrong password"))))
              .build(),
          HttpResponse.BodyHandlers.ofString());
    }
  }

  private static MonitorConfig config() {
    return MonitorConfig.from(
        Map.of(
            "PORT", "0",
            "BULWARK_DEMO_ADMIN_PASSWORD", ADMIN_PASSWORD,
            "BULWARK_DEMO_USER_PASSWORD", USER_PASSWORD));
  }

  @AfterAll
  static void stop() throws Exception {
    if (browser != null) {
      browser.quit();
    }
    if (monitor != null) {
      monitor.close();
    }
  }

  @Test
  void signIn_showsEvents_andAttackerControlledUsernamesRenderAsText() {
    browser.get(monitor.baseUri().resolve("/").toString());
    WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
    wait.until(d -> "true".equals(d.findElement(By.tagName("body")).getDomAttribute("data-ready")));
    browser.findElement(By.id("username")).sendKeys("admin");
    browser.findElement(By.id("password")).sendKeys(ADMIN_PASSWORD);
    browser.findElement(By.id("sign-in")).click();
    wait.until(
        d -> d.findElement(By.tagName("body")).getDomAttribute("data-events-loaded") != null);

    assertThat(browser.findElement(By.id("profile-sub")).getText()).isEqualTo("admin");
    List<WebElement> cells = browser.findElements(By.cssSelector("#event-rows td"));
    List<String> texts = cells.stream().map(WebElement::getText).toList();
    assertThat(texts).contains("auth.login.failed", "auth.login.succeeded");
    for (String p : PAYLOADS) {
      assertThat(texts).as("payload shown as text").contains(p);
    }
    assertThat(
            browser.findElements(
                By.cssSelector("#event-rows img, #event-rows svg, #event-rows script")))
        .isEmpty();
    Object fired = ((JavascriptExecutor) browser).executeScript("return window.__xss === 1;");
    assertThat(fired).isEqualTo(false);
    List<String> cspErrors =
        browser.manage().logs().get(LogType.BROWSER).getAll().stream()
            .filter(e -> e.getLevel().intValue() >= Level.WARNING.intValue())
            .map(LogEntry::getMessage)
            .filter(m -> m.contains("Content Security Policy"))
            .toList();
    assertThat(cspErrors).isEmpty();
    assertThat(violations()).as("securitypolicyviolation events").isEmpty();
    // a failed integrity check is no CSP violation: check that the stylesheet was applied
    Object headerBackground =
        ((JavascriptExecutor) browser)
            .executeScript(
                "return getComputedStyle(document.querySelector('header')).backgroundColor;");
    assertThat(headerBackground).as("dashboard.css applied").isEqualTo("rgb(36, 41, 47)");
  }

  @Test
  void user_signsIn_seesTheirProfileOnly_withoutCspViolation() {
    browser.get(monitor.baseUri().resolve("/").toString());
    WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
    wait.until(d -> "true".equals(d.findElement(By.tagName("body")).getDomAttribute("data-ready")));
    browser.findElement(By.id("username")).sendKeys("user");
    browser.findElement(By.id("password")).sendKeys(USER_PASSWORD);
    browser.findElement(By.id("sign-in")).click();
    wait.until(
        d -> "user".equals(d.findElement(By.tagName("body")).getDomAttribute("data-signed-in")));

    assertThat(browser.findElement(By.id("profile-sub")).getText()).isEqualTo("user");
    assertThat(browser.findElement(By.id("profile-roles")).getText()).isEqualTo("USER");
    assertThat(browser.findElement(By.id("events")).isDisplayed()).isFalse();
    assertThat(browser.findElement(By.id("login")).isDisplayed()).isFalse();
    assertThat(violations()).as("securitypolicyviolation events").isEmpty();
  }

  @Test
  void accountPage_listsTheSessions_thisOneMarked_andSignsOutTheOthers() throws Exception {
    // another session of the user, from a tool
    HttpClient http = HttpClient.newHttpClient();
    ObjectMapper json = new ObjectMapper();
    HttpResponse<String> other =
        http.send(
            HttpRequest.newBuilder(monitor.baseUri().resolve("/api/auth/login"))
                .header("Content-Type", "application/json")
                .header("User-Agent", "curl/8.5.0")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        json.writeValueAsString(
                            Map.of("username", "user", "password", USER_PASSWORD))))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(other.statusCode()).isEqualTo(200);
    String otherToken = json.readTree(other.body()).get("access_token").asText();

    browser.get(monitor.baseUri().resolve("/").toString());
    WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
    wait.until(d -> "true".equals(d.findElement(By.tagName("body")).getDomAttribute("data-ready")));
    browser.findElement(By.id("username")).sendKeys("user");
    browser.findElement(By.id("password")).sendKeys(USER_PASSWORD);
    browser.findElement(By.id("sign-in")).click();
    wait.until(
        d -> d.findElement(By.tagName("body")).getDomAttribute("data-sessions-loaded") != null);

    List<String> cells =
        browser.findElements(By.cssSelector("#session-rows td")).stream()
            .map(WebElement::getText)
            .toList();
    assertThat(cells).contains("this session", "curl").anyMatch(t -> t.contains("Chrome"));
    assertThat(browser.findElements(By.cssSelector("#session-rows tr.current"))).hasSize(1);

    browser.findElement(By.id("sign-out-others")).click();
    wait.until(
        d -> "1".equals(d.findElement(By.tagName("body")).getDomAttribute("data-sessions-loaded")));
    HttpResponse<String> me =
        http.send(
            HttpRequest.newBuilder(monitor.baseUri().resolve("/api/me"))
                .header("Authorization", "Bearer " + otherToken)
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(me.statusCode()).isEqualTo(401);
    assertThat(browser.findElement(By.id("profile-sub")).getText()).isEqualTo("user");
    assertThat(violations()).as("securitypolicyviolation events").isEmpty();
  }

  /**
   * The page announces the SHA-384 of the original script while the server sends one changed byte
   * (still valid JavaScript doing the same): Chromium refuses to run it.
   */
  @Test
  void tamperedScript_isRefusedByIntegrityCheck_andDoesNotRun() throws Exception {
    try (SecurityMonitor tampered =
        SecurityMonitor.start(
            config(),
            false,
            SecurityMonitor.STORE_WAIT,
            assets ->
                assets.servingTampered(
                    DashboardAssets.SCRIPT,
                    DashboardPolicyTest.oneByteChanged(assets.body(DashboardAssets.SCRIPT))))) {
      String announced = DashboardPolicyTest.sha384Served(monitor, DashboardAssets.SCRIPT);
      assertThat(DashboardPolicyTest.sha384Served(tampered, DashboardAssets.SCRIPT))
          .as("the changed byte reaches the client")
          .isNotEqualTo(announced);
      browser.manage().logs().get(LogType.BROWSER); // drain
      // get() returns after the load event, which comes after every deferred script has run
      browser.get(tampered.baseUri().resolve("/").toString());
      assertThat(browser.getPageSource()).contains("integrity=\"" + announced + "\"");

      assertThat(browser.findElement(By.tagName("body")).getDomAttribute("data-ready"))
          .as("the script's marker")
          .isNull();
      List<String> errors =
          browser.manage().logs().get(LogType.BROWSER).getAll().stream()
              .map(LogEntry::getMessage)
              .filter(m -> m.contains("integrity") && m.contains(DashboardAssets.SCRIPT))
              .toList();
      assertThat(errors).as("Chromium's integrity error").isNotEmpty();
    }
  }

  @SuppressWarnings("unchecked")
  private static List<String> violations() {
    Object v = ((JavascriptExecutor) browser).executeScript("return window.__cspViolations;");
    assertThat(v).as("the violation recorder is installed").isInstanceOf(List.class);
    return (List<String>) v;
  }

  /** Proves that the CSP blocks inline handlers here and that its violations reach the log. */
  @Test
  void control_injectedInlineHandler_isBlockedAndLogged() {
    browser.get(monitor.baseUri().resolve("/").toString());
    new WebDriverWait(browser, Duration.ofSeconds(20))
        .until(d -> "true".equals(d.findElement(By.tagName("body")).getDomAttribute("data-ready")));
    browser.manage().logs().get(LogType.BROWSER); // drain
    ((JavascriptExecutor) browser)
        .executeScript(
            "const b = document.createElement('button'); b.id = 'injected';"
                + " b.setAttribute('onclick', 'window.__xss = 2'); document.body.appendChild(b);");
    browser.findElement(By.id("injected")).click();
    assertThat(((JavascriptExecutor) browser).executeScript("return window.__xss === 2;"))
        .isEqualTo(false);
    List<String> messages =
        browser.manage().logs().get(LogType.BROWSER).getAll().stream()
            .map(LogEntry::getMessage)
            .filter(m -> m.contains("Content Security Policy"))
            .toList();
    assertThat(messages).isNotEmpty();
    assertThat(violations()).anyMatch(v -> v.startsWith("script-src-attr"));
  }
}
