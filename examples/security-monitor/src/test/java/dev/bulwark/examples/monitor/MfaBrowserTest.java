package dev.bulwark.examples.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.testing.Browser;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Two-factor authentication through the dashboard in headless Chromium, under the page's strict
 * CSP: the admin enrols an authenticator app from the QR code the page shows (decoded here with
 * ZXing from the very image the browser displays; codes from otp-java), the events then ask for a
 * step-up that the admin answers with password and code, and a later sign-in asks for a code
 * (answered with a recovery code). No step causes a CSP violation.
 */
class MfaBrowserTest {

  private static final String ADMIN_PASSWORD = "correct horse battery staple admin";
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
    monitor =
        SecurityMonitor.start(
            MonitorConfig.from(
                Map.of(
                    "PORT", "0",
                    "BULWARK_DEMO_ADMIN_PASSWORD", ADMIN_PASSWORD,
                    "BULWARK_DEMO_USER_PASSWORD", "correct horse battery staple user")),
            false);
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

  private static String body(WebDriver d, String attribute) {
    return d.findElement(By.tagName("body")).getDomAttribute(attribute);
  }

  private static void type(String id, String text) {
    WebElement e = browser.findElement(By.id(id));
    e.clear();
    e.sendKeys(text);
  }

  @SuppressWarnings("unchecked")
  private static List<String> violations() {
    Object v = ((JavascriptExecutor) browser).executeScript("return window.__cspViolations;");
    assertThat(v).as("the violation recorder is installed").isInstanceOf(List.class);
    return (List<String>) v;
  }

  private static List<String> cspConsoleErrors() {
    return browser.manage().logs().get(LogType.BROWSER).getAll().stream()
        .filter(e -> e.getLevel().intValue() >= Level.WARNING.intValue())
        .map(LogEntry::getMessage)
        .filter(m -> m.contains("Content Security Policy"))
        .toList();
  }

  @Test
  void enrol_stepUpWithTheCode_thenSignInAsksForTheCode_withoutCspViolation() throws Exception {
    WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
    browser.get(monitor.baseUri().resolve("/").toString());
    wait.until(d -> "true".equals(body(d, "data-ready")));
    type("username", "admin");
    type("password", ADMIN_PASSWORD);
    browser.findElement(By.id("sign-in")).click();
    wait.until(d -> body(d, "data-events-loaded") != null);

    // enrol: the page shows the QR code as a data: image
    browser.findElement(By.id("mfa-setup")).click();
    wait.until(d -> "pending".equals(body(d, "data-mfa-enrolment")));
    String src = browser.findElement(By.id("mfa-qr")).getDomProperty("src");
    assertThat(src).startsWith("data:image/png;base64,");
    Object rendered =
        ((JavascriptExecutor) browser)
            .executeScript("return document.getElementById('mfa-qr').naturalWidth;");
    assertThat(((Number) rendered).intValue()).as("the browser rendered the QR image").isPositive();
    AuthenticatorApp app =
        AuthenticatorApp.scan(
            Base64.getDecoder().decode(src.substring("data:image/png;base64,".length())));
    type("mfa-confirm-code", app.code(0));
    browser.findElement(By.id("mfa-confirm")).click();
    wait.until(d -> "confirmed".equals(body(d, "data-mfa-enrolment")));
    List<String> recovery =
        browser.findElements(By.cssSelector("#recovery-codes li")).stream()
            .map(WebElement::getText)
            .toList();
    assertThat(recovery).hasSize(10).allMatch(c -> c.matches("[a-z2-9]{4}(-[a-z2-9]{4}){3}"));

    // the account has a second factor now: the events ask for a step-up
    wait.until(d -> "required".equals(body(d, "data-step-up")));
    assertThat(browser.findElement(By.id("events")).isDisplayed()).isFalse();
    assertThat(browser.findElement(By.id("step-up")).isDisplayed()).isTrue();
    type("step-up-password", ADMIN_PASSWORD);
    // the confirming code's time-step is spent: the app's next code, within the allowed skew
    type("step-up-code", app.code(1));
    browser.findElement(By.id("step-up-submit")).click();
    wait.until(d -> body(d, "data-step-up") == null && body(d, "data-events-loaded") != null);
    assertThat(browser.findElement(By.id("events")).isDisplayed()).isTrue();

    // a new sign-in asks for the code after the password
    browser.findElement(By.id("sign-out")).click();
    wait.until(d -> body(d, "data-signed-in") == null);
    type("username", "admin");
    type("password", ADMIN_PASSWORD);
    browser.findElement(By.id("sign-in")).click();
    wait.until(d -> "code".equals(body(d, "data-mfa-step")));
    assertThat(browser.findElement(By.id("code-form")).isDisplayed()).isTrue();
    type("code", "000000".equals(app.code(0)) ? "111111" : "000000");
    browser.findElement(By.id("verify-code")).click();
    wait.until(d -> !d.findElement(By.id("login-error")).getText().isEmpty());
    assertThat(browser.findElement(By.id("login-error")).getText())
        .isEqualTo("The code is incorrect.");
    type("code", recovery.get(0));
    browser.findElement(By.id("verify-code")).click();
    wait.until(
        d -> "admin".equals(body(d, "data-signed-in")) && body(d, "data-events-loaded") != null);

    assertThat(violations()).as("securitypolicyviolation events").isEmpty();
    assertThat(cspConsoleErrors()).isEmpty();
  }
}
