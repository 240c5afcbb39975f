package dev.bulwark.spring.boot;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * The {@link BulwarkEndpoint}, when Spring Boot Actuator is on the class path and the endpoint is
 * available (enabled and exposed, as every actuator endpoint).
 */
@AutoConfiguration(after = {BulwarkAutoConfiguration.class, BulwarkJwtAutoConfiguration.class})
@ConditionalOnClass(ConditionalOnAvailableEndpoint.class)
@ConditionalOnBean(BulwarkProperties.class)
public class BulwarkEndpointAutoConfiguration {

  /** Created by Spring. */
  public BulwarkEndpointAutoConfiguration() {}

  /**
   * The endpoint.
   *
   * @param beans the bean factory
   * @return the endpoint
   */
  @Bean
  @ConditionalOnMissingBean
  @ConditionalOnAvailableEndpoint
  public BulwarkEndpoint bulwarkEndpoint(ListableBeanFactory beans) {
    return new BulwarkEndpoint(beans);
  }
}
