package dev.bulwark.spring.boot;

import dev.bulwark.event.SecurityEventListener;
import dev.bulwark.event.SecurityEventPublisher;
import dev.bulwark.event.Slf4jSecurityEventListener;
import dev.bulwark.event.ThrottledSecurityEventListener;
import dev.bulwark.event.micrometer.MicrometerSecurityEventListener;
import dev.bulwark.headers.SecurityHeadersPolicy;
import dev.bulwark.headers.cors.CorsPolicy;
import dev.bulwark.headers.csrf.CsrfPolicy;
import dev.bulwark.headers.servlet.CorsFilter;
import dev.bulwark.headers.servlet.CsrfFilter;
import dev.bulwark.headers.servlet.SecurityHeadersFilter;
import dev.bulwark.ratelimit.RateLimitControl;
import dev.bulwark.ratelimit.RateLimitStore;
import dev.bulwark.ratelimit.RateLimiter;
import dev.bulwark.ratelimit.servlet.RateLimitFilter;
import dev.bulwark.validation.RequestLimitsPolicy;
import dev.bulwark.validation.servlet.RequestLimitsFilter;
import dev.bulwark.web.ClientIpResolver;
import dev.bulwark.web.ConfigurationException;
import dev.bulwark.web.servlet.ClientIpFilter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.Filter;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/**
 * Bulwark's default chain for a servlet application, from {@code bulwark.*} properties. With no
 * property set, the application gets, in this order and before Spring's own filters (only Spring
 * Boot's {@code CharacterEncodingFilter} runs earlier):
 *
 * <ol>
 *   <li>{@link ClientIpFilter} ({@link #CLIENT_IP_ORDER}): the real client, no proxy trusted;
 *   <li>{@link SecurityHeadersFilter}: the security headers with a strict nonce CSP, the nonce in
 *       the request attribute {@code cspNonce} for Thymeleaf and JSP views;
 *   <li>{@link CorsFilter}: same origin only until {@code bulwark.cors.allowed-origins} is set;
 *   <li>{@link CsrfFilter}: cross-site state-changing requests refused;
 *   <li>{@link RequestLimitsFilter}: body size, content type and encoding;
 *   <li>{@link RateLimitFilter}: {@code burst=50/1s, sustained=1000/1m} per client.
 * </ol>
 *
 * <p>Each control's policy is a bean built by the control's own {@code fromSettings} from its
 * section of {@link BulwarkProperties}, so a value fails exactly as it would in {@code web.xml}; a
 * bean of the policy's type in the application replaces ours ({@code @ConditionalOnMissingBean}).
 * {@code bulwark.<control>.enabled=false} leaves one filter out, {@code bulwark.enabled=false} all
 * of them. Security events go to SLF4J, to every {@link SecurityEventListener} bean and, with
 * Micrometer, to the counter {@code bulwark.security.events}.
 */
@AutoConfiguration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(Filter.class)
@ConditionalOnProperty(prefix = "bulwark", name = "enabled", matchIfMissing = true)
@EnableConfigurationProperties(BulwarkProperties.class)
public class BulwarkAutoConfiguration {

  private static final Logger LOG = LoggerFactory.getLogger(BulwarkAutoConfiguration.class);

  /** Order of the client-IP filter, the first of Bulwark's; the others follow one apart. */
  public static final int CLIENT_IP_ORDER = Ordered.HIGHEST_PRECEDENCE + 10;

  /** Order of the security-headers filter. */
  public static final int HEADERS_ORDER = CLIENT_IP_ORDER + 1;

  /** Order of the CORS filter. */
  public static final int CORS_ORDER = CLIENT_IP_ORDER + 2;

  /** Order of the CSRF filter. */
  public static final int CSRF_ORDER = CLIENT_IP_ORDER + 3;

  /** Order of the request-limits filter. */
  public static final int REQUEST_LIMITS_ORDER = CLIENT_IP_ORDER + 4;

  /** Order of the rate-limit filter. */
  public static final int RATE_LIMIT_ORDER = CLIENT_IP_ORDER + 5;

  /** Order of the bearer-token filter (JWT), the last of Bulwark's. */
  public static final int BEARER_ORDER = CLIENT_IP_ORDER + 6;

  /** Created by Spring. */
  public BulwarkAutoConfiguration() {}

  // ---- events ------------------------------------------------------------------------------

  /**
   * Where every control's events go: SLF4J (at most {@value
   * SecurityEventPublisher#DEFAULT_LOG_EVENTS_PER_SECOND} of a type per second) and each {@link
   * SecurityEventListener} bean of the application (publishers excluded, so that one never feeds
   * itself).
   *
   * @param beans the bean factory, to find the listeners
   * @return the publisher
   */
  @Bean
  @ConditionalOnMissingBean
  public SecurityEventPublisher bulwarkSecurityEvents(ListableBeanFactory beans) {
    List<SecurityEventListener> listeners = new ArrayList<>();
    // as SecurityEventPublisher.logging(): a flood of refusals must not become a flood of log lines
    listeners.add(
        ThrottledSecurityEventListener.of(
            new Slf4jSecurityEventListener(),
            SecurityEventPublisher.DEFAULT_LOG_EVENTS_PER_SECOND));
    for (String name : beans.getBeanNamesForType(SecurityEventListener.class, true, false)) {
      Class<?> type = beans.getType(name, false);
      if (type != null && !SecurityEventPublisher.class.isAssignableFrom(type)) {
        listeners.add(beans.getBean(name, SecurityEventListener.class));
      }
    }
    return SecurityEventPublisher.of(listeners.toArray(SecurityEventListener[]::new));
  }

  /** Micrometer, when it is on the class path: the event counters. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(MeterRegistry.class)
  static class Metrics {

    @Bean
    @ConditionalOnMissingBean(MicrometerSecurityEventListener.class)
    SecurityEventListener bulwarkMicrometerListener(ObjectProvider<MeterRegistry> registry) {
      MeterRegistry r = registry.getIfAvailable();
      if (r == null) {
        return new NoMeterRegistry();
      }
      return new MicrometerSecurityEventListener(r);
    }
  }

  /** Micrometer is on the class path but the application has no registry: nothing to count. */
  static final class NoMeterRegistry implements SecurityEventListener {
    @Override
    public void onEvent(dev.bulwark.event.SecurityEvent event) {}

    @Override
    public String toString() {
      return "NoMeterRegistry[no MeterRegistry bean: events are not counted]";
    }
  }

  // ---- policies: each from its control's fromSettings --------------------------------------

  /**
   * The client-IP resolver, from {@code bulwark.client-ip.*}.
   *
   * @param p the properties
   * @return the resolver
   */
  @Bean
  @ConditionalOnMissingBean
  public ClientIpResolver bulwarkClientIpResolver(BulwarkProperties p) {
    return ClientIpResolver.fromSettings(
        PropertySettings.of("client-ip", p.getClientIp().settings()));
  }

  /**
   * The security-headers policy, from {@code bulwark.headers.*}.
   *
   * @param p the properties
   * @return the policy
   */
  @Bean
  @ConditionalOnMissingBean
  public SecurityHeadersPolicy bulwarkSecurityHeadersPolicy(BulwarkProperties p) {
    return SecurityHeadersPolicy.fromSettings(
        PropertySettings.of("headers", p.getHeaders().settings()));
  }

  /**
   * The CORS policy, from {@code bulwark.cors.*}; same origin only when none is set.
   *
   * @param p the properties
   * @return the policy
   */
  @Bean
  @ConditionalOnMissingBean
  public CorsPolicy bulwarkCorsPolicy(BulwarkProperties p) {
    var settings = p.getCors().settings();
    if (settings.isEmpty()) {
      return CorsPolicy.sameOriginOnly();
    }
    return CorsPolicy.fromSettings(PropertySettings.of("cors", settings));
  }

  /**
   * The CSRF policy, from {@code bulwark.csrf.*}.
   *
   * @param p the properties
   * @return the policy
   */
  @Bean
  @ConditionalOnMissingBean
  public CsrfPolicy bulwarkCsrfPolicy(BulwarkProperties p) {
    return CsrfPolicy.fromSettings(PropertySettings.of("csrf", p.getCsrf().settings()));
  }

  /**
   * The request limits, from {@code bulwark.request-limits.*}.
   *
   * @param p the properties
   * @return the policy
   */
  @Bean
  @ConditionalOnMissingBean
  public RequestLimitsPolicy bulwarkRequestLimitsPolicy(BulwarkProperties p) {
    return RequestLimitsPolicy.fromSettings(
        PropertySettings.of("request-limits", p.getRequestLimits().settings()));
  }

  /**
   * The rate-limit control, from {@code bulwark.rate-limit.*}.
   *
   * @param p the properties
   * @return the control
   */
  @Bean
  @ConditionalOnMissingBean
  public RateLimitControl bulwarkRateLimitControl(BulwarkProperties p) {
    return RateLimitControl.fromSettings(
        PropertySettings.of("rate-limit", p.getRateLimit().settings()));
  }

  /**
   * The rate limiter: the control's rule on the application's {@link RateLimitStore} bean (a shared
   * Redis store, say), else on a bounded in-memory store.
   *
   * @param control the control
   * @param store the application's store, if any
   * @param events the events
   * @return the limiter, closed with the context
   */
  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean
  public RateLimiter bulwarkRateLimiter(
      RateLimitControl control,
      ObjectProvider<RateLimitStore> store,
      SecurityEventPublisher events) {
    RateLimitStore shared = store.getIfAvailable();
    if (shared == null) {
      return control.newLimiter(events);
    }
    return RateLimiter.builder(control.policy()).store(shared).events(events).build();
  }

  // ---- filters, in order ---------------------------------------------------------------------

  /**
   * The client-IP filter.
   *
   * @param resolver the resolver
   * @return its registration on {@code /*}
   */
  @Bean
  @ConditionalOnProperty(prefix = "bulwark.client-ip", name = "enabled", matchIfMissing = true)
  public FilterRegistrationBean<ClientIpFilter> bulwarkClientIpFilter(ClientIpResolver resolver) {
    return register(
        new ClientIpFilter(resolver), CLIENT_IP_ORDER, "client-ip", List.of("/*"), resolver);
  }

  /**
   * The security-headers filter.
   *
   * @param policy the policy
   * @param p the properties
   * @return its registration
   */
  @Bean
  @ConditionalOnProperty(prefix = "bulwark.headers", name = "enabled", matchIfMissing = true)
  public FilterRegistrationBean<SecurityHeadersFilter> bulwarkSecurityHeadersFilter(
      SecurityHeadersPolicy policy, BulwarkProperties p) {
    return register(
        new SecurityHeadersFilter(policy),
        HEADERS_ORDER,
        "headers",
        p.getHeaders().getUrlPatterns(),
        policy);
  }

  /**
   * The CORS filter.
   *
   * @param policy the policy
   * @param events the events
   * @param p the properties
   * @return its registration
   */
  @Bean
  @ConditionalOnProperty(prefix = "bulwark.cors", name = "enabled", matchIfMissing = true)
  public FilterRegistrationBean<CorsFilter> bulwarkCorsFilter(
      CorsPolicy policy, SecurityEventPublisher events, BulwarkProperties p) {
    return register(
        new CorsFilter(policy, events), CORS_ORDER, "cors", p.getCors().getUrlPatterns(), policy);
  }

  /**
   * The CSRF filter.
   *
   * @param policy the policy
   * @param events the events
   * @param p the properties
   * @return its registration
   */
  @Bean
  @ConditionalOnProperty(prefix = "bulwark.csrf", name = "enabled", matchIfMissing = true)
  public FilterRegistrationBean<CsrfFilter> bulwarkCsrfFilter(
      CsrfPolicy policy, SecurityEventPublisher events, BulwarkProperties p) {
    return register(
        new CsrfFilter(policy, events), CSRF_ORDER, "csrf", p.getCsrf().getUrlPatterns(), policy);
  }

  /**
   * The request-limits filter.
   *
   * @param policy the policy
   * @param events the events
   * @param p the properties
   * @return its registration
   */
  @Bean
  @ConditionalOnProperty(prefix = "bulwark.request-limits", name = "enabled", matchIfMissing = true)
  public FilterRegistrationBean<RequestLimitsFilter> bulwarkRequestLimitsFilter(
      RequestLimitsPolicy policy, SecurityEventPublisher events, BulwarkProperties p) {
    return register(
        new RequestLimitsFilter(policy, events),
        REQUEST_LIMITS_ORDER,
        "request-limits",
        p.getRequestLimits().getUrlPatterns(),
        policy);
  }

  /**
   * The rate-limit filter.
   *
   * @param limiter the limiter
   * @param control the control, for its response headers and client resolution
   * @param p the properties
   * @return its registration
   */
  @Bean
  @ConditionalOnProperty(prefix = "bulwark.rate-limit", name = "enabled", matchIfMissing = true)
  public FilterRegistrationBean<RateLimitFilter> bulwarkRateLimitFilter(
      RateLimiter limiter, RateLimitControl control, BulwarkProperties p) {
    RateLimitFilter.Builder b = RateLimitFilter.builder(limiter).headers(control.headers());
    control.clientIpResolver().ifPresent(b::clientIpResolver);
    return register(
        b.build(), RATE_LIMIT_ORDER, "rate-limit", p.getRateLimit().getUrlPatterns(), control);
  }

  /**
   * Registers one of Bulwark's filters under the name {@code bulwark<FilterClass>}, logging what it
   * enforces.
   *
   * @param filter the filter
   * @param order its place in the chain
   * @param section its properties section, for the message
   * @param urlPatterns where it runs
   * @param policy what it enforces, for the start-up log
   * @param <F> the filter type
   * @return the registration
   * @throws ConfigurationException when the section's url-patterns are empty
   */
  static <F extends Filter> FilterRegistrationBean<F> register(
      F filter, int order, String section, List<String> urlPatterns, Object policy) {
    if (urlPatterns.isEmpty()) {
      throw new ConfigurationException(
          "'bulwark."
              + section
              + "': setting 'urlPatterns' is empty: give at least one pattern such as /*, or set"
              + " bulwark."
              + section
              + ".enabled=false to leave the filter out");
    }
    FilterRegistrationBean<F> registration =
        new BulwarkFilterRegistration<>(filter, section, policy);
    registration.setName("bulwark" + filter.getClass().getSimpleName());
    registration.setOrder(order);
    registration.setUrlPatterns(urlPatterns);
    LOG.info("Bulwark {} on {}: {}", filter.getClass().getSimpleName(), urlPatterns, policy);
    return registration;
  }
}
