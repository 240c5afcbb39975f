package dev.bulwark.spring.boot;

import dev.bulwark.event.SecurityEventPublisher;
import dev.bulwark.jwt.AccessTokenDenylist;
import dev.bulwark.jwt.AccessTokenIssuer;
import dev.bulwark.jwt.AccessTokenVerifier;
import dev.bulwark.jwt.CredentialVerifier;
import dev.bulwark.jwt.RefreshTokenStore;
import dev.bulwark.jwt.TokenService;
import dev.bulwark.jwt.ratelimit.BruteForceLoginThrottle;
import dev.bulwark.jwt.servlet.BearerTokenFilter;
import dev.bulwark.jwt.servlet.BearerTokenSettings;
import dev.bulwark.jwt.servlet.JwksServlet;
import dev.bulwark.jwt.servlet.LoginServlet;
import dev.bulwark.jwt.servlet.LogoutServlet;
import dev.bulwark.jwt.servlet.RefreshServlet;
import dev.bulwark.jwt.store.InMemoryAccessTokenDenylist;
import dev.bulwark.jwt.store.InMemoryRefreshTokenStore;
import dev.bulwark.ratelimit.BruteForceGuard;
import dev.bulwark.ratelimit.BruteForcePolicy;
import dev.bulwark.ratelimit.BruteForceStore;
import dev.bulwark.web.ConfigurationException;
import dev.bulwark.web.PathPattern;
import dev.bulwark.web.Settings;
import jakarta.servlet.http.HttpServlet;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * JWT, switched on by {@code bulwark.jwt.keys-file} (or, in development, {@code
 * bulwark.jwt.development-keys=true}): the verifier and the {@link BearerTokenFilter} on {@code
 * bulwark.jwt.url-patterns} (default {@code /api/*}) with the role rules of {@code
 * bulwark.jwt.roles} and {@code role-rules}, the JWKS endpoint and, when the application has a
 * {@link CredentialVerifier} bean (its users), the issuer, a {@link TokenService} with
 * refresh-token rotation and a brute-force guard, and the login, refresh and logout endpoints
 * ({@code /auth/login}, {@code /auth/refresh}, {@code /auth/logout}).
 *
 * <p>Every piece is {@code @ConditionalOnMissingBean}: an {@link AccessTokenDenylist}, {@link
 * RefreshTokenStore}, {@link BruteForceStore} or {@link BruteForcePolicy} bean of the application
 * (shared Redis or JDBC stores, say) replaces the in-memory default. The verifier consults the
 * denylist the token service revokes into, so a logout ends its access token at once.
 */
@AutoConfiguration(after = BulwarkAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@Conditional(BulwarkJwtAutoConfiguration.JwtConfigured.class)
public class BulwarkJwtAutoConfiguration {

  /** The name under which the bearer settings find the denylist bean. */
  static final String DENYLIST = "bulwark.denylist";

  /** Created by Spring. */
  public BulwarkJwtAutoConfiguration() {}

  /**
   * {@code bulwark.enabled} and {@code bulwark.jwt.enabled} not false, {@code keys-file} (or {@code
   * development-keys}) set.
   */
  static final class JwtConfigured extends SpringBootCondition {
    @Override
    public ConditionOutcome getMatchOutcome(
        ConditionContext context, AnnotatedTypeMetadata metadata) {
      Binder binder = Binder.get(context.getEnvironment());
      if (!binder.bind("bulwark.enabled", Boolean.class).orElse(true)
          || !binder.bind("bulwark.jwt.enabled", Boolean.class).orElse(true)) {
        return ConditionOutcome.noMatch("Bulwark JWT is disabled");
      }
      String keys = binder.bind("bulwark.jwt.keys-file", String.class).orElse("");
      String dev = binder.bind("bulwark.jwt.development-keys", String.class).orElse("false");
      if (!keys.isBlank()) {
        return ConditionOutcome.match("bulwark.jwt.keys-file is set");
      }
      // any other value than false reaches BearerTokenSettings, which refuses what is not a boolean
      return dev.equalsIgnoreCase("false")
          ? ConditionOutcome.noMatch("bulwark.jwt.keys-file is not set")
          : ConditionOutcome.match("bulwark.jwt.development-keys is set");
    }
  }

  /**
   * The denylist that logouts and ended sessions write and the verifier reads.
   *
   * @return an in-memory denylist of at most 100,000 entries
   */
  @Bean
  @ConditionalOnMissingBean
  public AccessTokenDenylist bulwarkAccessTokenDenylist() {
    return InMemoryAccessTokenDenylist.create(100_000, Clock.systemUTC());
  }

  /**
   * The bearer-token control from {@code bulwark.jwt.*}: the key file, the verifier and the role
   * rules ({@code role-rules} and the {@code roles} map, in that order).
   *
   * @param p the properties
   * @param denylist the denylist
   * @return the control; closing it stops the key file's reloader
   */
  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean
  public BearerTokenSettings bulwarkBearerTokenSettings(
      BulwarkProperties p, AccessTokenDenylist denylist) {
    BulwarkProperties.Jwt jwt = p.getJwt();
    Map<String, String> values = jwt.settings();
    List<String> rules = new ArrayList<>();
    String roleRules = values.get("roleRules");
    if (roleRules != null && !roleRules.isBlank()) {
      rules.add(roleRules);
    }
    jwt.getRoles().forEach((pattern, roles) -> rules.add(pattern + "=" + roles));
    if (!rules.isEmpty()) {
      values.put("roleRules", String.join("; ", rules));
    }
    values.put("denylistAttribute", DENYLIST);
    Settings settings = PropertySettings.of("jwt", values);
    return BearerTokenSettings.fromSettings(
        settings, name -> DENYLIST.equals(name) ? denylist : null);
  }

  /**
   * The verifier of the bearer filter, for the application's own use (and the logout endpoint).
   *
   * @param bearer the bearer control
   * @return its verifier
   */
  @Bean
  @ConditionalOnMissingBean
  public AccessTokenVerifier bulwarkAccessTokenVerifier(BearerTokenSettings bearer) {
    return bearer.policy().verifier();
  }

  /**
   * The bearer-token filter on {@code url-patterns} and the logout path.
   *
   * @param bearer the bearer control
   * @param p the properties
   * @return its registration
   * @throws ConfigurationException when the patterns cover the login or refresh path, which are
   *     called without an access token
   */
  @Bean
  public FilterRegistrationBean<BearerTokenFilter> bulwarkBearerTokenFilter(
      BearerTokenSettings bearer, BulwarkProperties p) {
    BulwarkProperties.Jwt jwt = p.getJwt();
    for (String pattern : jwt.getUrlPatterns()) {
      for (String open : List.of(path(jwt.getLoginPath()), path(jwt.getRefreshPath()))) {
        if (PathPattern.parse(pattern).matches(open)) {
          throw new ConfigurationException(
              "'bulwark.jwt': setting 'urlPatterns' has "
                  + pattern
                  + ", which covers "
                  + open
                  + ": the login and refresh endpoints are called without an access token. Move"
                  + " them (bulwark.jwt.login-path, bulwark.jwt.refresh-path) or narrow the"
                  + " patterns");
        }
      }
    }
    List<String> patterns = new ArrayList<>(jwt.getUrlPatterns());
    patterns.add(path(jwt.getLogoutPath()));
    return BulwarkAutoConfiguration.register(
        new BearerTokenFilter(bearer.policy()),
        BulwarkAutoConfiguration.BEARER_ORDER,
        "jwt",
        patterns,
        bearer);
  }

  /**
   * The public keys as a JWK set.
   *
   * @param bearer the bearer control, whose (reloaded) keys are published
   * @param p the properties
   * @return the servlet's registration
   */
  @Bean
  public ServletRegistrationBean<JwksServlet> bulwarkJwksServlet(
      BearerTokenSettings bearer, BulwarkProperties p) {
    return servlet(new JwksServlet(bearer.keys()), path(p.getJwt().getJwksPath()));
  }

  /** The token endpoints, when the application says who its users are. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnBean(CredentialVerifier.class)
  static class Tokens {

    /**
     * Signs with the key file's current key, the same ring the verifier reads.
     *
     * @throws ConfigurationException without {@code issuer} or {@code audience}
     */
    @Bean
    @ConditionalOnMissingBean
    AccessTokenIssuer bulwarkAccessTokenIssuer(BearerTokenSettings bearer, BulwarkProperties p) {
      BulwarkProperties.Jwt jwt = p.getJwt();
      String issuer = jwt.getIssuer();
      if (issuer == null || issuer.isBlank() || jwt.getAudience().isEmpty()) {
        throw new ConfigurationException(
            "'bulwark.jwt': setting 'issuer' and 'audience' are required to issue tokens, such as"
                + " bulwark.jwt.issuer=https://auth.example.com and bulwark.jwt.audience=api");
      }
      Settings settings = PropertySettings.of("jwt", Map.of());
      return settings.build(
          () -> {
            AccessTokenIssuer.Builder b =
                AccessTokenIssuer.builder(bearer.keys())
                    .issuer(issuer)
                    .audience(jwt.getAudience().toArray(String[]::new));
            String lifetime = jwt.getAccessTokenLifetime();
            if (lifetime != null) {
              try {
                b.lifetime(Settings.duration(lifetime));
              } catch (IllegalArgumentException e) {
                throw new ConfigurationException(
                    "setting 'accessTokenLifetime': " + e.getMessage(), e);
              }
            }
            return b.build();
          });
    }

    @Bean
    @ConditionalOnMissingBean
    RefreshTokenStore bulwarkRefreshTokenStore() {
      return InMemoryRefreshTokenStore.create(100_000, Clock.systemUTC());
    }

    @Bean
    @ConditionalOnMissingBean
    BruteForceGuard bulwarkBruteForceGuard(
        ObjectProvider<BruteForcePolicy> policy,
        ObjectProvider<BruteForceStore> store,
        SecurityEventPublisher events) {
      BruteForcePolicy effective = policy.getIfAvailable(BruteForcePolicy::defaults);
      BruteForceStore shared = store.getIfAvailable();
      return shared == null
          ? BruteForceGuard.create(effective, events)
          : BruteForceGuard.create(effective, events, shared);
    }

    @Bean
    @ConditionalOnMissingBean
    TokenService bulwarkTokenService(
        AccessTokenIssuer issuer,
        RefreshTokenStore store,
        AccessTokenDenylist denylist,
        CredentialVerifier credentials,
        BruteForceGuard guard,
        SecurityEventPublisher events) {
      return TokenService.builder(issuer, store)
          .denylist(denylist)
          .credentialVerifier(credentials)
          .loginThrottle(BruteForceLoginThrottle.of(guard))
          .events(events)
          .build();
    }

    @Bean
    ServletRegistrationBean<LoginServlet> bulwarkLoginServlet(
        TokenService tokens, BulwarkProperties p) {
      return servlet(new LoginServlet(tokens), path(p.getJwt().getLoginPath()));
    }

    @Bean
    ServletRegistrationBean<RefreshServlet> bulwarkRefreshServlet(
        TokenService tokens, BulwarkProperties p) {
      return servlet(new RefreshServlet(tokens), path(p.getJwt().getRefreshPath()));
    }

    @Bean
    ServletRegistrationBean<LogoutServlet> bulwarkLogoutServlet(
        TokenService tokens, AccessTokenVerifier verifier, BulwarkProperties p) {
      return servlet(new LogoutServlet(tokens, verifier), path(p.getJwt().getLogoutPath()));
    }
  }

  private static String path(@org.jspecify.annotations.Nullable String path) {
    if (path == null || !path.startsWith("/") || path.indexOf('*') >= 0) {
      throw new ConfigurationException(
          "'bulwark.jwt': an endpoint path must be an exact path starting with /, such as"
              + " /auth/login; got "
              + path);
    }
    return path;
  }

  private static <S extends HttpServlet> ServletRegistrationBean<S> servlet(
      S servlet, String path) {
    ServletRegistrationBean<S> registration = new ServletRegistrationBean<>(servlet, path);
    registration.setName("bulwark" + servlet.getClass().getSimpleName());
    return registration;
  }
}
