package dev.bulwark.examples.boot;

import dev.bulwark.headers.ContentSecurityPolicy;
import dev.bulwark.jwt.servlet.TokenPrincipal;
import jakarta.servlet.http.HttpServletRequest;
import java.security.Principal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.owasp.encoder.Encode;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The example's read endpoints. Authentication and roles were settled by {@code BearerTokenFilter}
 * before Spring MVC runs; controllers read them from the servlet request, as in any Jakarta
 * application.
 */
@RestController
class ApiController {

  private final UserDirectory users;

  ApiController(UserDirectory users) {
    this.users = users;
  }

  /** Liveness: no authentication, not rate limited (the rate limit covers {@code /api/*}). */
  @GetMapping("/health")
  ResponseEntity<Map<String, String>> health() {
    return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(Map.of("status", "UP"));
  }

  /** The bearer's subject and roles, from {@code getUserPrincipal()} and {@code isUserInRole()}. */
  @GetMapping("/api/me")
  Map<String, Object> me(Principal principal, HttpServletRequest request) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("sub", principal.getName());
    if (principal instanceof TokenPrincipal token) {
      body.put("roles", new TreeSet<>(token.token().roles()));
    }
    body.put("admin", request.isUserInRole("ADMIN"));
    body.put("authType", request.getAuthType());
    return body;
  }

  /** Role ADMIN only: the filter's role rule answers 403 problem+json to anyone else. */
  @GetMapping("/api/admin/users")
  Map<String, List<String>> users() {
    return Map.of("users", users.usernames());
  }

  /** A page whose inline script carries the request's CSP nonce. */
  @GetMapping(value = "/", produces = MediaType.TEXT_HTML_VALUE)
  String home(HttpServletRequest request) {
    Object nonce = request.getAttribute(ContentSecurityPolicy.NONCE_ATTRIBUTE);
    String n = Encode.forHtmlAttribute(nonce == null ? "" : nonce.toString());
    return "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"
        + "<title>Bulwark on Spring Boot</title></head><body>"
        + "<h1>Bulwark on Spring Boot</h1><p id=\"out\">script blocked</p>"
        + "<script nonce=\""
        + n
        + "\">document.getElementById('out').textContent = 'script ran with its nonce';</script>"
        + "</body></html>";
  }
}
