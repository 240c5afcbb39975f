package dev.bulwark.jwt.servlet;

import dev.bulwark.event.Outcome;
import dev.bulwark.event.SecurityEvent;
import dev.bulwark.jwt.AccessTokenDenylist;
import dev.bulwark.jwt.AccessTokenVerifier;
import dev.bulwark.jwt.InvalidTokenException;
import dev.bulwark.jwt.JwtEvents;
import dev.bulwark.jwt.RejectionReason;
import dev.bulwark.jwt.VerifiedAccessToken;
import dev.bulwark.web.ProblemDetail;
import dev.bulwark.web.servlet.FilterParams;
import dev.bulwark.web.servlet.ProblemResponses;
import dev.bulwark.web.servlet.ServletClients;
import dev.bulwark.web.servlet.ServletPaths;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * RFC 6750 bearer-token authentication and role rules, as a servlet filter.
 *
 * <p>Per request:
 *
 * <ol>
 *   <li>Exactly one {@code Authorization: Bearer <token>} header is read. Two {@code Authorization}
 *       headers, or an {@code access_token} in the query string or a form body, are refused with
 *       400 and {@code error="invalid_request"} (tokens in URLs end up in logs and caches).
 *   <li>No token: 401 with {@code WWW-Authenticate: Bearer realm="…"}, unless the policy
 *       {@linkplain BearerTokenPolicy.Builder#allowAnonymous() allows anonymous} requests.
 *   <li>A token that the {@link AccessTokenVerifier} refuses: 401 with {@code
 *       error="invalid_token"} and a problem+json body that does not say why; the precise {@link
 *       RejectionReason} goes to a {@code token.rejected} event. A denylist that cannot answer: 503
 *       with {@code Retry-After}.
 *   <li>A valid token: the request is wrapped so that {@code getUserPrincipal()} (a {@link
 *       TokenPrincipal}), {@code getRemoteUser()}, {@code isUserInRole()} and {@code getAuthType()}
 *       ({@code "Bearer"}) answer from the token, and {@link #ATTRIBUTE} holds the {@link
 *       VerifiedAccessToken}.
 *   <li>The first matching {@link RoleRule} decides: a user without any of its roles gets 403
 *       problem+json; an anonymous request gets 401.
 *   <li>The first matching {@link StepUpRule} decides (RFC 9470): a token whose {@code amr} lacks
 *       every required factor, or whose {@code auth_time} is older than the rule's maximum age (or
 *       absent), gets 401 with {@code WWW-Authenticate: Bearer realm="…",
 *       error="insufficient_user_authentication", error_description="…", max_age=…} and a
 *       problem+json body ({@code error}, {@code required_factors}, {@code max_age}); the client
 *       signs in again, with its second factor, and repeats the request. {@code acr_values} is not
 *       sent: Bulwark's tokens state methods ({@code amr}), not assurance levels ({@code acr}).
 * </ol>
 *
 * <p>In code: {@code new BearerTokenFilter(policy)}. In {@code web.xml}, the no-arg constructor
 * hands its init-params to {@link BearerTokenSettings#fromSettings(dev.bulwark.web.Settings,
 * java.util.function.Function)}, which lists the names and values ({@code keysFile}, {@code
 * issuer}, {@code audience}, {@code roleRules}, {@code keysReloadInterval}…); an unknown or invalid
 * one stops start-up.
 *
 * <p><b>Revocation in web.xml.</b> Init-params cannot carry an object, so the denylist that logout
 * writes to is shared through the {@link jakarta.servlet.ServletContext}: {@code denylistAttribute}
 * names a context attribute holding the {@link AccessTokenDenylist} that the app's {@link
 * dev.bulwark.jwt.TokenService} uses. Set it before filters start, in a {@code
 * ServletContextListener}:
 *
 * <pre>{@code
 * public void contextInitialized(ServletContextEvent sce) {
 *   sce.getServletContext().setAttribute("bulwark.denylist", denylist); // also given to TokenService
 * }
 * }</pre>
 *
 * <p>A named attribute that is missing, or holds something else, stops start-up. Without {@code
 * denylistAttribute} the filter warns at start-up that tokens revoked by a logout stay valid until
 * they expire (right only for a resource server whose tokens are never revoked). With {@code
 * keysReloadInterval}, {@link #destroy()} stops the {@link dev.bulwark.jwt.KeySetFileReloader}.
 */
public final class BearerTokenFilter implements Filter {

  /** The request attribute holding the {@link VerifiedAccessToken}. */
  public static final String ATTRIBUTE = VerifiedAccessToken.class.getName();

  private @Nullable BearerTokenPolicy policy;
  private String challenge = "";
  private @Nullable BearerTokenSettings settings;

  /** For {@code web.xml}: the policy is read from init-params in {@link #init}. */
  public BearerTokenFilter() {}

  /**
   * A filter with a policy built in code; init-params are then not read.
   *
   * @param policy the policy
   */
  public BearerTokenFilter(BearerTokenPolicy policy) {
    this.policy = java.util.Objects.requireNonNull(policy, "policy");
    this.challenge = "Bearer realm=\"" + policy.realm() + "\"";
  }

  /**
   * The verified token of a request that passed this filter.
   *
   * @param request the request
   * @return the token, or empty for an anonymous request
   */
  public static Optional<VerifiedAccessToken> verifiedToken(HttpServletRequest request) {
    return request.getAttribute(ATTRIBUTE) instanceof VerifiedAccessToken t
        ? Optional.of(t)
        : Optional.empty();
  }

  @Override
  public void init(FilterConfig config) throws ServletException {
    if (policy != null) {
      FilterParams.refuseWhenConfiguredInCode(config, "a policy");
      return;
    }
    BearerTokenSettings built =
        FilterParams.fromSettings(
            config,
            s ->
                BearerTokenSettings.fromSettings(
                    // looked up only when denylistAttribute is set
                    s, name -> config.getServletContext().getAttribute(name)));
    settings = built;
    policy = built.policy();
    challenge = "Bearer realm=\"" + built.policy().realm() + "\"";
  }

  @Override
  public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
      throws IOException, ServletException {
    BearerTokenPolicy p = FilterParams.initialised(policy, "BearerTokenFilter");
    HttpServletRequest request = (HttpServletRequest) req;
    HttpServletResponse response = (HttpServletResponse) res;
    BearerCredentials credentials = BearerCredentials.of(request);
    VerifiedAccessToken token = null;
    switch (credentials.kind) {
      case INVALID_REQUEST -> {
        reject(p, request, null, "invalid_request");
        response.setHeader("WWW-Authenticate", challenge + ", error=\"invalid_request\"");
        ProblemResponses.send(
            response,
            ProblemDetail.builder(400)
                .detail("Send exactly one access token, in one Authorization: Bearer header.")
                .build());
        return;
      }
      case MALFORMED -> {
        reject(p, request, RejectionReason.MALFORMED, null);
        invalidToken(response);
        return;
      }
      case TOKEN -> {
        try {
          token = p.verifier().verify(credentials.token);
        } catch (InvalidTokenException e) {
          reject(p, request, e.reason(), null);
          if (e.reason() == RejectionReason.STORE_UNAVAILABLE) {
            response.setHeader("Retry-After", "5");
            ProblemResponses.send(
                response,
                ProblemDetail.builder(503)
                    .detail("The token cannot be checked right now; try again shortly.")
                    .build());
          } else {
            invalidToken(response);
          }
          return;
        }
      }
      default -> {
        if (!p.allowsAnonymous()) {
          response.setHeader("WWW-Authenticate", challenge);
          ProblemResponses.send(
              response,
              ProblemDetail.builder(401)
                  .detail("This resource needs a bearer access token.")
                  .build());
          return;
        }
      }
    }
    String path = ServletPaths.pathOf(request);
    for (RoleRule rule : p.rules()) {
      if (rule.matches(request.getMethod(), path)) {
        if (token == null) {
          response.setHeader("WWW-Authenticate", challenge);
          ProblemResponses.send(
              response,
              ProblemDetail.builder(401)
                  .detail("This resource needs a bearer access token.")
                  .build());
          return;
        }
        boolean allowed = false;
        for (String role : rule.roles()) {
          allowed |= token.roles().contains(role);
        }
        if (!allowed) {
          p.events()
              .publish(
                  SecurityEvent.builder(JwtEvents.ACCESS_DENIED, Outcome.DENIED)
                      .client(ServletClients.resolve(request, null).address())
                      .subject(token.subject())
                      .detail("method", request.getMethod())
                      .detail("path", path)
                      .build());
          ProblemResponses.send(
              response,
              ProblemDetail.builder(403).detail("Your roles do not allow this request.").build());
          return;
        }
        break;
      }
    }
    if (token == null) {
      for (StepUpRule rule : p.stepUpRules()) {
        if (rule.matches(request.getMethod(), path)) {
          response.setHeader("WWW-Authenticate", challenge);
          ProblemResponses.send(
              response,
              ProblemDetail.builder(401)
                  .detail("This resource needs a bearer access token.")
                  .build());
          return;
        }
      }
      chain.doFilter(request, response);
      return;
    }
    Optional<StepUpRule> stepUp = p.unsatisfiedStepUp(request.getMethod(), path, token);
    if (stepUp.isPresent()) {
      insufficientAuthentication(p, request, response, token, path, stepUp.get());
      return;
    }
    request.setAttribute(ATTRIBUTE, token);
    chain.doFilter(new BearerRequest(request, token), response);
  }

  /** RFC 9470 §3: the token is valid but its sign-in is too weak or too old for this resource. */
  private void insufficientAuthentication(
      BearerTokenPolicy p,
      HttpServletRequest request,
      HttpServletResponse response,
      VerifiedAccessToken token,
      String path,
      StepUpRule rule)
      throws IOException {
    p.events()
        .publish(
            SecurityEvent.builder(JwtEvents.STEP_UP_REQUIRED, Outcome.DENIED)
                .client(ServletClients.resolve(request, null).address())
                .subject(token.subject())
                .detail("method", request.getMethod())
                .detail("path", path)
                .detail("rule", rule.toString())
                .build());
    String description = rule.description();
    StringBuilder header =
        new StringBuilder(challenge)
            .append(", error=\"insufficient_user_authentication\", error_description=\"")
            .append(description)
            .append('"');
    rule.maxAge().ifPresent(age -> header.append(", max_age=").append(age.getSeconds()));
    response.setHeader("WWW-Authenticate", header.toString());
    ProblemDetail.Builder problem =
        ProblemDetail.builder(401)
            .detail(description)
            .extension("error", "insufficient_user_authentication");
    if (!rule.factors().isEmpty()) {
      problem.extension("required_factors", rule.factors().stream().sorted().toList());
    }
    if (rule.maxAge().isPresent()) {
      problem.extension("max_age", rule.maxAge().get().getSeconds());
    }
    ProblemResponses.send(response, problem.build());
  }

  private void invalidToken(HttpServletResponse response) throws IOException {
    response.setHeader(
        "WWW-Authenticate",
        challenge
            + ", error=\"invalid_token\", error_description=\"The access token is invalid or"
            + " expired\"");
    ProblemResponses.send(
        response,
        ProblemDetail.builder(401).detail("The access token is invalid or expired.").build());
  }

  private static void reject(
      BearerTokenPolicy p,
      HttpServletRequest request,
      @Nullable RejectionReason reason,
      @Nullable String error) {
    p.events()
        .publish(
            SecurityEvent.builder(
                    JwtEvents.TOKEN_REJECTED,
                    reason == RejectionReason.STORE_UNAVAILABLE ? Outcome.ERROR : Outcome.FAILURE)
                .client(ServletClients.resolve(request, null).address())
                .detail("reason", reason != null ? reason.name() : error)
                .build());
  }

  /**
   * The policy in force (every effective setting, keys by id only), or that {@code init} has not
   * run yet.
   */
  @Override
  public String toString() {
    BearerTokenPolicy p = policy;
    return "BearerTokenFilter[" + (p == null ? "not initialised" : p) + "]";
  }

  @Override
  public void destroy() {
    BearerTokenSettings s = settings;
    if (s != null) {
      s.close();
    }
  }
}
