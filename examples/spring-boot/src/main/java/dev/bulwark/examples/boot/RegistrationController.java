package dev.bulwark.examples.boot;

import dev.bulwark.event.Outcome;
import dev.bulwark.event.SecurityEvent;
import dev.bulwark.event.SecurityEventPublisher;
import dev.bulwark.event.SecurityEventType;
import dev.bulwark.password.PasswordCheck;
import dev.bulwark.password.PasswordContext;
import dev.bulwark.password.PasswordHasher;
import dev.bulwark.password.PasswordPolicy;
import dev.bulwark.password.PasswordProblem;
import dev.bulwark.validation.Email;
import dev.bulwark.validation.InvalidRequestException;
import dev.bulwark.validation.JsonBodyReader;
import dev.bulwark.validation.Sensitive;
import dev.bulwark.validation.Username;
import dev.bulwark.validation.ValidationProblems;
import dev.bulwark.validation.servlet.JsonRequests;
import dev.bulwark.web.ProblemDetail;
import dev.bulwark.web.servlet.ServletClients;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.constraints.NotNull;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/users}: registration validated by Bulwark, not by Spring's data binder. The body
 * is read by {@link JsonRequests} (size and depth caps, unknown properties refused, Bulwark's
 * constraint annotations), so an invalid request becomes an {@link InvalidRequestException} whose
 * problem+json {@link ProblemExceptionHandler} sends as it is.
 */
@RestController
class RegistrationController {

  static final SecurityEventType USER_REGISTERED = SecurityEventType.of("user.registered");

  /**
   * The request body.
   *
   * @param username letters, digits and {@code . _ -}
   * @param email an address within RFC 5321's limits
   * @param password never echoed in an error
   */
  record NewUser(
      @NotNull @Username String username,
      @NotNull @Email String email,
      @NotNull @Sensitive String password) {}

  private final UserDirectory users;
  private final PasswordHasher hasher;
  private final PasswordPolicy policy;
  private final SecurityEventPublisher events;
  private final JsonBodyReader reader = JsonBodyReader.builder().maxBytes(4096).build();

  RegistrationController(
      UserDirectory users,
      PasswordHasher hasher,
      PasswordPolicy policy,
      SecurityEventPublisher events) {
    this.users = users;
    this.hasher = hasher;
    this.policy = policy;
    this.events = events;
  }

  @PostMapping("/api/users")
  ResponseEntity<Map<String, Object>> register(HttpServletRequest request)
      throws InvalidRequestException, IOException {
    NewUser body = JsonRequests.read(request, reader, NewUser.class);
    PasswordCheck check =
        policy.check(body.password(), PasswordContext.of(body.username(), body.email()));
    if (!check.accepted()) {
      List<Map<String, Object>> errors = new ArrayList<>();
      for (PasswordProblem p : check.problems()) {
        errors.add(Map.of("pointer", "/password", "detail", p.message()));
      }
      throw new InvalidRequestException(
          ProblemDetail.builder(400)
              .type(ValidationProblems.TYPE)
              .title("Invalid request")
              .detail("The password is not acceptable.")
              .extension("errors", errors)
              .build());
    }
    boolean created =
        users.create(
            new UserDirectory.Account(
                body.username(), body.email(), hasher.hash(body.password()), List.of("USER")));
    if (!created) {
      throw new InvalidRequestException(
          ProblemDetail.builder(409).detail("That username is taken; choose another.").build());
    }
    events.publish(
        SecurityEvent.builder(USER_REGISTERED, Outcome.SUCCESS)
            .client(ServletClients.resolve(request, null).address())
            .subject(body.username())
            .build());
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("username", body.username());
    out.put("roles", List.of("USER"));
    return ResponseEntity.created(URI.create("/api/users/" + body.username())).body(out);
  }
}
