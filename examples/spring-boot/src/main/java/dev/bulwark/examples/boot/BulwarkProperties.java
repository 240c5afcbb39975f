package dev.bulwark.examples.boot;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The example's settings, bound from {@code bulwark.*} in {@code application.properties} (or the
 * environment, by Spring Boot's relaxed binding).
 *
 * @param cors the CORS allow-list
 * @param trustedProxies CIDRs of reverse proxies whose forwarding headers are believed
 * @param jwt token issuing and verification
 * @param rateLimit the limits on {@code /api/*}
 * @param bcryptCost the bcrypt cost for stored passwords
 * @param demoUsers accounts created at start-up, by user name
 */
@ConfigurationProperties("bulwark")
record BulwarkProperties(
    Cors cors,
    List<String> trustedProxies,
    Jwt jwt,
    RateLimit rateLimit,
    int bcryptCost,
    Map<String, DemoUser> demoUsers) {

  BulwarkProperties {
    cors = cors == null ? new Cors(List.of()) : cors;
    trustedProxies = trustedProxies == null ? List.of() : List.copyOf(trustedProxies);
    jwt = jwt == null ? new Jwt(null, null, null) : jwt;
    rateLimit = rateLimit == null ? new RateLimit(0, null, 0, null) : rateLimit;
    bcryptCost = bcryptCost == 0 ? 12 : bcryptCost;
    demoUsers = demoUsers == null ? Map.of() : Map.copyOf(demoUsers);
  }

  /**
   * @param allowedOrigins exact origins allowed to call the API from a browser; empty for none
   */
  record Cors(List<String> allowedOrigins) {
    Cors {
      allowedOrigins = allowedOrigins == null ? List.of() : List.copyOf(allowedOrigins);
    }
  }

  /**
   * @param issuer the {@code iss} of issued tokens
   * @param audience the {@code aud} of issued tokens
   * @param keysFile a JWK set shared by every instance; when unset, a throw-away key is generated
   */
  record Jwt(@Nullable String issuer, @Nullable String audience, @Nullable Path keysFile) {
    Jwt {
      issuer = issuer == null ? "http://localhost:8080" : issuer;
      audience = audience == null ? "bulwark-spring-boot-example" : audience;
    }
  }

  /**
   * @param apiRequests requests per client per {@code apiWindow} on {@code /api/*}
   * @param apiWindow the window of {@code apiRequests}
   * @param loginRequests login attempts per client per {@code loginWindow}
   * @param loginWindow the window of {@code loginRequests}
   */
  record RateLimit(
      int apiRequests,
      @Nullable Duration apiWindow,
      int loginRequests,
      @Nullable Duration loginWindow) {
    RateLimit {
      apiRequests = apiRequests == 0 ? 50 : apiRequests;
      apiWindow = apiWindow == null ? Duration.ofSeconds(10) : apiWindow;
      loginRequests = loginRequests == 0 ? 10 : loginRequests;
      loginWindow = loginWindow == null ? Duration.ofMinutes(1) : loginWindow;
    }
  }

  /**
   * @param password the password; blank to generate one, printed once at start-up
   * @param roles the roles
   */
  record DemoUser(@Nullable String password, List<String> roles) {
    DemoUser {
      roles = roles == null ? List.of() : List.copyOf(roles);
    }
  }
}
