package dev.bulwark.examples.boot;

import dev.bulwark.event.SecurityEventPublisher;
import dev.bulwark.event.Slf4jSecurityEventListener;
import dev.bulwark.headers.ContentSecurityPolicy;
import dev.bulwark.headers.SecurityHeadersPolicy;
import dev.bulwark.headers.cors.CorsPolicy;
import dev.bulwark.headers.csrf.CsrfPolicy;
import dev.bulwark.headers.servlet.CorsFilter;
import dev.bulwark.headers.servlet.CsrfFilter;
import dev.bulwark.headers.servlet.SecurityHeadersFilter;
import dev.bulwark.jwt.AccessTokenDenylist;
import dev.bulwark.jwt.AccessTokenIssuer;
import dev.bulwark.jwt.AccessTokenVerifier;
import dev.bulwark.jwt.KeyRing;
import dev.bulwark.jwt.KeySet;
import dev.bulwark.jwt.PasswordCredentialVerifier;
import dev.bulwark.jwt.TokenService;
import dev.bulwark.jwt.ratelimit.BruteForceLoginThrottle;
import dev.bulwark.jwt.servlet.BearerTokenFilter;
import dev.bulwark.jwt.servlet.BearerTokenPolicy;
import dev.bulwark.jwt.servlet.JwksServlet;
import dev.bulwark.jwt.servlet.LoginServlet;
import dev.bulwark.jwt.servlet.LogoutServlet;
import dev.bulwark.jwt.servlet.RefreshServlet;
import dev.bulwark.jwt.servlet.RoleRule;
import dev.bulwark.jwt.store.InMemoryAccessTokenDenylist;
import dev.bulwark.jwt.store.InMemoryRefreshTokenStore;
import dev.bulwark.password.PasswordHasher;
import dev.bulwark.password.PasswordPolicy;
import dev.bulwark.ratelimit.BruteForceGuard;
import dev.bulwark.ratelimit.BruteForcePolicy;
import dev.bulwark.ratelimit.InMemoryRateLimitStore;
import dev.bulwark.ratelimit.Limit;
import dev.bulwark.ratelimit.RateLimitPolicy;
import dev.bulwark.ratelimit.RateLimitRule;
import dev.bulwark.ratelimit.RateLimiter;
import dev.bulwark.ratelimit.servlet.RateLimitFilter;
import dev.bulwark.validation.servlet.RequestLimitsFilter;
import dev.bulwark.web.ClientIpResolver;
import dev.bulwark.web.servlet.ClientIpFilter;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServlet;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/**
 * Wires Bulwark into Spring Boot without Spring Security: the engines are beans, the filters are
 * registered with {@link FilterRegistrationBean} in this order (lower runs first), all before
 * Spring's own {@code FormContentFilter} and {@code RequestContextFilter} and before the {@code
 * DispatcherServlet}:
 *
 * <ol>
 *   <li>{@link ClientIpFilter}: the real client behind trusted proxies, for everything after it;
 *   <li>{@link SecurityHeadersFilter}: security headers and a per-request CSP nonce;
 *   <li>{@link CorsFilter}: the allow-list, answering preflights before authentication;
 *   <li>{@link CsrfFilter}: refuses cross-site state-changing requests that carry cookies;
 *   <li>{@link RequestLimitsFilter}: body size, content type and encoding, before anything reads;
 *   <li>{@link RateLimitFilter} on {@code /api/*};
 *   <li>{@link BearerTokenFilter} on the protected paths, with a role rule for {@code
 *       /api/admin/*}.
 * </ol>
 *
 * <p>The token endpoints are bulwark-jwt's servlets, registered with {@link
 * ServletRegistrationBean} next to Spring's {@code DispatcherServlet} (exact mappings win).
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

  private static final Logger LOG = LoggerFactory.getLogger(SecurityConfiguration.class);
  private static final SecureRandom RANDOM = new SecureRandom();

  /** The first of our filters; Spring Boot's CharacterEncodingFilter alone runs earlier. */
  static final int FIRST = Ordered.HIGHEST_PRECEDENCE + 10;

  /** Paths that need a bearer token; {@code /api/admin/*} also needs role ADMIN. */
  static final String[] PROTECTED = {"/api/me", "/api/admin/*", "/api/auth/logout"};

  // ---- engines ----------------------------------------------------------------------------

  @Bean
  SecurityEventPublisher securityEvents() {
    return SecurityEventPublisher.of(new Slf4jSecurityEventListener());
  }

  @Bean
  PasswordHasher passwordHasher(BulwarkProperties props) {
    // at most 4 hashes at once, so that a login flood cannot take every core
    return PasswordHasher.builder()
        .bcrypt(props.bcryptCost())
        .maxConcurrentHashes(4, Duration.ofSeconds(2))
        .build();
  }

  @Bean
  PasswordPolicy passwordPolicy(PasswordHasher hasher) {
    return PasswordPolicy.builder()
        .hasher(hasher)
        .serviceName("Bulwark Spring Boot example")
        .build();
  }

  @Bean
  UserDirectory userDirectory(BulwarkProperties props, PasswordHasher hasher) {
    UserDirectory directory = new UserDirectory(10_000);
    StringBuilder generated = new StringBuilder();
    for (Map.Entry<String, BulwarkProperties.DemoUser> e : props.demoUsers().entrySet()) {
      String password = e.getValue().password();
      if (password == null || password.isBlank()) {
        password = randomPassword();
        generated.append("\n  ").append(e.getKey()).append(" / ").append(password);
      }
      directory.create(
          new UserDirectory.Account(
              e.getKey(),
              e.getKey() + "@example.com",
              hasher.hash(password),
              e.getValue().roles()));
    }
    if (generated.length() > 0) {
      // development convenience, as in the Jetty demo: shown once, on standard output only
      System.out.println(
          "Demo accounts (generated, shown once; set bulwark.demo-users.<name>.password to choose"
              + " them):"
              + generated);
    }
    return directory;
  }

  @Bean
  KeyRing keyRing(BulwarkProperties props) {
    Path keysFile = props.jwt().keysFile();
    if (keysFile != null) {
      return KeyRing.of(KeySet.fromJwkSetFile(keysFile));
    }
    LOG.warn(
        "bulwark.jwt.keys-file is not set: signing with a throw-away key generated at start-up."
            + " Tokens die with this process and another instance rejects them. Mount a JWK set"
            + " and set bulwark.jwt.keys-file in production.");
    return KeyRing.of(KeySet.generateForDevelopment()); // logs its own loud warning too
  }

  @Bean
  AccessTokenDenylist accessTokenDenylist() {
    return InMemoryAccessTokenDenylist.create(100_000, Clock.systemUTC());
  }

  @Bean
  AccessTokenVerifier accessTokenVerifier(
      KeyRing keys, BulwarkProperties props, AccessTokenDenylist denylist) {
    return AccessTokenVerifier.builder(keys)
        .issuer(Objects.requireNonNull(props.jwt().issuer()))
        .audience(Objects.requireNonNull(props.jwt().audience()))
        .denylist(denylist)
        .build();
  }

  @Bean
  TokenService tokenService(
      KeyRing keys,
      BulwarkProperties props,
      AccessTokenDenylist denylist,
      UserDirectory users,
      PasswordHasher hasher,
      SecurityEventPublisher events) {
    AccessTokenIssuer issuer =
        AccessTokenIssuer.builder(keys)
            .issuer(Objects.requireNonNull(props.jwt().issuer()))
            .audience(Objects.requireNonNull(props.jwt().audience()))
            .build();
    return TokenService.builder(
            issuer, InMemoryRefreshTokenStore.create(100_000, Clock.systemUTC()))
        .denylist(denylist)
        .credentialVerifier(PasswordCredentialVerifier.of(users::lookup, hasher, users::updateHash))
        .loginThrottle(
            BruteForceLoginThrottle.of(BruteForceGuard.create(BruteForcePolicy.defaults(), events)))
        .events(events)
        .build();
  }

  @Bean(destroyMethod = "close")
  RateLimiter rateLimiter(BulwarkProperties props, SecurityEventPublisher events) {
    BulwarkProperties.RateLimit rl = props.rateLimit();
    return RateLimiter.builder(
            RateLimitPolicy.builder()
                .rule(
                    RateLimitRule.builder("login")
                        .paths("/api/auth/login")
                        .methods("POST")
                        .limit(
                            Limit.of(
                                "login",
                                rl.loginRequests(),
                                Objects.requireNonNull(rl.loginWindow())))
                        .build())
                .rule(
                    RateLimitRule.builder("api")
                        .paths("/api/**")
                        .limit(
                            Limit.of(
                                "api", rl.apiRequests(), Objects.requireNonNull(rl.apiWindow())))
                        .build())
                .build())
        .store(InMemoryRateLimitStore.create())
        .events(events)
        .build();
  }

  // ---- filters, in order ------------------------------------------------------------------

  @Bean
  FilterRegistrationBean<ClientIpFilter> clientIpFilter(BulwarkProperties props) {
    ClientIpResolver resolver =
        ClientIpResolver.builder().trustedProxies(props.trustedProxies()).build();
    return filter(new ClientIpFilter(resolver), 0, "/*");
  }

  @Bean
  FilterRegistrationBean<SecurityHeadersFilter> securityHeadersFilter() {
    // strict CSP: script-src 'nonce-…' 'strict-dynamic'; the nonce is the request attribute
    // cspNonce
    SecurityHeadersPolicy policy =
        SecurityHeadersPolicy.builder()
            .contentSecurityPolicy(ContentSecurityPolicy.strict().build())
            .build();
    return filter(new SecurityHeadersFilter(policy), 1, "/*");
  }

  @Bean
  FilterRegistrationBean<CorsFilter> corsFilter(
      BulwarkProperties props, SecurityEventPublisher events) {
    List<String> origins = props.cors().allowedOrigins();
    if (origins.isEmpty()) {
      // No cross-origin clients: every cross-origin request gets 403 from CORS, so a foreign
      // preflight never reaches authentication.
      LOG.info("bulwark.cors.allowed-origins is empty: every cross-origin request is refused");
      return filter(new CorsFilter(CorsPolicy.sameOriginOnly(), events), 2, "/*");
    }
    CorsPolicy policy =
        CorsPolicy.builder()
            .allowedOrigins(origins)
            .allowedMethods("GET", "POST")
            .allowedHeaders("Authorization", "Content-Type")
            .build();
    return filter(new CorsFilter(policy, events), 2, "/*");
  }

  @Bean
  FilterRegistrationBean<CsrfFilter> csrfFilter(
      BulwarkProperties props, SecurityEventPublisher events) {
    // The origins CORS lets read our answers may also send us requests without cookies (a login
    // from the allowed single-page app sends Origin but no cookie and no bearer token yet).
    CsrfPolicy policy =
        CsrfPolicy.builder()
            .trustedOrigins(props.cors().allowedOrigins().toArray(String[]::new))
            .build();
    return filter(new CsrfFilter(policy, events), 3, "/*");
  }

  @Bean
  FilterRegistrationBean<RequestLimitsFilter> requestLimitsFilter(SecurityEventPublisher events) {
    return filter(
        new RequestLimitsFilter(16 * 1024, List.of("application/json"), true, events), 4, "/*");
  }

  @Bean
  FilterRegistrationBean<RateLimitFilter> rateLimitFilter(RateLimiter limiter) {
    return filter(new RateLimitFilter(limiter), 5, "/api/*");
  }

  @Bean
  FilterRegistrationBean<BearerTokenFilter> bearerTokenFilter(
      AccessTokenVerifier verifier, SecurityEventPublisher events) {
    BearerTokenPolicy policy =
        BearerTokenPolicy.builder(verifier)
            .realm("bulwark-spring-boot-example")
            .rule(RoleRule.of("*", "/api/admin/*", "ADMIN"))
            .events(events)
            .build();
    return filter(new BearerTokenFilter(policy), 6, PROTECTED);
  }

  private static <F extends Filter> FilterRegistrationBean<F> filter(
      F filter, int position, String... urlPatterns) {
    FilterRegistrationBean<F> registration = new FilterRegistrationBean<>(filter);
    registration.setName(filter.getClass().getSimpleName());
    registration.setOrder(FIRST + position);
    registration.addUrlPatterns(urlPatterns);
    return registration; // dispatcher type REQUEST only: error pages are not filtered twice
  }

  // ---- token endpoints: bulwark-jwt's servlets ----------------------------------------------

  @Bean
  ServletRegistrationBean<LoginServlet> loginServlet(TokenService tokens) {
    return servlet(new LoginServlet(tokens), "/api/auth/login");
  }

  @Bean
  ServletRegistrationBean<RefreshServlet> refreshServlet(TokenService tokens) {
    return servlet(new RefreshServlet(tokens), "/api/auth/refresh");
  }

  @Bean
  ServletRegistrationBean<LogoutServlet> logoutServlet(
      TokenService tokens, AccessTokenVerifier verifier) {
    return servlet(new LogoutServlet(tokens, verifier), "/api/auth/logout");
  }

  @Bean
  ServletRegistrationBean<JwksServlet> jwksServlet(KeyRing keys) {
    return servlet(new JwksServlet(keys), "/.well-known/jwks.json");
  }

  // ---- errors: problem+json instead of Spring Boot's whitelabel page ------------------------

  @Bean
  ProblemErrorServlet problemErrorServlet() {
    return new ProblemErrorServlet();
  }

  @Bean
  ServletRegistrationBean<ProblemErrorServlet> problemErrorServletRegistration(
      ProblemErrorServlet servlet, @Value("${server.error.path:/error}") String errorPath) {
    return servlet(servlet, errorPath);
  }

  private static <S extends HttpServlet> ServletRegistrationBean<S> servlet(
      S servlet, String path) {
    ServletRegistrationBean<S> registration = new ServletRegistrationBean<>(servlet, path);
    registration.setName(servlet.getClass().getSimpleName());
    return registration;
  }

  private static String randomPassword() {
    byte[] random = new byte[18];
    RANDOM.nextBytes(random);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(random);
  }
}
