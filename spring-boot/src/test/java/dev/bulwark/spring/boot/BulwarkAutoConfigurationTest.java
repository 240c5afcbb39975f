package dev.bulwark.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.event.SecurityEventPublisher;
import dev.bulwark.headers.SecurityHeadersPolicy;
import dev.bulwark.headers.cors.CorsPolicy;
import dev.bulwark.jwt.AccessTokenIssuer;
import dev.bulwark.jwt.AuthenticatedUser;
import dev.bulwark.jwt.CredentialVerifier;
import dev.bulwark.jwt.TokenService;
import dev.bulwark.jwt.servlet.BearerTokenSettings;
import dev.bulwark.ratelimit.InMemoryRateLimitStore;
import dev.bulwark.ratelimit.RateLimitControl;
import dev.bulwark.ratelimit.RateLimitStore;
import dev.bulwark.web.ConfigurationException;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.ConfigDataApplicationContextInitializer;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Every auto-configuration in a context runner: defaults, each switch, user beans, class path. */
class BulwarkAutoConfigurationTest {

  private static final Path KEYS = TestKeyFile.create();

  private final WebApplicationContextRunner runner =
      new WebApplicationContextRunner()
          .withConfiguration(
              AutoConfigurations.of(
                  BulwarkAutoConfiguration.class, BulwarkJwtAutoConfiguration.class));

  private static final String[] JWT = {
    "bulwark.jwt.keys-file=" + KEYS,
    "bulwark.jwt.issuer=https://auth.example.com",
    "bulwark.jwt.audience=api"
  };

  @Test
  void defaults_theSixFiltersInTheDocumentedOrder_strictCsp_sameOriginCors_noJwt() {
    runner.run(
        ctx -> {
          @SuppressWarnings("rawtypes")
          Map<String, FilterRegistrationBean> filters =
              ctx.getBeansOfType(FilterRegistrationBean.class);
          List<String> order =
              filters.values().stream()
                  .sorted(Comparator.comparingInt(FilterRegistrationBean::getOrder))
                  .map(FilterRegistrationBean::getFilterName)
                  .toList();
          assertThat(order)
              .containsExactly(
                  "bulwarkClientIpFilter",
                  "bulwarkSecurityHeadersFilter",
                  "bulwarkCorsFilter",
                  "bulwarkCsrfFilter",
                  "bulwarkRequestLimitsFilter",
                  "bulwarkRateLimitFilter");
          assertThat(filters.values())
              .allSatisfy(
                  f ->
                      assertThat(f.getOrder())
                          .isLessThan(-9900) // before Spring's FormContentFilter and the rest
                          .isGreaterThan(Integer.MIN_VALUE)); // after CharacterEncodingFilter
          assertThat(ctx.getBean(SecurityHeadersPolicy.class).usesNonce()).isTrue();
          assertThat(ctx.getBean(CorsPolicy.class))
              .hasToString(CorsPolicy.sameOriginOnly().toString());
          assertThat(ctx.getBean(RateLimitControl.class).toString())
              .contains("burst")
              .contains("50")
              .contains("sustained");
          assertThat(ctx).doesNotHaveBean(BearerTokenSettings.class);
          assertThat(ctx).doesNotHaveBean(TokenService.class);
        });
  }

  @Test
  void eachSectionProperty_reachesItsPolicy() {
    runner
        .withPropertyValues(
            "bulwark.cors.allowed-origins=https://app.example.com",
            "bulwark.cors.max-age=5m",
            "bulwark.headers.content-security-policy=default",
            "bulwark.client-ip.trusted-proxies=10.0.0.0/8",
            "bulwark.request-limits.max-body-bytes=2048",
            "bulwark.rate-limit.limits=minute=7/1m")
        .run(
            ctx -> {
              assertThat(ctx.getBean(CorsPolicy.class).toString())
                  .contains("https://app.example.com")
                  .contains("PT5M");
              assertThat(ctx.getBean(SecurityHeadersPolicy.class).usesNonce()).isFalse();
              assertThat(ctx.getBean(dev.bulwark.web.ClientIpResolver.class).toString())
                  .contains("10.0.0.0/8");
              assertThat(ctx.getBean(dev.bulwark.validation.RequestLimitsPolicy.class).toString())
                  .contains("2048");
              assertThat(ctx.getBean(RateLimitControl.class).toString())
                  .contains("minute")
                  .doesNotContain("burst");
            });
  }

  @Test
  void enabledFalse_leavesOneFilterOut_orAll() {
    runner
        .withPropertyValues("bulwark.cors.enabled=false", "bulwark.rate-limit.enabled=false")
        .run(
            ctx ->
                assertThat(ctx.getBeansOfType(FilterRegistrationBean.class))
                    .containsOnlyKeys(
                        "bulwarkClientIpFilter",
                        "bulwarkSecurityHeadersFilter",
                        "bulwarkCsrfFilter",
                        "bulwarkRequestLimitsFilter"));
    runner
        .withPropertyValues(JWT)
        .withPropertyValues("bulwark.enabled=false")
        .run(
            ctx -> {
              assertThat(ctx.getBeansOfType(FilterRegistrationBean.class)).isEmpty();
              assertThat(ctx).doesNotHaveBean(SecurityEventPublisher.class);
              assertThat(ctx).doesNotHaveBean(BearerTokenSettings.class);
            });
  }

  @Configuration(proxyBeanMethods = false)
  static class OwnBeans {
    static final CorsPolicy CORS =
        CorsPolicy.builder().allowedOrigins("https://mine.example.com").build();
    static final RateLimitStore STORE = InMemoryRateLimitStore.create();

    @Bean
    CorsPolicy myCors() {
      return CORS;
    }

    @Bean
    RateLimitStore myStore() {
      return STORE;
    }
  }

  @Test
  void aUserBean_replacesOurs() {
    runner
        .withUserConfiguration(OwnBeans.class)
        .withPropertyValues("bulwark.cors.allowed-origins=https://ignored.example.com")
        .run(
            ctx -> {
              assertThat(ctx.getBean(CorsPolicy.class)).isSameAs(OwnBeans.CORS);
              assertThat(ctx.getBean(dev.bulwark.ratelimit.RateLimiter.class).toString())
                  .contains(OwnBeans.STORE.toString());
            });
  }

  @Test
  void micrometer_countsEventsWhenThereIsARegistry_andIsLeftOutWithoutTheLibrary() {
    runner
        .withBean(MeterRegistry.class, SimpleMeterRegistry::new)
        .run(
            ctx -> {
              assertThat(ctx)
                  .hasBean("bulwarkMicrometerListener")
                  .getBean("bulwarkMicrometerListener")
                  .isInstanceOf(dev.bulwark.event.micrometer.MicrometerSecurityEventListener.class);
              assertThat(ctx.getBean(SecurityEventPublisher.class).toString())
                  .contains("MicrometerSecurityEventListener")
                  .contains("ThrottledSecurityEventListener");
            });
    runner
        .withClassLoader(new FilteredClassLoader(MeterRegistry.class))
        .run(
            ctx -> {
              assertThat(ctx).doesNotHaveBean("bulwarkMicrometerListener");
              assertThat(ctx.getBeansOfType(FilterRegistrationBean.class)).hasSize(6);
            });
  }

  @Test
  void notAServletApplication_nothingIsInstalled() {
    new ApplicationContextRunner()
        .withConfiguration(
            AutoConfigurations.of(
                BulwarkAutoConfiguration.class, BulwarkJwtAutoConfiguration.class))
        .withPropertyValues(JWT)
        .run(
            ctx -> {
              assertThat(ctx).doesNotHaveBean(SecurityEventPublisher.class);
              assertThat(ctx).doesNotHaveBean(BearerTokenSettings.class);
            });
  }

  @Test
  void keysFile_switchesOnTheBearerFilterAndJwks_endpointsNeedTheUsers() {
    runner
        .withPropertyValues(JWT)
        .withPropertyValues("bulwark.jwt.roles[/api/admin/**]=ADMIN")
        .run(
            ctx -> {
              assertThat(ctx).hasBean("bulwarkBearerTokenFilter").hasBean("bulwarkJwksServlet");
              assertThat(ctx).doesNotHaveBean(TokenService.class);
              assertThat(ctx).doesNotHaveBean("bulwarkLoginServlet");
              assertThat(ctx.getBean(BearerTokenSettings.class).policy().rules())
                  .singleElement()
                  .hasToString(
                      dev.bulwark.jwt.servlet.RoleRule.of("*", "/api/admin/**", "ADMIN")
                          .toString());
              assertThat(
                      ctx.getBean("bulwarkBearerTokenFilter", FilterRegistrationBean.class)
                          .getUrlPatterns())
                  .containsExactly("/api/*", "/auth/logout");
            });
    CredentialVerifier nobody = (u, p) -> Optional.<AuthenticatedUser>empty();
    runner
        .withPropertyValues(JWT)
        .withBean(CredentialVerifier.class, () -> nobody)
        .run(
            ctx -> {
              assertThat(ctx).hasSingleBean(TokenService.class);
              assertThat(ctx.getBean(AccessTokenIssuer.class).toString())
                  .contains("https://auth.example.com");
              assertThat(ctx.getBeansOfType(ServletRegistrationBean.class).values())
                  .flatExtracting(ServletRegistrationBean::getUrlMappings)
                  .containsExactlyInAnyOrder(
                      "/auth/login", "/auth/refresh", "/auth/logout", "/.well-known/jwks.json");
            });
  }

  @Test
  void jwtPatternsThatCoverTheLoginPath_stopStartUp() {
    runner
        .withPropertyValues(JWT)
        .withPropertyValues("bulwark.jwt.url-patterns=/*")
        .run(
            ctx ->
                assertThat(ctx)
                    .hasFailed()
                    .getFailure()
                    .rootCause()
                    .isInstanceOf(ConfigurationException.class)
                    .hasMessageContaining("covers /auth/login"));
  }

  @Test
  void aBadValue_failsWithTheControlsMessage_andTheAnalyzerNamesTheProperty() {
    runner
        .withPropertyValues("bulwark.cors.max-age=forever")
        .run(
            ctx -> {
              assertThat(ctx).hasFailed();
              Throwable root = ctx.getStartupFailure();
              while (!(root instanceof ConfigurationException) && root.getCause() != null) {
                root = root.getCause();
              }
              assertThat(root)
                  .isInstanceOf(ConfigurationException.class)
                  .hasMessageStartingWith("'bulwark.cors': setting 'maxAge'")
                  .hasMessageContaining("forever");
              FailureAnalysis analysis =
                  new BulwarkFailureAnalyzer().analyze(ctx.getStartupFailure());
              assertThat(analysis.getDescription()).contains("setting 'maxAge'");
              assertThat(analysis.getAction())
                  .contains("bulwark.cors.max-age")
                  .contains("BULWARK_CORS_MAX_AGE");
            });
  }

  @Test
  void emptyUrlPatterns_stopStartUp_namingTheSection() {
    runner
        .withPropertyValues("bulwark.headers.url-patterns=")
        .run(
            ctx ->
                assertThat(ctx)
                    .hasFailed()
                    .getFailure()
                    .rootCause()
                    .hasMessageContaining("'bulwark.headers': setting 'urlPatterns' is empty"));
  }

  @Test
  void theReadmesYaml_bindsAsItSays() {
    runner
        .withInitializer(new ConfigDataApplicationContextInitializer())
        .withPropertyValues(
            "spring.config.location=classpath:/readme-application.yml",
            "bulwark.jwt.keys-file=" + KEYS) // the README's path is an operator's mount
        .withBean(CredentialVerifier.class, () -> (u, p) -> Optional.<AuthenticatedUser>empty())
        .run(
            ctx -> {
              assertThat(ctx).hasNotFailed();
              assertThat(ctx.getBean(dev.bulwark.web.ClientIpResolver.class).toString())
                  .contains("10.0.0.0/8");
              assertThat(ctx.getBean(CorsPolicy.class).toString())
                  .contains("https://app.example.com");
              assertThat(ctx.getBean(BearerTokenSettings.class).policy().rules())
                  .singleElement()
                  .hasToString(
                      dev.bulwark.jwt.servlet.RoleRule.of("*", "/api/admin/**", "ADMIN")
                          .toString());
              assertThat(ctx).hasSingleBean(TokenService.class);
            });
  }

  @Test
  void developmentKeys_switchJwtOnWithoutAKeyFile_andContradictOne() {
    runner
        .withPropertyValues(
            "bulwark.jwt.development-keys=true",
            "bulwark.jwt.issuer=https://auth.example.com",
            "bulwark.jwt.audience=api")
        .run(
            ctx -> {
              assertThat(ctx).hasNotFailed().hasBean("bulwarkBearerTokenFilter");
              assertThat(ctx.getBean(BearerTokenSettings.class).keysReloader()).isEmpty();
            });
    runner
        .withPropertyValues(JWT)
        .withPropertyValues("bulwark.jwt.development-keys=true")
        .run(
            ctx ->
                assertThat(ctx)
                    .hasFailed()
                    .getFailure()
                    .rootCause()
                    .hasMessageContaining("developmentKeys=true contradicts keysFile"));
  }

  @Test
  void theBulwarkEndpoint_listsTheActiveControlsInOrder_withTheirSettings_whenExposed() {
    WebApplicationContextRunner withActuator =
        runner.withConfiguration(AutoConfigurations.of(BulwarkEndpointAutoConfiguration.class));
    withActuator.run(ctx -> assertThat(ctx).doesNotHaveBean(BulwarkEndpoint.class)); // not exposed
    withActuator
        .withPropertyValues(
            "management.endpoints.web.exposure.include=bulwark",
            "bulwark.cors.allowed-origins=https://app.example.com",
            "bulwark.csrf.enabled=false")
        .run(
            ctx -> {
              @SuppressWarnings("unchecked")
              List<Map<String, Object>> controls =
                  (List<Map<String, Object>>)
                      ctx.getBean(BulwarkEndpoint.class).controls().get("controls");
              assertThat(controls)
                  .extracting(c -> c.get("filter"))
                  .containsExactly(
                      "ClientIpFilter",
                      "SecurityHeadersFilter",
                      "CorsFilter",
                      "RequestLimitsFilter",
                      "RateLimitFilter");
              assertThat(controls.get(2).get("settings").toString())
                  .isEqualTo(ctx.getBean(CorsPolicy.class).toString())
                  .contains("https://app.example.com");
              assertThat(controls.get(2).get("urlPatterns")).isEqualTo(List.of("/*"));
            });
    withActuator
        .withPropertyValues("management.endpoints.web.exposure.include=bulwark")
        .withClassLoader(
            new FilteredClassLoader(
                org.springframework.boot.actuate.autoconfigure.endpoint.condition
                    .ConditionalOnAvailableEndpoint.class))
        .run(
            ctx -> {
              assertThat(ctx).doesNotHaveBean(BulwarkEndpoint.class);
              assertThat(ctx.getBeansOfType(FilterRegistrationBean.class)).hasSize(6);
            });
  }
}
