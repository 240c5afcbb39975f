package dev.bulwark.jwt.servlet;

import dev.bulwark.web.ConfigurationException;
import dev.bulwark.web.PathPattern;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A path pattern and an HTTP method that require one of a set of roles.
 *
 * <p>Patterns are servlet-style ({@link PathPattern}): an exact path ({@code /api/events}), a
 * prefix ending in {@code /*} ({@code /api/admin/*}, which also matches {@code /api/admin}), or
 * {@code /*} for everything. They are matched against the request's path inside the application
 * ({@code servletPath + pathInfo}, as decoded and normalised by the container). The method is an
 * exact method name or {@code *}. A {@code GET} rule also covers {@code HEAD}: a servlet container
 * answers {@code HEAD} by running the servlet's {@code doGet}, so a rule on {@code GET} alone would
 * let {@code HEAD} reach the same code without the role (and learn, from the status and {@code
 * Content-Length}, what it would have returned).
 *
 * <p>Text form, for {@code web.xml}: {@code [METHOD ]pattern=ROLE[|ROLE…]}, such as {@code GET
 * /api/events=ADMIN} or {@code /api/admin/*=ADMIN|OPS}. Immutable.
 */
public final class RoleRule {

  private static final Pattern METHOD = Pattern.compile("[A-Z]+|\\*");
  private static final Pattern ROLE = Pattern.compile("[A-Za-z0-9_.:-]+");

  private final String method;
  private final String pattern;
  private final PathPattern path;
  private final Set<String> roles;

  private RoleRule(String method, String pattern, Set<String> roles) {
    this.method = method;
    this.pattern = pattern;
    this.path = PathPattern.parse(pattern);
    this.roles = roles;
  }

  /**
   * A rule.
   *
   * @param method an HTTP method such as {@code GET}, or {@code *} for any
   * @param pattern an exact path, a prefix ending in {@code /*} (or {@code /**}, the same), or
   *     {@code /*}
   * @param anyOfRoles the roles, of which the user needs at least one
   * @return the rule
   * @throws ConfigurationException for a malformed method, pattern or role
   */
  public static RoleRule of(String method, String pattern, String... anyOfRoles) {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(pattern, "pattern");
    if (!METHOD.matcher(method).matches()) {
      throw new ConfigurationException(
          "role rule method '" + method + "' must be an upper-case HTTP method or *");
    }
    int star = pattern.indexOf('*');
    boolean wellFormed =
        star < 0
            || pattern.endsWith("/*") && star == pattern.length() - 1
            || pattern.endsWith("/**") && star == pattern.length() - 2;
    if (!pattern.startsWith("/") || !wellFormed) {
      throw new ConfigurationException(
          "role rule pattern '"
              + pattern
              + "' must be an exact path (/api/events) or a prefix ending in /* or /**"
              + " (/api/admin/*)");
    }
    if (anyOfRoles.length == 0) {
      throw new ConfigurationException("role rule for '" + pattern + "' names no role");
    }
    for (String r : anyOfRoles) {
      if (r == null || !ROLE.matcher(r).matches()) {
        throw new ConfigurationException(
            "role rule for '" + pattern + "': role '" + r + "' must be letters, digits, _ . : -");
      }
    }
    return new RoleRule(method, pattern, Set.of(anyOfRoles));
  }

  /**
   * Parses the text form {@code [METHOD ]pattern=ROLE[|ROLE…]}.
   *
   * @param text the rule
   * @return the rule
   * @throws ConfigurationException when the text is malformed
   */
  public static RoleRule parse(String text) {
    String t = text.trim();
    int eq = t.lastIndexOf('=');
    if (eq < 0) {
      throw new ConfigurationException(
          "role rule '" + t + "' has no '='; write it as GET /api/events=ADMIN");
    }
    String left = t.substring(0, eq).trim();
    String[] roles = t.substring(eq + 1).trim().split("\\|");
    int sp = left.indexOf(' ');
    String method = sp < 0 ? "*" : left.substring(0, sp).trim().toUpperCase(Locale.ROOT);
    String pattern = sp < 0 ? left : left.substring(sp + 1).trim();
    return of(method, pattern, roles);
  }

  /**
   * Parses rules separated by {@code ;} or new lines.
   *
   * @param text the rules
   * @return the rules in order
   */
  public static List<RoleRule> parseAll(String text) {
    return java.util.Arrays.stream(text.split("[;\\n]"))
        .map(String::trim)
        .filter(s -> !s.isEmpty())
        .map(RoleRule::parse)
        .toList();
  }

  /**
   * Whether this rule applies to a request.
   *
   * @param requestMethod the request method
   * @param path the path inside the application
   * @return true when method and pattern match
   */
  public boolean matches(String requestMethod, String path) {
    if (!method.equals("*")
        && !method.equals(requestMethod)
        && !(method.equals("GET") && requestMethod.equals("HEAD"))) {
      return false;
    }
    return this.path.matches(path);
  }

  /**
   * The roles, any one of which satisfies the rule.
   *
   * @return the roles
   */
  public Set<String> roles() {
    return roles;
  }

  /**
   * The method, or {@code *}.
   *
   * @return the method
   */
  public String method() {
    return method;
  }

  /**
   * The path pattern.
   *
   * @return the pattern
   */
  public String pattern() {
    return pattern;
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof RoleRule r
        && r.method.equals(method)
        && r.pattern.equals(pattern)
        && r.roles.equals(roles);
  }

  @Override
  public int hashCode() {
    return Objects.hash(method, pattern, roles);
  }

  @Override
  public String toString() {
    return method + " " + pattern + "=" + String.join("|", roles);
  }
}
