package dev.bulwark.examples.monitor;

import dev.bulwark.event.SecurityEventPublisher;
import dev.bulwark.event.Slf4jSecurityEventListener;
import dev.bulwark.event.ThrottledSecurityEventListener;
import dev.bulwark.event.micrometer.MicrometerSecurityEventListener;
import dev.bulwark.headers.ContentSecurityPolicy;
import dev.bulwark.headers.CspReportLimits;
import dev.bulwark.headers.SecurityHeadersPolicy;
import dev.bulwark.headers.cors.CorsPolicy;
import dev.bulwark.headers.csrf.CsrfPolicy;
import dev.bulwark.headers.servlet.CorsFilter;
import dev.bulwark.headers.servlet.CspReportServlet;
import dev.bulwark.headers.servlet.CsrfFilter;
import dev.bulwark.headers.servlet.SecurityHeadersFilter;
import dev.bulwark.jwt.AccessTokenDenylist;
import dev.bulwark.jwt.AccessTokenIssuer;
import dev.bulwark.jwt.AccessTokenVerifier;
import dev.bulwark.jwt.KeyRing;
import dev.bulwark.jwt.KeySet;
import dev.bulwark.jwt.KeySetFileReloader;
import dev.bulwark.jwt.PasswordCredentialVerifier;
import dev.bulwark.jwt.RefreshTokenStore;
import dev.bulwark.jwt.TokenService;
import dev.bulwark.jwt.TokenStoreException;
import dev.bulwark.jwt.mfa.TotpSecondFactor;
import dev.bulwark.jwt.ratelimit.BruteForceLoginThrottle;
import dev.bulwark.jwt.servlet.BearerTokenFilter;
import dev.bulwark.jwt.servlet.BearerTokenPolicy;
import dev.bulwark.jwt.servlet.JwksServlet;
import dev.bulwark.jwt.servlet.LoginServlet;
import dev.bulwark.jwt.servlet.LogoutServlet;
import dev.bulwark.jwt.servlet.RefreshServlet;
import dev.bulwark.jwt.servlet.RoleRule;
import dev.bulwark.jwt.servlet.SecondFactorServlet;
import dev.bulwark.jwt.servlet.StepUpRule;
import dev.bulwark.jwt.store.InMemoryAccessTokenDenylist;
import dev.bulwark.jwt.store.InMemoryRefreshTokenStore;
import dev.bulwark.jwt.store.JdbcAccessTokenDenylist;
import dev.bulwark.jwt.store.JdbcRefreshTokenStore;
import dev.bulwark.jwt.store.RedisAccessTokenDenylist;
import dev.bulwark.jwt.store.RedisMfaChallengeStore;
import dev.bulwark.mfa.InMemoryMfaStore;
import dev.bulwark.mfa.MfaStore;
import dev.bulwark.mfa.TotpAuthenticator;
import dev.bulwark.mfa.TotpPolicy;
import dev.bulwark.mfa.TotpSecretEncryption;
import dev.bulwark.mfa.store.JdbcMfaStore;
import dev.bulwark.mfa.store.RedisMfaStore;
import dev.bulwark.password.PasswordHasher;
import dev.bulwark.password.PasswordPolicy;
import dev.bulwark.ratelimit.BruteForceGuard;
import dev.bulwark.ratelimit.BruteForcePolicy;
import dev.bulwark.ratelimit.BruteForceStore;
import dev.bulwark.ratelimit.DeviceTrustPolicy;
import dev.bulwark.ratelimit.InMemoryRateLimitStore;
import dev.bulwark.ratelimit.Limit;
import dev.bulwark.ratelimit.RateLimitPolicy;
import dev.bulwark.ratelimit.RateLimitRule;
import dev.bulwark.ratelimit.RateLimitStore;
import dev.bulwark.ratelimit.RateLimiter;
import dev.bulwark.ratelimit.redis.RedisBruteForceStore;
import dev.bulwark.ratelimit.redis.RedisRateLimitStore;
import dev.bulwark.ratelimit.servlet.RateLimitFilter;
import dev.bulwark.validation.servlet.RequestLimitsFilter;
import dev.bulwark.web.ClientIpResolver;
import dev.bulwark.web.ConfigurationException;
import dev.bulwark.web.HmacKeys;
import dev.bulwark.web.servlet.ClientIpFilter;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServlet;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.jspecify.annotations.Nullable;
import org.postgresql.ds.PGSimpleDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Security Monitor demo: every Bulwark module in one small service on embedded Jetty, keeping
 * the HTTP contract of DESIGN.md. Configuration comes from the environment (see {@link
 * MonitorConfig}); with none, it runs in memory on port 8080 with generated demo passwords.
 */
public final class SecurityMonitor implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(SecurityMonitor.class);
  static final String ISSUER = "https://security-monitor.bulwark.dev";
  static final String AUDIENCE = "security-monitor";
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Server server;
  private final ServerConnector connector;
  private final String adminPassword;
  private final String userPassword;
  private final List<AutoCloseable> resources;

  private SecurityMonitor(
      Server server,
      ServerConnector connector,
      String adminPassword,
      String userPassword,
      List<AutoCloseable> resources) {
    this.server = server;
    this.connector = connector;
    this.adminPassword = adminPassword;
    this.userPassword = userPassword;
    this.resources = resources;
  }

  /**
   * Runs the demo until the process is stopped.
   *
   * @param args ignored; configuration comes from the environment
   * @throws Exception when start-up fails
   */
  public static void main(String[] args) throws Exception {
    SecurityMonitor monitor;
    try {
      monitor = start(MonitorConfig.from(System.getenv()), true);
    } catch (StartupException | ConfigurationException e) {
      // one clear line instead of a stack trace: the message names the setting and the fix
      LOG.error("Security Monitor cannot start: {}", e.getMessage());
      System.exit(1);
      return;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(monitor::closeQuietly, "shutdown"));
    monitor.server.join();
  }

  /**
   * Starts an instance.
   *
   * @param config the settings
   * @param printPasswords whether generated demo passwords are printed to standard output
   * @return the running instance
   * @throws Exception when start-up fails
   */
  public static SecurityMonitor start(MonitorConfig config, boolean printPasswords)
      throws Exception {
    return start(config, printPasswords, STORE_WAIT);
  }

  /** How long start-up waits for PostgreSQL and Redis (they may start after the demo). */
  static final Duration STORE_WAIT = Duration.ofSeconds(30);

  static SecurityMonitor start(MonitorConfig config, boolean printPasswords, Duration storeWait)
      throws Exception {
    return start(config, printPasswords, storeWait, UnaryOperator.identity());
  }

  /**
   * Starts an instance whose dashboard assets pass through {@code assets} first: the seam for tests
   * that serve a tampered script (see {@link DashboardAssets#servingTampered}).
   */
  static SecurityMonitor start(
      MonitorConfig config,
      boolean printPasswords,
      Duration storeWait,
      UnaryOperator<DashboardAssets> assets)
      throws Exception {
    List<AutoCloseable> resources = new ArrayList<>();
    try {
      return start(config, printPasswords, storeWait, assets, resources);
    } catch (Exception | Error e) {
      // a failed start must not leave Redis clients and their threads behind
      for (AutoCloseable r : resources) {
        try {
          r.close();
        } catch (Exception suppressed) {
          e.addSuppressed(suppressed);
        }
      }
      throw e;
    }
  }

  private static SecurityMonitor start(
      MonitorConfig config,
      boolean printPasswords,
      Duration storeWait,
      UnaryOperator<DashboardAssets> assetHook,
      List<AutoCloseable> resources)
      throws Exception {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    // The dashboard's events: in this instance's memory, or in Redis shared by every instance (so
    // that an admin behind a load balancer sees one list). Either is bounded; Redis gets at most 50
    // events of a type per second, the log at most 20 (a flood of 429s must not become a flood of
    // writes or log lines), and the metrics count every event.
    StatefulRedisConnection<String, String> redisConnection = null;
    if (config.redisUrl() != null) {
      RedisClient redis = RedisClient.create(config.redisUrl());
      // While Redis is away, refuse commands at once instead of queueing them without bound: the
      // checks that need Redis answer 503 straight away, and dropped dashboard writes cost nothing.
      redis.setOptions(
          ClientOptions.builder()
              .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
              .requestQueueSize(10_000)
              .build());
      resources.add(redis::shutdown);
      redisConnection = waitFor("Redis", "BULWARK_REDIS_URL", storeWait, redis::connect);
      redisConnection.setTimeout(Duration.ofSeconds(2));
      resources.add(redisConnection);
    }
    EventLog eventLog =
        redisConnection != null
            ? new RedisEventLog(redisConnection, "bulwark:monitor:events", 500)
            : new InMemoryEventLog(500);
    SecurityEventPublisher events =
        SecurityEventPublisher.of(
            redisConnection != null ? ThrottledSecurityEventListener.of(eventLog, 50) : eventLog,
            ThrottledSecurityEventListener.of(new Slf4jSecurityEventListener(), 20),
            new MicrometerSecurityEventListener(registry));
    Map<String, Runnable> readiness = new LinkedHashMap<>();

    // Passwords: bcrypt cost 12, at most 4 hashes at once so a login flood cannot take every core.
    PasswordHasher hasher =
        PasswordHasher.builder().bcrypt(12).maxConcurrentHashes(4, Duration.ofSeconds(2)).build();
    PasswordPolicy passwordPolicy =
        PasswordPolicy.builder().hasher(hasher).serviceName("Security Monitor").build();

    // State: PostgreSQL and Redis when configured, bounded memory otherwise.
    UserDirectory directory;
    RefreshTokenStore refreshStore;
    AccessTokenDenylist denylist;
    RateLimitStore rateLimitStore;
    BruteForceStore bruteForceStore = null;
    PGSimpleDataSource dataSource = null;
    if (config.jdbcUrl() != null) {
      dataSource = new PGSimpleDataSource();
      dataSource.setURL(config.jdbcUrl());
      dataSource.setConnectTimeout(3);
      dataSource.setSocketTimeout(5);
      JdbcUserDirectory jdbc = new JdbcUserDirectory(dataSource);
      waitFor(
          "PostgreSQL",
          "BULWARK_JDBC_URL",
          storeWait,
          () -> {
            jdbc.createSchema();
            return jdbc;
          });
      directory = jdbc;
      refreshStore = JdbcRefreshTokenStore.create(dataSource);
      readiness.put("postgresql", directory::ping);
    } else {
      directory = new InMemoryUserDirectory(10_000);
      refreshStore = InMemoryRefreshTokenStore.create(100_000, Clock.systemUTC());
    }
    if (redisConnection != null) {
      StatefulRedisConnection<String, String> connection = redisConnection;
      denylist = RedisAccessTokenDenylist.create(connection, "bulwark:denylist:");
      rateLimitStore = RedisRateLimitStore.builder(config.redisUrl()).build();
      // failures and locks of the brute-force guard are shared too: spreading guesses over the
      // instances buys nothing, and a lock taken on one holds on all (fails closed: 503)
      RedisBruteForceStore redisBruteForce =
          RedisBruteForceStore.builder(config.redisUrl()).build();
      resources.add(redisBruteForce);
      bruteForceStore = redisBruteForce;
      readiness.put(
          "redis",
          () -> {
            if (!"PONG".equals(connection.sync().ping())) {
              throw new IllegalStateException("redis did not answer PING");
            }
          });
    } else {
      denylist =
          dataSource != null
              ? JdbcAccessTokenDenylist.create(dataSource)
              : InMemoryAccessTokenDenylist.create(100_000, Clock.systemUTC());
      rateLimitStore = InMemoryRateLimitStore.create();
    }

    // Keys: a mounted JWK set shared by every instance (checked every 30 s, so a rotation written
    // to the Secret reaches every instance without a restart), or a throw-away development key.
    KeyRing keys;
    if (config.jwtKeysFile() != null) {
      KeySetFileReloader reloader =
          KeySetFileReloader.start(
              config.jwtKeysFile(), KeySetFileReloader.DEFAULT_INTERVAL, events);
      resources.add(reloader);
      keys = reloader.ring();
    } else {
      LOG.warn(
          "BULWARK_JWT_KEYS_FILE is not set: signing with a throw-away key generated at start-up."
              + " Tokens from this instance are rejected by any other instance and after a restart."
              + " Mount a JWK set and set BULWARK_JWT_KEYS_FILE before running more than one"
              + " instance.");
      keys = KeyRing.of(KeySet.generateForDevelopment());
    }
    AccessTokenIssuer issuer =
        AccessTokenIssuer.builder(keys).issuer(ISSUER).audience(AUDIENCE).build();
    AccessTokenVerifier verifier =
        AccessTokenVerifier.builder(keys)
            .issuer(ISSUER)
            .audience(AUDIENCE)
            .denylist(denylist)
            .cacheVerifiedTokens(10_000)
            .build();
    // Unknown and disabled users cost one full hash, like known ones; weaker hashes are replaced.
    PasswordCredentialVerifier accounts =
        PasswordCredentialVerifier.of(
            username -> {
              try {
                return username.length() > 64
                    ? Optional.empty()
                    : directory
                        .find(username)
                        .map(
                            a ->
                                new PasswordCredentialVerifier.StoredUser(
                                    a.username(), a.roles(), a.passwordHash(), true));
              } catch (StoreUnavailableException e) {
                throw new TokenStoreException(e.component() + " is unavailable", e);
              }
            },
            hasher,
            directory::updateHash);
    // Device cookies: whoever knows a username can lock its account, but not out of the devices
    // its owner already signed in from (OWASP "device cookies"); BULWARK_DEVICE_TRUST=off stops it
    BruteForcePolicy.Builder bruteForce = BruteForcePolicy.builder();
    if (config.deviceTrust()) {
      HmacKeys deviceKeys = config.deviceKeys();
      if (deviceKeys == null) {
        LOG.warn(
            "BULWARK_DEVICE_KEYS is not set: device cookies are signed with a throw-away key, so"
                + " they are refused after a restart and by any other instance. Set"
                + " BULWARK_DEVICE_KEYS (openssl rand -base64 32) on every instance.");
        deviceKeys = HmacKeys.random();
      }
      bruteForce.trustedDevices(DeviceTrustPolicy.builder(deviceKeys).build());
    }
    BruteForceGuard guard =
        bruteForceStore != null
            ? BruteForceGuard.create(bruteForce.build(), events, bruteForceStore)
            : BruteForceGuard.create(bruteForce.build(), events);
    // The second factor: TOTP secrets sealed with BULWARK_TOTP_KEY, recovery codes hashed. The
    // factors live where the accounts live (PostgreSQL), else in Redis, else in this instance's
    // memory; the last accepted time-step is kept there too, so a code used on one instance is
    // refused on every other. Pending sign-ins are shared through Redis when it is configured. A
    // user who enrols is asked for a code after the password, and wrong codes count against the
    // account in the brute-force guard like wrong passwords.
    TotpSecretEncryption totpKeys = config.totpEncryption();
    if (totpKeys == null) {
      LOG.warn(
          "BULWARK_TOTP_KEY is not set: TOTP secrets are sealed with a throw-away key, so every"
              + " enrolment is lost at a restart. Set BULWARK_TOTP_KEY (openssl rand -base64 32).");
      byte[] key = new byte[32];
      RANDOM.nextBytes(key);
      totpKeys = TotpSecretEncryption.withKeys("k1", Map.of("k1", key));
      java.util.Arrays.fill(key, (byte) 0);
    }
    MfaStore mfaStore;
    if (dataSource != null) {
      // PostgreSQL answered above (the accounts' schema); this creates the two MFA tables if needed
      mfaStore = JdbcMfaStore.builder(dataSource).build();
    } else if (redisConnection != null) {
      mfaStore = RedisMfaStore.builder(redisConnection).build();
    } else {
      mfaStore = new InMemoryMfaStore();
    }
    TotpAuthenticator totp =
        TotpAuthenticator.builder(
                TotpPolicy.builder("Bulwark Security Monitor").build(), totpKeys, mfaStore, hasher)
            .events(events)
            .build();
    TokenService.Builder tokenService =
        TokenService.builder(issuer, refreshStore)
            .denylist(denylist)
            .credentialVerifier(accounts)
            .loginThrottle(BruteForceLoginThrottle.of(guard))
            .secondFactor(TotpSecondFactor.of(totp))
            .events(events);
    if (redisConnection != null) {
      // an mfa_token issued by one instance is completed on any, and only once
      tokenService.mfaChallengeStore(RedisMfaChallengeStore.create(redisConnection));
    }
    TokenService tokens = tokenService.build();

    String adminPassword = passwordOrGenerate(config.adminPassword());
    String userPassword = passwordOrGenerate(config.userPassword());
    directory.create(
        new UserDirectory.Account(
            "admin", "admin@example.com", hasher.hash(adminPassword), List.of("ADMIN", "USER")));
    directory.create(
        new UserDirectory.Account(
            "user", "user@example.com", hasher.hash(userPassword), List.of("USER")));
    if (printPasswords && (config.adminPassword() == null || config.userPassword() == null)) {
      System.out.println(
          "Demo accounts (generated, shown once; set BULWARK_DEMO_ADMIN_PASSWORD and");
      System.out.println("BULWARK_DEMO_USER_PASSWORD to choose them):");
      if (config.adminPassword() == null) {
        System.out.println("  admin / " + adminPassword);
      }
      if (config.userPassword() == null) {
        System.out.println("  user  / " + userPassword);
      }
    }

    // Rate limits: login per client, the API per client; /health and /metrics are never limited.
    RateLimiter limiter =
        RateLimiter.builder(
                RateLimitPolicy.builder()
                    .rule(
                        RateLimitRule.builder("login")
                            .paths("/api/auth/login", "/api/auth/mfa")
                            .methods("POST")
                            .limit(Limit.of("login-burst", 10, Duration.ofMinutes(1)))
                            .build())
                    .rule(
                        // reports come from browsers on their own; a flood of them must not
                        // become a flood of events
                        RateLimitRule.builder("csp-reports")
                            .paths("/csp-report")
                            .limit(Limit.of("reports", 30, Duration.ofMinutes(1)))
                            .build())
                    .rule(
                        RateLimitRule.builder("api")
                            .paths("/api/**")
                            .limit(Limit.of("api-burst", 50, Duration.ofSeconds(10)))
                            .limit(Limit.of("api-hourly", 5000, Duration.ofHours(1)))
                            .build())
                    .build())
            .store(rateLimitStore)
            .events(events)
            .build();
    resources.add(limiter);

    ClientIpResolver resolver =
        ClientIpResolver.builder().trustedProxies(config.trustedProxies()).build();
    // The strict nonce policy, narrowed to what the page loads: default-src 'none' refuses every
    // kind of fetch the page does not make (frames, fonts, media, workers, manifests), so a
    // directive forgotten here fails closed. One script (nonce and SRI), one stylesheet (SRI,
    // same origin, no inline style), its own API, same-origin and data: images (the favicon
    // request, a QR code as a data: URL).
    ContentSecurityPolicy csp =
        ContentSecurityPolicy.strict()
            .directive("default-src", ContentSecurityPolicy.NONE)
            .directive("style-src", ContentSecurityPolicy.SELF)
            .directive("img-src", ContentSecurityPolicy.SELF, "data:")
            .directive("connect-src", ContentSecurityPolicy.SELF)
            .remove("font-src") // system fonts only: default-src 'none' refuses web fonts
            .reportUri("/csp-report")
            .build();
    SecurityHeadersPolicy headers =
        SecurityHeadersPolicy.builder().contentSecurityPolicy(csp).build();
    List<String> origins = new ArrayList<>(config.corsOrigins());
    // With no origins configured every cross-origin request is refused by CORS (403), before
    // authentication could answer a foreign preflight with 401.
    CorsPolicy cors =
        origins.isEmpty()
            ? CorsPolicy.sameOriginOnly()
            : CorsPolicy.builder()
                .allowedOrigins(origins)
                .allowedMethods("GET", "POST")
                .allowedHeaders("Authorization", "Content-Type")
                .build();
    BearerTokenPolicy bearer =
        BearerTokenPolicy.builder(verifier)
            .realm("security-monitor")
            .rule(RoleRule.of("GET", "/api/events", "ADMIN"))
            .rule(RoleRule.parse("/api/admin/*=ADMIN"))
            // RFC 9470 step-up: the events need a second factor and a sign-in within 5 minutes,
            // from users who have a second factor (the others keep the wave-1 contract)
            .stepUp(
                StepUpRule.builder("GET", "/api/events")
                    .requireFactor("otp", "rcv")
                    .requireAuthenticationWithin(Duration.ofMinutes(5))
                    .build())
            .stepUpOnlyForEnrolledUsers()
            .events(events)
            .build();

    ServletContextHandler context = new ServletContextHandler();
    context.setContextPath("/");
    addFilter(context, "methods", new TraceRefusingFilter(), "/*");
    addFilter(context, "clientIp", new ClientIpFilter(resolver), "/*");
    addFilter(context, "securityHeaders", new SecurityHeadersFilter(headers), "/*");
    addFilter(context, "cors", new CorsFilter(cors, events), "/*");
    // The origins CORS lets read our answers may also send us state changes (a single-page app on
    // another origin logs in with a cross-site POST); every other cross-site POST is refused.
    CsrfPolicy csrf = CsrfPolicy.builder().trustedOrigins(origins.toArray(new String[0])).build();
    addFilter(context, "csrf", new CsrfFilter(csrf, events), "/*");
    addFilter(
        context,
        "requestLimits",
        new RequestLimitsFilter(
            16 * 1024,
            List.of("application/json", "application/csp-report", "application/reports+json"),
            true,
            events),
        "/*");
    RateLimitFilter rateLimit = new RateLimitFilter(limiter);
    addFilter(context, "rateLimit", rateLimit, "/api/*");
    addFilter(context, "rateLimitReports", rateLimit, "/csp-report");
    addFilter(context, "bearer", new BearerTokenFilter(bearer), "/api/me");
    addFilter(context, "bearerEvents", new BearerTokenFilter(bearer), "/api/events");
    addFilter(context, "bearerLogout", new BearerTokenFilter(bearer), "/api/auth/logout");
    addFilter(context, "bearerAccount", new BearerTokenFilter(bearer), "/api/account/*");
    addFilter(context, "bearerAdmin", new BearerTokenFilter(bearer), "/api/admin/*");

    DashboardAssets assets = assetHook.apply(DashboardAssets.load());
    String page =
        resource("dashboard.html")
            .replace("{{scriptIntegrity}}", assets.integrity(DashboardAssets.SCRIPT))
            .replace("{{styleIntegrity}}", assets.integrity(DashboardAssets.STYLESHEET));
    addServlet(context, new ApiServlets.Dashboard(() -> page), "/");
    addServlet(context, assets.servlet(), "/assets/*");
    addServlet(context, new LoginServlet(tokens), "/api/auth/login");
    addServlet(context, new SecondFactorServlet(tokens), "/api/auth/mfa");
    addServlet(
        context,
        new TotpEnrollmentServlets.Start(totp, directory, events),
        "/api/account/mfa/totp");
    addServlet(
        context,
        new TotpEnrollmentServlets.Confirm(totp, tokens, events),
        "/api/account/mfa/totp/confirm");
    addServlet(context, new RefreshServlet(tokens), "/api/auth/refresh");
    AccountSessionServlets.Sessions sessions = new AccountSessionServlets.Sessions(tokens);
    // "/x/*" also matches "/x" itself (pathInfo null)
    addServlet(context, sessions, "/api/account/sessions/*");
    addServlet(
        context,
        new AccountSessionServlets.Password(tokens, directory, hasher, passwordPolicy),
        "/api/account/password");
    addServlet(
        context, new AccountSessionServlets.AdminSessions(tokens, directory), "/api/admin/users/*");
    addServlet(context, new LogoutServlet(tokens, verifier), "/api/auth/logout");
    addServlet(
        context, new RegistrationServlet(directory, hasher, passwordPolicy, events), "/api/users");
    addServlet(context, new ApiServlets.Me(), "/api/me");
    addServlet(context, new ApiServlets.Events(eventLog), "/api/events");
    addServlet(context, new JwksServlet(keys), "/.well-known/jwks.json");
    addServlet(context, new ApiServlets.Metrics(registry), "/metrics");
    addServlet(context, new ApiServlets.Health(readiness), "/health/*");
    addServlet(
        context,
        new CspReportServlet(events, CspReportLimits.builder().maxBytes(16 * 1024).build()),
        "/csp-report");

    Server server = new Server();
    // no "Server: Jetty(x.y.z)" banner: the version helps only an attacker
    HttpConfiguration http = new HttpConfiguration();
    http.setSendServerVersion(false);
    http.setSendXPoweredBy(false);
    ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
    connector.setPort(config.port());
    server.addConnector(connector);
    server.setHandler(context);
    server.setErrorHandler(new ProblemErrorHandler());
    context.setErrorHandler(new ProblemErrorHandler());
    server.start();
    LOG.info("Security Monitor listening on http://localhost:{}/", connector.getLocalPort());
    return new SecurityMonitor(server, connector, adminPassword, userPassword, resources);
  }

  /**
   * Runs {@code attempt} until it succeeds or {@code max} has passed, every 2 seconds: in a
   * deployment the stores may come up after the application.
   *
   * @throws StartupException naming the setting and the fix, without the setting's value
   */
  static <T> T waitFor(String component, String setting, Duration max, Supplier<T> attempt) {
    long deadline = System.nanoTime() + max.toNanos();
    boolean told = false;
    while (true) {
      try {
        return attempt.get();
      } catch (RuntimeException e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
          root = root.getCause();
        }
        String why = root.getClass().getSimpleName();
        if (System.nanoTime() >= deadline) {
          throw new StartupException(
              component
                  + " (set by "
                  + setting
                  + ") is unreachable: "
                  + why
                  + " after waiting "
                  + max.toSeconds()
                  + " s. Start it, correct "
                  + setting
                  + ", or unset "
                  + setting
                  + " to keep this state in memory (one instance only).",
              e);
        }
        if (!told) {
          LOG.warn("waiting for {} ({}): {}", component, setting, why);
          told = true;
        }
        LockSupport.parkNanos(Math.min(TimeUnit.SECONDS.toNanos(2), deadline - System.nanoTime()));
      }
    }
  }

  private static void addFilter(
      ServletContextHandler context, String name, Filter filter, String path) {
    FilterHolder holder = new FilterHolder(filter);
    holder.setName(name);
    context.addFilter(holder, path, EnumSet.of(DispatcherType.REQUEST));
  }

  private static void addServlet(ServletContextHandler context, HttpServlet servlet, String path) {
    context.addServlet(new ServletHolder(servlet), path);
  }

  private static String resource(String name) throws IOException {
    try (InputStream in = SecurityMonitor.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IOException(name + " is missing from the jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static String passwordOrGenerate(@Nullable String configured) {
    if (configured != null) {
      return configured;
    }
    byte[] random = new byte[18];
    RANDOM.nextBytes(random);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(random);
  }

  /**
   * The base URI of this instance.
   *
   * @return for example {@code http://localhost:8080}
   */
  public URI baseUri() {
    return URI.create("http://127.0.0.1:" + connector.getLocalPort());
  }

  String adminPassword() {
    return adminPassword;
  }

  String userPassword() {
    return userPassword;
  }

  private void closeQuietly() {
    try {
      close();
    } catch (Exception e) {
      LOG.warn("Shutdown failed", e);
    }
  }

  @Override
  public void close() throws Exception {
    server.stop();
    for (AutoCloseable r : resources) {
      r.close();
    }
  }
}
