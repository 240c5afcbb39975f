package dev.bulwark.spring.boot.testapp;

import dev.bulwark.jwt.AuthenticatedUser;
import dev.bulwark.jwt.CredentialVerifier;
import dev.bulwark.jwt.servlet.BearerTokenFilter;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * An application as a user writes it with the starter: its controllers, its users, no Bulwark
 * wiring. {@code /page} is a Thymeleaf view that reads the CSP nonce. It lives in a package of its
 * own, as a user's application does: component scanning must not see the starter's classes.
 */
@SpringBootApplication
public class StarterApp {

  /** Alice's password (role USER). */
  public static final String ALICE_PASSWORD = "alice-password-for-tests";

  /** Root's password (roles USER and ADMIN). */
  public static final String ROOT_PASSWORD = "root-password-for-tests";

  /** Who the users are: the one thing the token endpoints need from the application. */
  @Bean
  CredentialVerifier users() {
    return (username, password) -> {
      String given = new String(password);
      if (username.equals("alice") && given.equals(ALICE_PASSWORD)) {
        return Optional.of(new AuthenticatedUser("alice", List.of("USER")));
      }
      if (username.equals("root") && given.equals(ROOT_PASSWORD)) {
        return Optional.of(new AuthenticatedUser("root", List.of("USER", "ADMIN")));
      }
      Arrays.fill(password, '\0');
      return Optional.empty();
    };
  }

  @Controller
  static class Pages {
    @GetMapping("/page")
    String page() {
      return "page";
    }
  }

  @RestController
  static class Api {
    @GetMapping("/api/me")
    Map<String, Object> me(HttpServletRequest request) {
      var token = BearerTokenFilter.verifiedToken(request).orElseThrow();
      return Map.of("subject", token.subject(), "roles", token.roles());
    }

    @GetMapping("/api/admin/stats")
    Map<String, Object> stats() {
      return Map.of("users", 2);
    }

    @GetMapping("/limited")
    String limited() {
      return "ok";
    }

    @PostMapping("/form")
    @ResponseBody
    String form() {
      return "accepted";
    }
  }
}
