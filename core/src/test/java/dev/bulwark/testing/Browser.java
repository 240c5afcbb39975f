package dev.bulwark.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.logging.Level;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * Headless Debian Chromium driven by the system ChromeDriver (Selenium never downloads a browser
 * here). When either binary is missing the calling test is skipped with a printed reason, unless
 * the system property {@code bulwark.requireBrowser} is {@code true} (CI), in which case it fails.
 */
public final class Browser {

  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Path DRIVER = Path.of("/usr/bin/chromedriver");

  private Browser() {}

  /**
   * Starts a fresh headless browser with an empty profile.
   *
   * @return the driver; quit it after the test
   * @throws IOException when the profile directory cannot be created
   */
  public static ChromeDriver start() throws IOException {
    boolean present = Files.isExecutable(CHROMIUM) && Files.isExecutable(DRIVER);
    if (!present) {
      String reason =
          "headless Chromium is not installed (need "
              + CHROMIUM
              + " and "
              + DRIVER
              + "; apt-get install chromium chromium-driver)";
      if (Boolean.getBoolean("bulwark.requireBrowser")) {
        throw new IllegalStateException(reason + " and bulwark.requireBrowser=true");
      }
      System.out.println("SKIPPED browser test: " + reason);
      Assumptions.abort(reason);
    }
    ChromeOptions options = new ChromeOptions();
    // console messages (CSP violations among them) readable through driver.manage().logs()
    LoggingPreferences logs = new LoggingPreferences();
    logs.enable(LogType.BROWSER, Level.ALL);
    options.setCapability("goog:loggingPrefs", logs);
    options.setBinary(CHROMIUM.toFile());
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
        "--user-data-dir=" + Files.createTempDirectory("bulwark-chromium"));
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(DRIVER.toFile())
            .usingAnyFreePort()
            .build();
    ChromeDriver driver = new ChromeDriver(service, options);
    driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
    driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
    return driver;
  }
}
