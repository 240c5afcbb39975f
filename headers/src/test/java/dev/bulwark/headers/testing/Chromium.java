package dev.bulwark.headers.testing;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Starts headless Chromium through the system chromedriver, never through Selenium Manager (which
 * would download one). Skips the test with a printed reason when they are absent, or fails it when
 * {@code -Dbulwark.requireBrowser=true} (CI).
 */
public final class Chromium {

  public static final String BROWSER = "/usr/bin/chromium";
  public static final String DRIVER = "/usr/bin/chromedriver";

  private Chromium() {}

  public static ChromeDriver start() throws Exception {
    boolean required = Boolean.getBoolean("bulwark.requireBrowser");
    if (!new File(BROWSER).canExecute() || !new File(DRIVER).canExecute()) {
      String reason =
          "headless Chromium tests need "
              + BROWSER
              + " and "
              + DRIVER
              + " (apt-get install -y chromium chromium-driver)";
      if (required) {
        Assertions.fail(reason + ", and bulwark.requireBrowser=true");
      }
      System.out.println("SKIPPED: " + reason);
      Assumptions.abort(reason);
    }
    Path profile = Files.createTempDirectory("bulwark-chromium");
    ChromeOptions options = new ChromeOptions();
    options.setBinary(BROWSER);
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--user-data-dir=" + profile);
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(new File(DRIVER))
            .usingAnyFreePort()
            .build();
    ChromeDriver driver = new ChromeDriver(service, options);
    driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
    return driver;
  }
}
