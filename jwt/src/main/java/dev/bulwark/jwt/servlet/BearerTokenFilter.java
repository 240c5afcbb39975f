package dev.bulwark.jwt.servlet;

import dev.bulwark.encoding.LogSafe;
import dev.bulwark.event.Outcome;
import dev.bulwark.event.SecurityEvent;
import dev.bulwark.event.SecurityEventPublisher;
import dev.bulwark.jwt.AccessTokenDenylist;
import dev.bulwark.jwt.AccessTokenVerifier;
import dev.bulwark.jwt.InvalidTokenException;
import dev.bulwark.jwt.JwtEvents;
import dev.bulwark.jwt.KeyRing;
import dev.bulwark.jwt.KeySet;
import dev.bulwark.jwt.KeySetFileReloader;
import dev.bulwark.jwt.RejectionReason;
import dev.bulwark.jwt.VerifiedAccessToken;
import dev.bulwark.web.ConfigurationException;
import dev.bulwark.web.InitParamBinder;
import dev.bulwark.web.ProblemDetail;
import dev.bulwark.web.servlet.FilterParams;
import dev.bulwark.web.servlet.ProblemResponses;
import dev.bulwark.web.servlet.ServletClients;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
 * </ol>
 *
 * <p>In code: {@code new BearerTokenFilter(policy)}. In {@code web.xml}, the no-arg constructor
 * reads these init-params (an unknown or invalid one stops start-up): {@code keysFile} (JWK set,
 * required), {@code issuer} and {@code audience} (required), {@code realm}, {@code rolesClaim},
 * {@code clockSkew}, {@code maxTokenLength}, {@code allowAnonymous}, {@code allowTypeJwt}, {@code
 * roleRules} ({@code GET /api/events=ADMIN; /api/admin/*=ADMIN|OPS}), {@code denylistAttribute},
 * {@code keysReloadInterval} (a duration such as {@code 30s}: the key file is checked that often
 * and a valid new version applied without a restart, see {@link KeySetFileReloader}; unset, the
 * file is read once).
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
 * they expire (right only for a resource server whose tokens are never revoked).
 */
public final class BearerTokenFilter implements Filter {

  /** The request attribute holding the {@link VerifiedAccessToken}. */
  public static final String ATTRIBUTE = VerifiedAccessToken.class.getName();

  private static final Logger LOG = LoggerFactory.getLogger(BearerTokenFilter.class);

  private @Nullable BearerTokenPolicy policy;
  private String challenge = "";
  private @Nullable KeySetFileReloader reloader;

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
    KeySetFileReloader[] started = new KeySetFileReloader[1];
    policy = fromInitParams(config, started);
    reloader = started[0];
    challenge = "Bearer realm=\"" + policy.realm() + "\"";
  }

  private static BearerTokenPolicy fromInitParams(
      FilterConfig config, @Nullable KeySetFileReloader[] started) throws ServletException {
    var s =
        new Object() {
          @Nullable String keysFile;
          @Nullable String issuer;
          List<String> audience = List.of();
          @Nullable String realm;
          @Nullable String rolesClaim;
          @Nullable Duration skew;
          @Nullable Integer maxLength;
          boolean anonymous;
          boolean typeJwt;
          List<RoleRule> rules = new ArrayList<>();
          @Nullable String denylistAttribute;
          @Nullable Duration reloadInterval;
        };
    InitParamBinder binder =
        InitParamBinder.forComponent(config.getFilterName())
            .param("keysFile", "the path of a JWK set file", v -> s.keysFile = v)
            .param(
                "issuer", "the expected iss, such as https://auth.example.com", v -> s.issuer = v)
            .param(
                "audience",
                "comma-separated accepted audiences",
                v -> s.audience = InitParamBinder.list(v))
            .param("realm", "printable ASCII without quotes", v -> s.realm = v)
            .param(
                "rolesClaim",
                "a claim name or dotted path such as realm_access.roles",
                v -> s.rolesClaim = v)
            .param(
                "clockSkew",
                "a duration such as 60s, at most 5m",
                v -> s.skew = InitParamBinder.duration(v))
            .param(
                "maxTokenLength",
                "a number of characters, 64 to 65536",
                v -> s.maxLength = Math.toIntExact(InitParamBinder.integer(v)))
            .param("allowAnonymous", "true or false", v -> s.anonymous = InitParamBinder.bool(v))
            .param("allowTypeJwt", "true or false", v -> s.typeJwt = InitParamBinder.bool(v))
            .param(
                "roleRules",
                "rules separated by ';' such as GET /api/events=ADMIN; /api/admin/*=ADMIN|OPS",
                v -> s.rules = new ArrayList<>(RoleRule.parseAll(v)))
            .param(
                "denylistAttribute",
                "the name of a ServletContext attribute holding the app's AccessTokenDenylist",
                v -> s.denylistAttribute = v)
            .param(
                "keysReloadInterval",
                "a duration between 1s and 1h such as 30s",
                v -> s.reloadInterval = InitParamBinder.duration(v));
    FilterParams.bind(config, binder);
    try {
      if (s.keysFile == null) {
        throw new ConfigurationException(
            "init-param 'keysFile' is required: the path of a JWK set file");
      }
      KeyRing keys;
      if (s.reloadInterval == null) {
        keys = KeyRing.of(KeySet.fromJwkSetFile(Path.of(s.keysFile)));
      } else {
        try {
          started[0] =
              KeySetFileReloader.start(
                  Path.of(s.keysFile), s.reloadInterval, SecurityEventPublisher.logging());
        } catch (IllegalArgumentException e) {
          throw new ConfigurationException("init-param 'keysReloadInterval': " + e.getMessage());
        }
        keys = started[0].ring();
      }
      AccessTokenVerifier.Builder vb =
          AccessTokenVerifier.builder(keys).audience(s.audience.toArray(String[]::new));
      if (s.issuer != null) {
        vb.issuer(s.issuer);
      }
      if (s.rolesClaim != null) {
        vb.rolesClaim(s.rolesClaim);
      }
      if (s.skew != null) {
        vb.clockSkew(s.skew);
      }
      if (s.maxLength != null) {
        vb.maxTokenLength(s.maxLength);
      }
      if (s.typeJwt) {
        vb.allowTypeJwt();
      }
      if (s.denylistAttribute != null) {
        vb.denylist(denylistFrom(config.getServletContext(), s.denylistAttribute));
      } else {
        LOG.warn(
            "BearerTokenFilter '{}' has no denylist: access tokens revoked by a logout stay valid"
                + " until they expire. Put the AccessTokenDenylist of your TokenService in a"
                + " ServletContext attribute and name it in init-param 'denylistAttribute'",
            LogSafe.forLog(config.getFilterName(), 100));
      }
      BearerTokenPolicy.Builder pb = BearerTokenPolicy.builder(vb.build());
      if (s.realm != null) {
        pb.realm(s.realm);
      }
      if (s.anonymous) {
        pb.allowAnonymous();
      }
      s.rules.forEach(pb::rule);
      return pb.build();
    } catch (ConfigurationException | IllegalArgumentException | IllegalStateException e) {
      if (started[0] != null) {
        started[0].close();
      }
      throw new ServletException("Filter '" + config.getFilterName() + "': " + e.getMessage(), e);
    }
  }

  private static AccessTokenDenylist denylistFrom(ServletContext context, String attribute) {
    Object value = context.getAttribute(attribute);
    if (value instanceof AccessTokenDenylist denylist) {
      return denylist;
    }
    String hint =
        " Set it before filters start, in a ServletContextListener's contextInitialized:"
            + " sce.getServletContext().setAttribute(\""
            + attribute
            + "\", denylist), with the denylist your TokenService uses";
    if (value == null) {
      throw new ConfigurationException(
          "init-param 'denylistAttribute' names the ServletContext attribute '"
              + attribute
              + "', which is not set."
              + hint);
    }
    throw new ConfigurationException(
        "init-param 'denylistAttribute': the ServletContext attribute '"
            + attribute
            + "' holds a "
            + value.getClass().getName()
            + ", not a dev.bulwark.jwt.AccessTokenDenylist."
            + hint);
  }

  @Override
  public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
      throws IOException, ServletException {
    BearerTokenPolicy p = policy;
    if (p == null) {
      throw new ServletException("BearerTokenFilter used before init()");
    }
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
    String path = pathOf(request);
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
      chain.doFilter(request, response);
      return;
    }
    request.setAttribute(ATTRIBUTE, token);
    chain.doFilter(new BearerRequest(request, token), response);
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

  static String pathOf(HttpServletRequest request) {
    String servletPath = request.getServletPath();
    String info = request.getPathInfo();
    String path = (servletPath == null ? "" : servletPath) + (info == null ? "" : info);
    return path.isEmpty() ? "/" : path;
  }

  @Override
  public void destroy() {
    KeySetFileReloader r = reloader;
    if (r != null) {
      r.close();
    }
  }
}
