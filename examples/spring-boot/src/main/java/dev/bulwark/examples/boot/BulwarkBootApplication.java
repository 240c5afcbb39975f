package dev.bulwark.examples.boot;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * A Spring Boot service protected by Bulwark's servlet filters, registered with {@code
 * FilterRegistrationBean} in an explicit order (see {@code SecurityConfiguration}). It does not use
 * Spring Security: authentication is Bulwark's {@code BearerTokenFilter}, which makes {@code
 * request.getUserPrincipal()} and {@code isUserInRole()} answer from the verified access token.
 *
 * <p>Settings come from {@code application.properties} (prefix {@code bulwark.}), which Spring Boot
 * lets the environment override ({@code BULWARK_CORS_ALLOWED_ORIGINS}, {@code
 * BULWARK_DEMO_ADMIN_PASSWORD}, …).
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class BulwarkBootApplication {

  /** For Spring only; the application is started by {@link #main(String[])}. */
  BulwarkBootApplication() {}

  /**
   * Runs the service until the process is stopped.
   *
   * @param args Spring Boot command-line arguments, such as {@code --server.port=8081}
   */
  public static void main(String[] args) {
    SpringApplication.run(BulwarkBootApplication.class, args);
  }
}
