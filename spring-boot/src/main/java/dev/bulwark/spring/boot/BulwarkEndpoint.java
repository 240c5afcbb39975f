package dev.bulwark.spring.boot;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.web.servlet.FilterRegistrationBean;

/**
 * The {@code bulwark} actuator endpoint ({@code GET /actuator/bulwark} once exposed with {@code
 * management.endpoints.web.exposure.include=bulwark}): every active Bulwark control in the order
 * the requests meet them, with its URL patterns and its effective settings as the policy describes
 * itself (secrets are redacted by the policies, relaxations named).
 *
 * <pre>{@code
 * {"controls":[{"filter":"ClientIpFilter","section":"client-ip","order":-2147483638,
 *   "urlPatterns":["/*"],"settings":"ClientIpResolver[trustedProxies=[], ...]"}, ...]}
 * }</pre>
 *
 * <p>A control the application configured itself (its own filter registration) is not listed: only
 * what the starter installed. Like {@code env} and {@code configprops}, expose it to operators
 * only, for example behind the bearer filter with a role: {@code
 * bulwark.jwt.url-patterns=/api/*,/actuator/*} and {@code bulwark.jwt.roles[/actuator/**]=ADMIN}.
 */
@Endpoint(id = "bulwark")
public class BulwarkEndpoint {

  private final ListableBeanFactory beans;

  /**
   * Creates the endpoint.
   *
   * @param beans where the starter's filter registrations are found
   */
  public BulwarkEndpoint(ListableBeanFactory beans) {
    this.beans = beans;
  }

  /**
   * The active controls, first to last.
   *
   * @return {@code {"controls":[{filter, section, order, urlPatterns, settings}, …]}}
   */
  @ReadOperation
  public Map<String, Object> controls() {
    List<BulwarkFilterRegistration<?>> registrations = new ArrayList<>();
    for (FilterRegistrationBean<?> r :
        beans.getBeansOfType(FilterRegistrationBean.class).values()) {
      if (r instanceof BulwarkFilterRegistration<?> b && b.isEnabled()) {
        registrations.add(b);
      }
    }
    registrations.sort(Comparator.comparingInt(FilterRegistrationBean::getOrder));
    List<Map<String, Object>> controls = new ArrayList<>();
    for (BulwarkFilterRegistration<?> r : registrations) {
      Map<String, Object> c = new LinkedHashMap<>();
      c.put("filter", r.filterType());
      c.put("section", r.section());
      c.put("order", r.getOrder());
      c.put("urlPatterns", List.copyOf(r.getUrlPatterns()));
      c.put("settings", String.valueOf(r.policy()));
      controls.add(c);
    }
    return Map.of("controls", controls);
  }
}
