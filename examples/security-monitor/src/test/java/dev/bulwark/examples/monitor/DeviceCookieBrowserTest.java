package dev.bulwark.examples.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulwark.testing.Browser;
import dev.bulwark.web.DeviceToken;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The device cookie in headless Chromium on plain {@code http://127.0.0.1}: the browser keeps the
 * {@code __Host-} {@code Secure} cookie (a loopback origin is a secure context), script cannot read
 * it, it survives a reload, and with it the owner signs in through the page while an attacker has
 * the account locked.
 */
class DeviceCookieBrowserTest {

  private static final String ADMIN_PASSWORD = "correct horse battery staple admin";
  private static final ObjectMapper JSON = new ObjectMapper();
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

  private static void signInThroughThePage() {
    WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
    wait.until(d -> "true".equals(d.findElement(By.tagName("body")).getDomAttribute("data-ready")));
    browser.findElement(By.id("username")).sendKeys("admin");
    browser.findElement(By.id("password")).sendKeys(ADMIN_PASSWORD);
    browser.findElement(By.id("sign-in")).click();
    wait.until(d -> "admin".equals(d.findElement(By.id("profile-sub")).getText()));
  }

  private static int loginOverHttp(String password) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(monitor.baseUri().resolve("/api/auth/login"))
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        JSON.writeValueAsString(Map.of("username", "admin", "password", password))))
                .build(),
            HttpResponse.BodyHandlers.ofString())
        .statusCode();
  }

  @Test
  void deviceCookie_isKeptAcrossAReload_unreadableByScript_andSignsInThroughALock()
      throws Exception {
    browser.get(monitor.baseUri().resolve("/").toString());
    signInThroughThePage();
    Cookie device = browser.manage().getCookieNamed(DeviceToken.COOKIE_NAME);
    assertThat(device).as("the browser kept the device cookie").isNotNull();
    assertThat(device.isHttpOnly()).isTrue();
    assertThat(device.isSecure()).isTrue();
    assertThat(device.getSameSite()).isEqualTo("Strict");
    Object visible = ((JavascriptExecutor) browser).executeScript("return document.cookie;");
    assertThat(String.valueOf(visible)).doesNotContain("bulwark-device");

    browser.navigate().refresh();
    Cookie afterReload = browser.manage().getCookieNamed(DeviceToken.COOKIE_NAME);
    assertThat(afterReload).isNotNull();
    assertThat(afterReload.getValue()).isEqualTo(device.getValue());

    for (int i = 0; i < 5; i++) {
      assertThat(loginOverHttp("wrong password " + i)).isEqualTo(401);
    }
    assertThat(loginOverHttp(ADMIN_PASSWORD))
        .as("locked: the right password without the cookie gets the wrong-password answer")
        .isEqualTo(401);
    browser.navigate().refresh();
    signInThroughThePage();
  }
}
