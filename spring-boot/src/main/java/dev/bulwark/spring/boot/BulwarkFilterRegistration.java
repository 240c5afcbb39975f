package dev.bulwark.spring.boot;

import jakarta.servlet.Filter;
import org.springframework.boot.web.servlet.FilterRegistrationBean;

/**
 * The registration of one of Bulwark's filters, which also knows what the filter enforces: the
 * policy whose {@code toString()} lists its effective settings (secrets redacted), read by the
 * {@code bulwark} actuator endpoint each time it is asked, so a reloaded key ring shows as it is.
 *
 * @param <F> the filter type
 */
final class BulwarkFilterRegistration<F extends Filter> extends FilterRegistrationBean<F> {

  private final String filterType;
  private final String section;
  private final Object policy;

  BulwarkFilterRegistration(F filter, String section, Object policy) {
    super(filter);
    this.filterType = filter.getClass().getSimpleName();
    this.section = section;
    this.policy = policy;
  }

  /** The filter's simple class name, such as {@code CorsFilter}. */
  String filterType() {
    return filterType;
  }

  /** The {@code bulwark.*} section that configures the filter, such as {@code cors}. */
  String section() {
    return section;
  }

  /** What the filter enforces. */
  Object policy() {
    return policy;
  }
}
