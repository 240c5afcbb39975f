package dev.bulwark.ratelimit.servlet;

import dev.bulwark.ratelimit.BruteForceVerdict;
import dev.bulwark.web.ProblemDetail;
import dev.bulwark.web.servlet.ProblemResponses;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * Servlet answers for a {@link dev.bulwark.ratelimit.BruteForceGuard}. The client rejection and the
 * store outage have their own answers: a locked username must be answered by the login endpoint's
 * own wrong-password response, which this class deliberately does not offer.
 */
public final class BruteForceResponses {

  private BruteForceResponses() {}

  /**
   * Answers a {@link BruteForceVerdict.Action#REJECT_CLIENT} verdict: 429, {@code Retry-After} in
   * whole seconds (never 0) and a problem+json body that names no account.
   *
   * @param response the response, not yet committed
   * @param verdict the verdict
   * @throws IOException when writing fails
   * @throws IllegalArgumentException when the verdict is not {@code REJECT_CLIENT}
   */
  public static void sendClientRejected(HttpServletResponse response, BruteForceVerdict verdict)
      throws IOException {
    if (verdict.action() != BruteForceVerdict.Action.REJECT_CLIENT) {
      throw new IllegalArgumentException(
          "only REJECT_CLIENT has its own answer; a locked username must get the wrong-password"
              + " answer");
    }
    long seconds = verdict.retryAfterSeconds();
    response.setHeader("Retry-After", Long.toString(seconds));
    ProblemResponses.send(
        response,
        ProblemDetail.builder(429)
            .detail("Too many failed attempts from this client: retry in " + seconds + " seconds.")
            .build());
  }

  /**
   * Answers a {@link BruteForceVerdict.Action#UNAVAILABLE} verdict (the guard's store failed and
   * fails closed): 503, {@code Retry-After} in whole seconds (never 0) and a problem+json body that
   * names neither the account nor the failure.
   *
   * @param response the response, not yet committed
   * @param verdict the verdict
   * @throws IOException when writing fails
   * @throws IllegalArgumentException when the verdict is not {@code UNAVAILABLE}
   */
  public static void sendUnavailable(HttpServletResponse response, BruteForceVerdict verdict)
      throws IOException {
    if (verdict.action() != BruteForceVerdict.Action.UNAVAILABLE) {
      throw new IllegalArgumentException("only an UNAVAILABLE verdict is answered with 503");
    }
    response.setHeader("Retry-After", Long.toString(verdict.retryAfterSeconds()));
    ProblemResponses.send(
        response,
        ProblemDetail.builder(503)
            .detail("Sign-in is temporarily unavailable: retry shortly.")
            .build());
  }
}
