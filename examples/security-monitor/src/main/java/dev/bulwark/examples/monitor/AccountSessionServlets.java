package dev.bulwark.examples.monitor;

import dev.bulwark.jwt.Session;
import dev.bulwark.jwt.SessionEndReason;
import dev.bulwark.jwt.TokenService;
import dev.bulwark.jwt.TokenStoreException;
import dev.bulwark.jwt.VerifiedAccessToken;
import dev.bulwark.jwt.servlet.BearerTokenFilter;
import dev.bulwark.password.PasswordCheck;
import dev.bulwark.password.PasswordContext;
import dev.bulwark.password.PasswordHasher;
import dev.bulwark.password.PasswordHashingBusyException;
import dev.bulwark.password.PasswordPolicy;
import dev.bulwark.password.PasswordProblem;
import dev.bulwark.validation.InvalidRequestException;
import dev.bulwark.validation.JsonBodyReader;
import dev.bulwark.validation.Sensitive;
import dev.bulwark.validation.ValidationProblems;
import dev.bulwark.validation.servlet.JsonRequests;
import dev.bulwark.web.ProblemDetail;
import dev.bulwark.web.servlet.ProblemResponses;
import dev.bulwark.web.servlet.ServletClients;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The signed-in user's sessions and password (behind the bearer filter), and the admin's "end all
 * sessions of user X" (behind the bearer filter and the ADMIN role rule):
 *
 * <ul>
 *   <li>{@code GET /api/account/sessions} → {@code [{"id","created_at","last_used_at","client",
 *       "user_agent","current"}]};
 *   <li>{@code DELETE /api/account/sessions/{id}} → 204, or 404 for an id that is not one of the
 *       user's live sessions;
 *   <li>{@code POST /api/account/sessions/revoke-others} → 204;
 *   <li>{@code POST /api/account/password} with {@code {"current_password","new_password"}} → 204,
 *       every other session ended; 403 for a wrong current password, 400 for a refused new one;
 *   <li>{@code DELETE /api/admin/users/{username}/sessions} → 204.
 * </ul>
 */
final class AccountSessionServlets {

  private AccountSessionServlets() {}

  /** {@code /api/account/sessions} and {@code /api/account/sessions/*}. */
  static final class Sessions extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private final transient TokenService tokens;

    Sessions(TokenService tokens) {
      this.tokens = tokens;
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
      VerifiedAccessToken token = BearerTokenFilter.verifiedToken(req).orElseThrow();
      if (req.getPathInfo() != null && !"/".equals(req.getPathInfo())) {
        notFound(resp);
        return;
      }
      List<Session> sessions;
      try {
        sessions = tokens.sessions(token.subject());
      } catch (TokenStoreException e) {
        Json.unavailable(resp, "session store");
        return;
      }
      List<Map<String, Object>> out = new ArrayList<>();
      for (Session s : sessions) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", s.id());
        m.put("created_at", s.createdAt().toString());
        m.put("last_used_at", s.lastUsedAt().toString());
        m.put("client", s.client().address());
        m.put("user_agent", s.client().userAgent());
        m.put("current", s.id().equals(token.sessionId()));
        out.add(m);
      }
      resp.setHeader("Cache-Control", "no-store");
      Json.write(resp, 200, out);
    }

    @Override
    protected void doDelete(HttpServletRequest req, HttpServletResponse resp) throws IOException {
      VerifiedAccessToken token = BearerTokenFilter.verifiedToken(req).orElseThrow();
      String id = req.getPathInfo() == null ? "" : req.getPathInfo().substring(1);
      if (id.isEmpty() || id.length() > 64 || id.contains("/")) {
        notFound(resp);
        return;
      }
      try {
        if (!tokens.endSession(token.subject(), id, SessionEndReason.USER, client(req))) {
          notFound(resp);
          return;
        }
      } catch (TokenStoreException e) {
        Json.unavailable(resp, "session store");
        return;
      }
      resp.setStatus(204);
    }

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
      VerifiedAccessToken token = BearerTokenFilter.verifiedToken(req).orElseThrow();
      if (!"/revoke-others".equals(req.getPathInfo())) {
        notFound(resp);
        return;
      }
      try {
        tokens.endOtherSessions(token, SessionEndReason.USER, client(req));
      } catch (TokenStoreException e) {
        Json.unavailable(resp, "session store");
        return;
      }
      resp.setStatus(204);
    }
  }

  /** The password change body; unknown properties are refused. */
  record PasswordChange(
      @NotNull @Sensitive @Size(min = 1, max = 1024) String current_password,
      @NotNull @Sensitive @Size(min = 1, max = 1024) String new_password) {}

  /** {@code POST /api/account/password}. */
  static final class Password extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private final transient TokenService tokens;
    private final transient UserDirectory directory;
    private final transient PasswordHasher hasher;
    private final transient PasswordPolicy policy;
    private final transient JsonBodyReader reader = JsonBodyReader.builder().maxBytes(4096).build();

    Password(
        TokenService tokens,
        UserDirectory directory,
        PasswordHasher hasher,
        PasswordPolicy policy) {
      this.tokens = tokens;
      this.directory = directory;
      this.hasher = hasher;
      this.policy = policy;
    }

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
      VerifiedAccessToken token = BearerTokenFilter.verifiedToken(req).orElseThrow();
      PasswordChange body;
      try {
        body = JsonRequests.read(req, reader, PasswordChange.class);
      } catch (InvalidRequestException e) {
        ProblemResponses.send(resp, e.problem());
        return;
      }
      try {
        Optional<UserDirectory.Account> account = directory.find(token.subject());
        // an unknown account costs the same hash as a known one
        boolean matched =
            hasher
                .verify(
                    body.current_password(),
                    account.map(UserDirectory.Account::passwordHash).orElse(null))
                .matched();
        if (account.isEmpty() || !matched) {
          ProblemResponses.send(
              resp, ProblemDetail.builder(403).detail("The current password is wrong.").build());
          return;
        }
        PasswordCheck check =
            policy.check(
                body.new_password(),
                PasswordContext.of(account.get().username(), account.get().email()));
        if (!check.accepted()) {
          List<Map<String, Object>> errors = new ArrayList<>();
          for (PasswordProblem p : check.problems()) {
            errors.add(Map.of("pointer", "/new_password", "detail", p.message()));
          }
          ProblemResponses.send(
              resp,
              ProblemDetail.builder(400)
                  .type(ValidationProblems.TYPE)
                  .title("Invalid request")
                  .detail("The new password is not acceptable.")
                  .extension("errors", errors)
                  .build());
          return;
        }
        directory.updateHash(account.get().username(), hasher.hash(body.new_password()));
        tokens.passwordChanged(token, client(req));
      } catch (StoreUnavailableException e) {
        Json.unavailable(resp, e.component());
        return;
      } catch (TokenStoreException e) {
        Json.unavailable(resp, "session store");
        return;
      } catch (PasswordHashingBusyException e) {
        Json.unavailable(resp, "password hashing");
        return;
      }
      resp.setStatus(204);
    }
  }

  /** {@code DELETE /api/admin/users/{username}/sessions} (ADMIN by the role rule). */
  static final class AdminSessions extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private final transient TokenService tokens;
    private final transient UserDirectory directory;

    AdminSessions(TokenService tokens, UserDirectory directory) {
      this.tokens = tokens;
      this.directory = directory;
    }

    @Override
    protected void doDelete(HttpServletRequest req, HttpServletResponse resp) throws IOException {
      String path = req.getPathInfo() == null ? "" : req.getPathInfo();
      String[] parts = path.split("/", -1);
      if (parts.length != 3 || !parts[0].isEmpty() || !"sessions".equals(parts[2])) {
        notFound(resp);
        return;
      }
      try {
        Optional<UserDirectory.Account> account =
            parts[1].length() > 64 ? Optional.empty() : directory.find(parts[1]);
        if (account.isEmpty()) {
          notFound(resp);
          return;
        }
        tokens.endAllSessions(account.get().username(), SessionEndReason.ADMIN, client(req));
      } catch (StoreUnavailableException e) {
        Json.unavailable(resp, e.component());
        return;
      } catch (TokenStoreException e) {
        Json.unavailable(resp, "session store");
        return;
      }
      resp.setStatus(204);
    }
  }

  private static String client(HttpServletRequest req) {
    return ServletClients.resolve(req, null).address();
  }

  private static void notFound(HttpServletResponse resp) throws IOException {
    ProblemResponses.send(resp, ProblemDetail.builder(404).detail("No such session.").build());
  }
}
