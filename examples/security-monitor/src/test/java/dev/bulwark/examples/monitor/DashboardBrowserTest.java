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
 * violation.
 */
class DashboardBrowserTest {

  private static final String ADMIN_PASSWORD = "correct horse battery staple admin";
  private static final List<String> PAYLOADS =
      List.of(
          "<img src=x onerror=window.__xss=1>",
          "\"><script>window.__xss=1</script>",
          "<svg onload=window.__xss=1>",
          "javascript:window.__xss=1");
  private static SecurityMonitor monitor;
  private static ChromeDriver browser;

  @BeforeAll
  static void start() throws Exception {
    browser = Browser.start();
    monitor =
        SecurityMonitor.start(
            MonitorConfig.from(
                Map.of(
                    "PORT", "0",
                    "BULWARK_DEMO_ADMIN_PASSWORD", ADMIN_PASSWORD,
                    "BULWARK_DEMO_USER_PASSWORD", "correct horse battery staple user")),
            false);
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
  }
}
