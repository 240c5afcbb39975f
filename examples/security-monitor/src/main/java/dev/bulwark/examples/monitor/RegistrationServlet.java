package dev.bulwark.examples.monitor;

import dev.bulwark.event.Outcome;
import dev.bulwark.event.SecurityEvent;
import dev.bulwark.event.SecurityEventPublisher;
import dev.bulwark.event.SecurityEventType;
import dev.bulwark.password.PasswordCheck;
import dev.bulwark.password.PasswordContext;
import dev.bulwark.password.PasswordHasher;
import dev.bulwark.password.PasswordHashingBusyException;
import dev.bulwark.password.PasswordPolicy;
import dev.bulwark.password.PasswordProblem;
import dev.bulwark.validation.Email;
import dev.bulwark.validation.InvalidRequestException;
import dev.bulwark.validation.JsonBodyReader;
import dev.bulwark.validation.Password;
import dev.bulwark.validation.Sensitive;
import dev.bulwark.validation.Username;
import dev.bulwark.validation.ValidationProblems;
import dev.bulwark.validation.servlet.JsonRequests;
import dev.bulwark.web.ProblemDetail;
import dev.bulwark.web.servlet.ProblemResponses;
import dev.bulwark.web.servlet.ServletClients;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.constraints.NotNull;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code POST /api/users}: registration with validation and the NIST password policy. */
final class RegistrationServlet extends HttpServlet {

  private static final long serialVersionUID = 1L;
  static final SecurityEventType VALIDATION_FAILED = SecurityEventType.of("validation.failed");
  static final SecurityEventType USER_REGISTERED = SecurityEventType.of("user.registered");

  /**
   * The request body; unknown properties are refused. {@code @Password} applies the policy's rules
   * that need no context, so one answer lists every problem; the context words (username, email)
   * are checked once the body is otherwise valid.
   */
  record NewUser(
      @NotNull @Username String username,
      @NotNull @Email String email,
      @NotNull @Sensitive @Password String password) {}

  private final transient UserDirectory directory;
  private final transient PasswordHasher hasher;
  private final transient PasswordPolicy policy;
  private final transient SecurityEventPublisher events;
  private final transient JsonBodyReader reader = JsonBodyReader.builder().maxBytes(4096).build();

  RegistrationServlet(
      UserDirectory directory,
      PasswordHasher hasher,
      PasswordPolicy policy,
      SecurityEventPublisher events) {
    this.directory = directory;
    this.hasher = hasher;
    this.policy = policy;
    this.events = events;
  }

  @Override
  protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    String client = ServletClients.resolve(req, null).address();
    NewUser body;
    try {
      body = JsonRequests.read(req, reader, NewUser.class);
    } catch (InvalidRequestException e) {
      rejected(client, null);
      ProblemResponses.send(resp, e.problem());
      return;
    }
    PasswordCheck check =
        policy.check(body.password(), PasswordContext.of(body.username(), body.email()));
    if (!check.accepted()) {
      rejected(client, body.username());
      List<Map<String, Object>> errors = new ArrayList<>();
      for (PasswordProblem p : check.problems()) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("pointer", "/password");
        m.put("detail", p.message());
        errors.add(m);
      }
      ProblemResponses.send(
          resp,
          ProblemDetail.builder(400)
              .type(ValidationProblems.TYPE)
              .title("Invalid request")
              .detail("The password is not acceptable.")
              .extension("errors", errors)
              .build());
      return;
    }
    boolean created;
    try {
      created =
          directory.create(
              new UserDirectory.Account(
                  body.username(), body.email(), hasher.hash(body.password()), List.of("USER")));
    } catch (StoreUnavailableException e) {
      Json.unavailable(resp, e.component());
      return;
    } catch (PasswordHashingBusyException e) {
      // every hashing slot is taken (a flood of logins or registrations): 503, not a 500
      Json.unavailable(resp, "password hashing");
      return;
    }
    if (!created) {
      ProblemResponses.send(
          resp,
          ProblemDetail.builder(409).detail("That username is taken; choose another.").build());
      return;
    }
    events.publish(
        SecurityEvent.builder(USER_REGISTERED, Outcome.SUCCESS)
            .client(client)
            .subject(body.username())
            .build());
    Json.write(resp, 201, Map.of("username", body.username(), "roles", List.of("USER")));
  }

  private void rejected(String client, String username) {
    events.publish(
        SecurityEvent.builder(VALIDATION_FAILED, Outcome.FAILURE)
            .client(client)
            .subject(username)
            .detail("endpoint", "/api/users")
            .build());
  }
}
