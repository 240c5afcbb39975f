package dev.bulwark.examples.monitor;

import dev.bulwark.event.Outcome;
import dev.bulwark.event.SecurityEvent;
import dev.bulwark.event.SecurityEventPublisher;
import dev.bulwark.event.SecurityEventType;
import dev.bulwark.jwt.TokenService;
import dev.bulwark.jwt.TokenStoreException;
import dev.bulwark.jwt.VerifiedAccessToken;
import dev.bulwark.jwt.servlet.BearerTokenFilter;
import dev.bulwark.mfa.MfaException;
import dev.bulwark.mfa.TotpAuthenticator;
import dev.bulwark.mfa.TotpEnrollment;
import dev.bulwark.password.PasswordHashingBusyException;
import dev.bulwark.validation.InvalidRequestException;
import dev.bulwark.validation.JsonBodyReader;
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
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * TOTP enrolment for the signed-in user (behind the bearer filter): {@code POST
 * /api/account/mfa/totp} starts it and answers {@code {"otpauth_uri","qr_png"}}; {@code POST
 * /api/account/mfa/totp/confirm} with {@code {"code"}} confirms it with the first code the app
 * shows and answers {@code {"recovery_codes":[…]}}, shown once.
 */
final class TotpEnrollmentServlets {

  private static final Logger LOG = LoggerFactory.getLogger(TotpEnrollmentServlets.class);

  static final SecurityEventType ENROLLMENT_STARTED =
      SecurityEventType.of("mfa.enrollment.started");
  static final SecurityEventType ENROLLMENT_CONFIRMED =
      SecurityEventType.of("mfa.enrollment.confirmed");
  static final SecurityEventType ENROLLMENT_FAILED = SecurityEventType.of("mfa.enrollment.failed");

  private TotpEnrollmentServlets() {}

  /** The confirmation body; unknown properties are refused. */
  record Confirmation(@NotNull @Size(min = 1, max = 64) String code) {}

  /** {@code POST /api/account/mfa/totp}. */
  static final class Start extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private final transient TotpAuthenticator totp;
    private final transient UserDirectory directory;
    private final transient SecurityEventPublisher events;

    Start(TotpAuthenticator totp, UserDirectory directory, SecurityEventPublisher events) {
      this.totp = totp;
      this.directory = directory;
      this.events = events;
    }

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
      VerifiedAccessToken token = BearerTokenFilter.verifiedToken(req).orElseThrow();
      TotpEnrollment e;
      try {
        String account =
            directory
                .find(token.subject())
                .map(UserDirectory.Account::email)
                .orElse(token.subject());
        e = totp.startEnrollment(token.subject(), account);
      } catch (StoreUnavailableException ex) {
        Json.unavailable(resp, ex.component());
        return;
      } catch (MfaException ex) {
        LOG.warn("TOTP enrolment could not start: {}", ex.getMessage(), ex);
        Json.unavailable(resp, "second-factor store");
        return;
      }
      events.publish(
          SecurityEvent.builder(ENROLLMENT_STARTED, Outcome.SUCCESS)
              .client(ServletClients.resolve(req, null).address())
              .subject(token.subject())
              .build());
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("otpauth_uri", e.otpauthUri());
      body.put("qr_png", Base64.getEncoder().encodeToString(e.qrPng()));
      // the URI holds the secret: no cache may keep it
      resp.setHeader("Cache-Control", "no-store");
      Json.write(resp, 200, body);
    }
  }

  /** {@code POST /api/account/mfa/totp/confirm}. */
  static final class Confirm extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private final transient TotpAuthenticator totp;
    private final transient TokenService tokens;
    private final transient SecurityEventPublisher events;
    private final transient JsonBodyReader reader = JsonBodyReader.builder().maxBytes(1024).build();

    Confirm(TotpAuthenticator totp, TokenService tokens, SecurityEventPublisher events) {
      this.totp = totp;
      this.tokens = tokens;
      this.events = events;
    }

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
      VerifiedAccessToken token = BearerTokenFilter.verifiedToken(req).orElseThrow();
      String client = ServletClients.resolve(req, null).address();
      Confirmation body;
      try {
        body = JsonRequests.read(req, reader, Confirmation.class);
      } catch (InvalidRequestException e) {
        ProblemResponses.send(resp, e.problem());
        return;
      }
      Optional<List<String>> codes;
      try {
        codes = totp.confirmEnrollment(token.subject(), body.code());
      } catch (MfaException e) {
        LOG.warn("TOTP enrolment could not be confirmed: {}", e.getMessage(), e);
        Json.unavailable(resp, "second-factor store");
        return;
      } catch (PasswordHashingBusyException e) {
        Json.unavailable(resp, "password hashing");
        return;
      }
      if (codes.isEmpty()) {
        events.publish(
            SecurityEvent.builder(ENROLLMENT_FAILED, Outcome.FAILURE)
                .client(client)
                .subject(token.subject())
                .build());
        ProblemResponses.send(
            resp,
            ProblemDetail.builder(400)
                .detail(
                    "The code is incorrect, or no set-up is pending; start again if the code"
                        + " keeps failing.")
                .build());
        return;
      }
      events.publish(
          SecurityEvent.builder(ENROLLMENT_CONFIRMED, Outcome.SUCCESS)
              .client(client)
              .subject(token.subject())
              .build());
      try {
        // DESIGN: an MFA enrolment ends the user's other sessions; this one stays
        tokens.secondFactorChanged(token, client);
      } catch (TokenStoreException e) {
        // the enrolment stands and its recovery codes are shown only now: answer them, and say in
        // the log that the other sessions could not be ended (the user can end them on the
        // account page)
        events.publish(
            SecurityEvent.builder(ENROLLMENT_CONFIRMED, Outcome.ERROR)
                .client(client)
                .subject(token.subject())
                .detail("other_sessions", "not_ended")
                .build());
      }
      resp.setHeader("Cache-Control", "no-store");
      Json.write(resp, 200, Map.of("recovery_codes", codes.get()));
    }
  }
}
