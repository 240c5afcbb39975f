package dev.bulwark.headers.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.event.SecurityEvent;
import dev.bulwark.event.SecurityEventListener;
import dev.bulwark.headers.ContentSecurityPolicy;
import dev.bulwark.headers.CookieHardening;
import dev.bulwark.headers.CspReportLimits;
import dev.bulwark.headers.FrameOptions;
import dev.bulwark.headers.HeaderEvents;
import dev.bulwark.headers.SecurityHeadersPolicy;
import dev.bulwark.headers.cors.CorsPolicy;
import dev.bulwark.headers.csrf.CsrfPolicy;
import dev.bulwark.headers.csrf.CsrfToken;
import dev.bulwark.headers.csrf.CsrfTokens;
import dev.bulwark.headers.testing.HeaderParsing;
import dev.bulwark.testing.ServletContainer;
import dev.bulwark.web.servlet.ClientIpFilter;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.ServletResponseWrapper;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The filters inside a real servlet container, over real HTTP. Subclasses pick the container; every
 * test runs on each.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class AbstractFiltersOverHttpTest {

  static final String ALLOWED = "https://app.example.com";

  final List<SecurityEvent> events = Collections.synchronizedList(new ArrayList<>());
  final AtomicInteger appCalls = new AtomicInteger();
  ServletContainer server;
  ServletContainer formServer;
  ServletContainer nestedServer;

  abstract ServletContainer newServer() throws Exception;

  static URI uri(ServletContainer s, String path) {
    return s.baseUri().resolve(path);
  }

  @BeforeAll
  void start() throws Exception {
    SecurityEventListener listener = events::add;
    SecurityHeadersPolicy policy =
        SecurityHeadersPolicy.builder()
            .contentSecurityPolicy(ContentSecurityPolicy.strict().reportUri("/csp-reports").build())
            .cookieHardening(CookieHardening.builder().scriptReadable("theme").build())
            .forPath(
                "/docs/**", SecurityHeadersPolicy.builder().disable("X-Download-Options").build())
            .noHeadersForPath("/static/**")
            .apiProfileFor("/api/**")
            .build();
    server =
        newServer()
            .filter(
                "ClientIpFilter",
                ClientIpFilter.class,
                Map.of("trustedProxies", "127.0.0.1/32"),
                "/*")
            .filter("SecurityHeadersFilter", new SecurityHeadersFilter(policy), "/*")
            .filter(
                "CorsFilter",
                new CorsFilter(
                    CorsPolicy.builder()
                        .allowedOrigins(ALLOWED)
                        .allowedOriginPatterns("https://*.preview.example.com")
                        .allowedMethods("GET", "POST", "PUT")
                        .allowedHeaders("Content-Type", "X-Requested-With")
                        .allowCredentials(true)
                        .build(),
                    listener),
                "/*")
            .filter(
                "CsrfFilter",
                new CsrfFilter(
                    CsrfPolicy.builder().bypassPaths("/csp-reports", "/webhooks/**").build(),
                    listener),
                "/*")
            .servlet(
                "reports",
                new CspReportServlet(listener, CspReportLimits.builder().maxBytes(4096).build()),
                "/csp-reports")
            .servlet("app", new AppServlet(appCalls), "/*")
            .start();
    formServer =
        newServer()
            .filter(
                "CsrfFilter",
                new CsrfFilter(
                    CsrfPolicy.builder().tokens(CsrfTokens.withRandomKey()).build(), listener),
                "/*")
            .servlet("app", new AppServlet(appCalls), "/*")
            .start();
    nestedServer =
        newServer()
            .filter("outer", new SecurityHeadersFilter(SecurityHeadersPolicy.defaults()), "/*")
            .filter(
                "inner",
                new SecurityHeadersFilter(
                    SecurityHeadersPolicy.builder().frameOptions(FrameOptions.SAMEORIGIN).build()),
                "/*")
            .servlet("app", new AppServlet(appCalls), "/*")
            .start();
  }

  @AfterAll
  void stop() throws Exception {
    server.close();
    formServer.close();
    nestedServer.close();
  }

  @BeforeEach
  void clear() {
    events.clear();
    appCalls.set(0);
  }

  /** Writes the nonce and CSRF token, and does what the query asks. */
  static final class AppServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private final transient AtomicInteger calls;

    AppServlet(AtomicInteger calls) {
      this.calls = calls;
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
      calls.incrementAndGet();
      String q = req.getQueryString() == null ? "" : req.getQueryString();
      if (q.contains("powered")) {
        resp.setHeader("X-Powered-By", "Servlet/6.0");
      }
      if (q.contains("cache")) {
        resp.setHeader("Cache-Control", "public, max-age=60");
      }
      if (q.contains("cookies")) {
        req.getSession(true);
        resp.addCookie(new Cookie("plain", "1"));
        resp.addCookie(new Cookie("theme", "dark"));
        resp.addHeader("Set-Cookie", "raw=2; Path=/");
      }
      if (q.contains("reset")) {
        resp.setHeader("X-Frame-Options", "SAMEORIGIN");
        resp.reset();
      }
      if (q.contains("error")) {
        resp.sendError(404);
        return;
      }
      if (q.contains("redirect")) {
        resp.sendRedirect("/elsewhere");
        return;
      }
      if (q.contains("wrappers")) {
        int n = 0;
        for (ServletResponse r = resp; r instanceof ServletResponseWrapper w; r = w.getResponse()) {
          n += r instanceof HeadersResponse ? 1 : 0;
        }
        resp.setContentType("text/html");
        resp.getWriter().print("wrappers=" + n);
        return;
      }
      if (q.contains("owncsp")) {
        resp.setHeader("Content-Security-Policy", "default-src 'none'");
        resp.setHeader("Referrer-Policy", null);
      }
      if (q.contains("json")) {
        resp.setContentType("application/json");
        resp.getWriter().print("{\"ok\":true}");
        return;
      }
      if (q.contains("problem")) {
        resp.setStatus(400);
        resp.setContentType("application/problem+json");
        resp.getOutputStream().print("{\"title\":\"Bad Request\",\"status\":400}");
        return;
      }
      if (q.contains("html")) {
        resp.setContentType("text/html;charset=UTF-8");
        resp.getWriter()
            .print(
                "<!doctype html><script nonce=\""
                    + req.getAttribute(ContentSecurityPolicy.NONCE_ATTRIBUTE)
                    + "\">1</script>");
        return;
      }
      if (q.contains("empty")) {
        resp.setStatus(204);
        return;
      }
      if (q.contains("stream")) {
        resp.setContentType("application/octet-stream");
        resp.getOutputStream().write(new byte[] {1, 2, 3});
        resp.flushBuffer();
        // too late: the response is committed, and the filter already made its decisions
        resp.setHeader("Cache-Control", "public, max-age=60");
        return;
      }
      resp.setContentType("text/plain;charset=UTF-8");
      Object token = req.getAttribute(CsrfToken.ATTRIBUTE);
      resp.getWriter()
          .print(
              "method="
                  + req.getMethod()
                  + "\nnonce="
                  + req.getAttribute(ContentSecurityPolicy.NONCE_ATTRIBUTE)
                  + "\ncsrf="
                  + (token instanceof CsrfToken t ? t.value() : "null")
                  + "\n");
    }
  }

  /**
   * Sends on a fresh connection: a container may close a connection after a 403 that left the
   * request body unread, and a pooled connection would then race with that close.
   */
  HttpResponse<String> send(HttpRequest.Builder b) throws Exception {
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  HttpRequest.Builder get(String path) {
    return HttpRequest.newBuilder(uri(server, path)).GET();
  }

  HttpRequest.Builder post(ServletContainer s, String path) {
    return HttpRequest.newBuilder(uri(s, path))
        .POST(HttpRequest.BodyPublishers.ofString("a=b"))
        .header("Content-Type", "application/x-www-form-urlencoded");
  }

  static String header(HttpResponse<?> r, String name) {
    return r.headers().firstValue(name).orElse(null);
  }

  // ---------------------------------------------------------------- security headers

  @Test
  void defaults_onPlainHttp_sendEveryHeaderExceptHsts() throws Exception {
    HttpResponse<String> r = send(get("/page"));
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(header(r, "Cross-Origin-Opener-Policy")).isEqualTo("same-origin");
    assertThat(header(r, "Cross-Origin-Resource-Policy")).isEqualTo("same-origin");
    assertThat(header(r, "Origin-Agent-Cluster")).isEqualTo("?1");
    assertThat(header(r, "Referrer-Policy")).isEqualTo("no-referrer");
    assertThat(header(r, "X-Content-Type-Options")).isEqualTo("nosniff");
    assertThat(header(r, "X-DNS-Prefetch-Control")).isEqualTo("off");
    assertThat(header(r, "X-Frame-Options")).isEqualTo("DENY");
    assertThat(header(r, "X-Permitted-Cross-Domain-Policies")).isEqualTo("none");
    assertThat(header(r, "X-XSS-Protection")).isEqualTo("0");
    assertThat(header(r, "Cross-Origin-Embedder-Policy")).isNull();
    assertThat(header(r, "Strict-Transport-Security")).isNull();
    Map<String, List<String>> pp = HeaderParsing.permissionsPolicy(header(r, "Permissions-Policy"));
    assertThat(pp).containsEntry("camera", List.of()).containsEntry("geolocation", List.of());
    assertThat(pp.values()).allMatch(List::isEmpty);
    Map<String, List<String>> csp = HeaderParsing.csp(header(r, "Content-Security-Policy"));
    assertThat(csp)
        .containsEntry("object-src", List.of("'none'"))
        .containsEntry("frame-ancestors", List.of("'none'"))
        .containsEntry("report-uri", List.of("/csp-reports"))
        .doesNotContainKey("upgrade-insecure-requests");
  }

  @Test
  void secureRequestViaTrustedProxy_getsHstsAndUpgradeInsecureRequests() throws Exception {
    HttpResponse<String> r = send(get("/page").header("X-Forwarded-Proto", "https"));
    Map<String, String> hsts = HeaderParsing.hsts(header(r, "Strict-Transport-Security"));
    assertThat(hsts).containsEntry("max-age", "63072000").containsKey("includesubdomains");
    assertThat(HeaderParsing.csp(header(r, "Content-Security-Policy")))
        .containsEntry("upgrade-insecure-requests", List.of());
  }

  @Test
  void nonce_isFreshPerResponse_andEqualsTheTemplateAttribute() throws Exception {
    Pattern p = Pattern.compile("nonce=(\\S+)");
    List<String> seen = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      HttpResponse<String> r = send(get("/page"));
      Matcher m = p.matcher(r.body());
      assertThat(m.find()).isTrue();
      String nonce = m.group(1);
      assertThat(Base64.getDecoder().decode(nonce)).hasSize(16);
      assertThat(HeaderParsing.csp(header(r, "Content-Security-Policy")).get("script-src"))
          .containsExactly("'nonce-" + nonce + "'", "'strict-dynamic'");
      seen.add(nonce);
    }
    assertThat(seen).doesNotHaveDuplicates();
  }

  @Test
  void banner_setByTheApplication_isRemoved() throws Exception {
    HttpResponse<String> r = send(get("/page?powered"));
    assertThat(r.headers().firstValue("X-Powered-By")).isEmpty();
  }

  @Test
  void cacheControl_onAuthenticatedRequest_isNoStore() throws Exception {
    HttpResponse<String> r = send(get("/page").header("Authorization", "Bearer x"));
    assertThat(r.headers().allValues("Cache-Control")).containsExactly("no-store");
  }

  @Test
  void cacheControl_onAnonymousRequest_isLeftToTheApplication() throws Exception {
    HttpResponse<String> r = send(get("/page"));
    assertThat(r.headers().firstValue("Cache-Control")).isEmpty();
  }

  @Test
  void cacheControl_setByTheApplication_isNeverClobbered() throws Exception {
    HttpResponse<String> r = send(get("/page?cache").header("Authorization", "Bearer x"));
    assertThat(r.headers().allValues("Cache-Control")).containsExactly("public, max-age=60");
  }

  @Test
  void cookies_includingTheSessionCookie_getHttpOnlyAndSameSiteLax() throws Exception {
    HttpResponse<String> r = send(get("/page?cookies"));
    List<Map<String, String>> cookies =
        r.headers().allValues("Set-Cookie").stream().map(HeaderParsing::setCookie).toList();
    assertThat(cookies)
        .extracting(c -> c.get("$name"))
        .contains("JSESSIONID", "plain", "theme", "raw");
    for (Map<String, String> c : cookies) {
      assertThat(c.get("samesite")).as(c.toString()).isEqualToIgnoringCase("Lax");
      assertThat(c).as(c.toString()).doesNotContainKey("secure");
      if (c.get("$name").equals("theme")) {
        assertThat(c).doesNotContainKey("httponly");
      } else {
        assertThat(c).as(c.toString()).containsKey("httponly");
      }
    }
  }

  @Test
  void cookies_onSecureRequest_getSecure() throws Exception {
    HttpResponse<String> r = send(get("/page?cookies").header("X-Forwarded-Proto", "https"));
    List<Map<String, String>> cookies =
        r.headers().allValues("Set-Cookie").stream().map(HeaderParsing::setCookie).toList();
    assertThat(cookies).hasSizeGreaterThanOrEqualTo(4).allMatch(c -> c.containsKey("secure"));
  }

  @Test
  void perPathOverride_noHeadersForStatic_andOtherPolicyForDocs() throws Exception {
    HttpResponse<String> s = send(get("/static/app.js"));
    assertThat(s.headers().firstValue("Content-Security-Policy")).isEmpty();
    assertThat(s.headers().firstValue("X-Frame-Options")).isEmpty();
    HttpResponse<String> d = send(get("/docs/index.html"));
    assertThat(header(d, "X-Download-Options")).isNull();
    assertThat(HeaderParsing.csp(header(d, "Content-Security-Policy")).get("script-src"))
        .containsExactly("'self'");
    HttpResponse<String> p = send(get("/page"));
    assertThat(header(p, "X-Download-Options")).isEqualTo("noopen");
  }

  @Test
  void commitPaths_errorRedirectStreamAndReset_allCarryTheHeaders() throws Exception {
    for (String q : List.of("error", "redirect", "stream", "reset")) {
      HttpResponse<String> r = send(get("/page?" + q).header("Authorization", "Bearer x"));
      assertThat(header(r, "X-Content-Type-Options")).as(q).isEqualTo("nosniff");
      assertThat(header(r, "X-Frame-Options")).as(q).isEqualTo("DENY");
      // Jetty's error page writes its own "must-revalidate,no-cache,no-store": still no-store
      assertThat(r.headers().allValues("Cache-Control"))
          .as(q)
          .singleElement()
          .satisfies(v -> assertThat(v.split("\\s*,\\s*")).contains("no-store"));
      assertThat(header(r, "Content-Security-Policy")).as(q).isNotNull();
    }
  }

  // ---------------------------------------------------------------- profiles

  static final List<String> DOCUMENT_ONLY =
      List.of(
          "Cross-Origin-Opener-Policy",
          "Origin-Agent-Cluster",
          "Referrer-Policy",
          "X-DNS-Prefetch-Control",
          "X-Download-Options",
          "X-Permitted-Cross-Domain-Policies",
          "X-XSS-Protection",
          "Permissions-Policy");

  static int headerBytes(HttpResponse<?> r) {
    int n = 0;
    for (Map.Entry<String, List<String>> e : r.headers().map().entrySet()) {
      for (String v : e.getValue()) {
        n += e.getKey().length() + v.length() + 4;
      }
    }
    return n;
  }

  static void assertApiProfile(HttpResponse<?> r, String label) {
    assertThat(header(r, "Content-Security-Policy")).as(label).isEqualTo("frame-ancestors 'none'");
    assertThat(header(r, "X-Content-Type-Options")).as(label).isEqualTo("nosniff");
    assertThat(header(r, "X-Frame-Options")).as(label).isEqualTo("DENY");
    assertThat(header(r, "Cross-Origin-Resource-Policy")).as(label).isEqualTo("same-origin");
    for (String absent : DOCUMENT_ONLY) {
      assertThat(r.headers().firstValue(absent)).as(label + ": " + absent).isEmpty();
    }
    assertThat(r.headers().map().toString()).as(label).doesNotContain("nonce-");
  }

  @Test
  void jsonAnswer_getsTheApiProfile_noNonce_andFarFewerBytesThanAPage() throws Exception {
    HttpResponse<String> json =
        send(
            get("/page?json")
                .header("Authorization", "Bearer x")
                .header("X-Forwarded-Proto", "https"));
    assertThat(json.statusCode()).isEqualTo(200);
    assertApiProfile(json, "json");
    assertThat(HeaderParsing.hsts(header(json, "Strict-Transport-Security")))
        .containsEntry("max-age", "63072000");
    assertThat(json.headers().allValues("Cache-Control")).containsExactly("no-store");

    HttpResponse<String> html =
        send(
            get("/page?html")
                .header("Authorization", "Bearer x")
                .header("X-Forwarded-Proto", "https"));
    assertThat(headerBytes(json)).isLessThan(headerBytes(html) / 2);
  }

  @Test
  void jsonAnswer_onPlainHttpWithoutCredentials_hasNoHstsAndNoCacheControl() throws Exception {
    HttpResponse<String> r = send(get("/page?json"));
    assertApiProfile(r, "json");
    assertThat(r.headers().firstValue("Strict-Transport-Security")).isEmpty();
    assertThat(r.headers().firstValue("Cache-Control")).isEmpty();
  }

  @Test
  void problemJsonError_getsTheApiProfile() throws Exception {
    HttpResponse<String> r = send(get("/page?problem").header("Authorization", "Bearer x"));
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(header(r, "Content-Type")).startsWith("application/problem+json");
    assertApiProfile(r, "problem");
    assertThat(r.headers().allValues("Cache-Control")).containsExactly("no-store");
  }

  @Test
  void htmlAnswer_getsTheDocumentSet_withTheNonceItsPageUses() throws Exception {
    HttpResponse<String> r = send(get("/page?html"));
    Matcher m = Pattern.compile("nonce=\"([^\"]+)\"").matcher(r.body());
    assertThat(m.find()).isTrue();
    assertThat(HeaderParsing.csp(header(r, "Content-Security-Policy")).get("script-src"))
        .containsExactly("'nonce-" + m.group(1) + "'", "'strict-dynamic'");
    for (String present : DOCUMENT_ONLY) {
      assertThat(r.headers().firstValue(present)).as(present).isPresent();
    }
    assertThat(header(r, "X-Frame-Options")).isEqualTo("DENY");
  }

  @Test
  void apiPathRule_untypedAnswerOnApiPath_getsTheApiProfile_butHtmlThereStaysADocument()
      throws Exception {
    HttpResponse<String> empty = send(get("/api/items?empty"));
    assertThat(empty.statusCode()).isEqualTo(204);
    assertApiProfile(empty, "204 on /api");
    HttpResponse<String> page = send(get("/page?empty"));
    assertThat(header(page, "Permissions-Policy")).as("204 elsewhere").isNotNull();
    HttpResponse<String> html = send(get("/api/items?html"));
    assertThat(header(html, "Permissions-Policy")).as("html on /api").isNotNull();
    HttpResponse<String> error = send(get("/api/items?error"));
    assertThat(header(error, "Permissions-Policy")).as("container error page").isNotNull();
  }

  @Test
  void headerSetOrRemovedByTheApplicationBeforeCommit_isLeftAsTheApplicationMadeIt()
      throws Exception {
    HttpResponse<String> r = send(get("/page?owncsp"));
    assertThat(r.headers().allValues("Content-Security-Policy"))
        .containsExactly("default-src 'none'");
    assertThat(r.headers().firstValue("Referrer-Policy")).isEmpty();
    assertThat(header(r, "X-Frame-Options")).isEqualTo("DENY");
  }

  @Test
  void secondSecurityHeadersFilter_reusesTheWrapper_andItsPolicyWins_eachHeaderOnce()
      throws Exception {
    HttpResponse<String> r = send(HttpRequest.newBuilder(uri(nestedServer, "/page?wrappers")));
    assertThat(r.body()).isEqualTo("wrappers=1");
    assertThat(r.headers().allValues("X-Frame-Options")).containsExactly("SAMEORIGIN");
    assertThat(r.headers().allValues("Content-Security-Policy")).hasSize(1);
    assertThat(r.headers().allValues("X-Content-Type-Options")).containsExactly("nosniff");
  }

  // ---------------------------------------------------------------- CORS

  HttpRequest.Builder preflight(String origin, String method, String headers) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(uri(server, "/api/items"))
            .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
            .header("Origin", origin)
            .header("Access-Control-Request-Method", method);
    return headers == null ? b : b.header("Access-Control-Request-Headers", headers);
  }

  @Test
  void preflight_fromAllowedOrigin_isAnsweredByTheFilterBeforeTheApplication() throws Exception {
    HttpResponse<String> r = send(preflight(ALLOWED, "PUT", "content-type, x-requested-with"));
    assertThat(r.statusCode()).isEqualTo(204);
    assertThat(appCalls).hasValue(0);
    assertThat(header(r, "Access-Control-Allow-Origin")).isEqualTo(ALLOWED);
    assertThat(header(r, "Access-Control-Allow-Credentials")).isEqualTo("true");
    assertThat(header(r, "Access-Control-Allow-Methods").split(", ")).contains("PUT");
    assertThat(header(r, "Access-Control-Max-Age")).isEqualTo("600");
    assertThat(String.join(",", r.headers().allValues("Vary"))).contains("Origin");
  }

  @Test
  void preflight_fromDisallowedOrigin_is403WithoutAnyCorsHeader() throws Exception {
    HttpResponse<String> r = send(preflight("https://evil.example", "PUT", null));
    assertThat(r.statusCode()).isEqualTo(403);
    assertThat(r.headers().map().keySet())
        .noneMatch(h -> h.toLowerCase().startsWith("access-control-"));
    assertThat(appCalls).hasValue(0);
    assertThat(events).extracting(SecurityEvent::type).contains(HeaderEvents.CORS_REJECTED);
  }

  @Test
  void preflight_withUnlistedHeader_isRefused() throws Exception {
    HttpResponse<String> r = send(preflight(ALLOWED, "POST", "X-Evil"));
    assertThat(r.statusCode()).isEqualTo(403);
  }

  @Test
  void actualRequest_fromSubdomainPattern_isEchoedExactly() throws Exception {
    String origin = "https://pr-42.preview.example.com";
    HttpResponse<String> r = send(get("/api/items").header("Origin", origin));
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(header(r, "Access-Control-Allow-Origin")).isEqualTo(origin);
  }

  @Test
  void actualRequest_fromLookalikeOrigin_isRefusedAndNotReflected() throws Exception {
    for (String origin :
        List.of(
            "https://preview.example.com",
            "https://evilpreview.example.com",
            "https://app.example.com.evil.net",
            "http://app.example.com",
            "https://app.example.com:8443")) {
      HttpResponse<String> r = send(get("/api/items").header("Origin", origin));
      assertThat(r.statusCode()).as(origin).isEqualTo(403);
      assertThat(header(r, "Access-Control-Allow-Origin")).isNull();
    }
    assertThat(appCalls).hasValue(0);
  }

  @Test
  void opaqueNullOrigin_onFormPost_passesWithoutCorsHeaders_butIsRefusedOnPreflight()
      throws Exception {
    HttpResponse<String> r =
        send(
            post(server, "/transfer")
                .header("Origin", "null")
                .header("Sec-Fetch-Site", "same-origin"));
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(header(r, "Access-Control-Allow-Origin")).isNull();
    assertThat(send(preflight("null", "POST", null)).statusCode()).isEqualTo(403);
  }

  @Test
  void requestWithItsOwnOrigin_isNotTreatedAsCrossOrigin() throws Exception {
    String own = "http://127.0.0.1:" + server.baseUri().getPort();
    HttpResponse<String> r =
        send(
            post(server, "/api/items")
                .header("Origin", own)
                .header("Sec-Fetch-Site", "same-origin"));
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(header(r, "Access-Control-Allow-Origin")).isNull();
    assertThat(String.join(",", r.headers().allValues("Vary"))).contains("Origin");
  }

  // ---------------------------------------------------------------- CSRF

  @Test
  void crossSitePost_byFetchMetadata_isRefused() throws Exception {
    HttpResponse<String> r =
        send(
            post(server, "/transfer")
                .header("Sec-Fetch-Site", "cross-site")
                .header("Cookie", "s=1"));
    assertThat(r.statusCode()).isEqualTo(403);
    assertThat(header(r, "Content-Type")).startsWith("application/problem+json");
    assertThat(appCalls).hasValue(0);
    assertThat(events).extracting(SecurityEvent::type).contains(HeaderEvents.CSRF_REJECTED);
  }

  @Test
  void sameOriginPost_byFetchMetadata_isAccepted() throws Exception {
    HttpResponse<String> r =
        send(
            post(server, "/transfer")
                .header("Sec-Fetch-Site", "same-origin")
                .header("Cookie", "s=1"));
    assertThat(r.statusCode()).isEqualTo(200);
  }

  @Test
  void postWithForeignOriginAndNoFetchMetadata_isRefused() throws Exception {
    HttpResponse<String> r =
        send(
            post(server, "/transfer")
                .header("Origin", "https://evil.example")
                .header("Cookie", "s=1"));
    assertThat(r.statusCode()).isEqualTo(403);
  }

  @Test
  void postWithOwnOriginBehindTrustedProxy_isAccepted() throws Exception {
    HttpResponse<String> r =
        send(
            post(server, "/transfer")
                .header("Origin", "https://shop.example.com")
                .header("X-Forwarded-Proto", "https")
                .header("X-Forwarded-Host", "shop.example.com")
                .header("Cookie", "s=1"));
    assertThat(r.statusCode()).isEqualTo(200);
  }

  @Test
  void postAuthenticatedOnlyByAuthorizationHeader_isNotBlocked() throws Exception {
    HttpResponse<String> r =
        send(
            post(server, "/transfer")
                .header("Sec-Fetch-Site", "cross-site")
                .header("Authorization", "Bearer abc"));
    assertThat(r.statusCode()).isEqualTo(200);
  }

  @Test
  void bypassPath_isNotChecked() throws Exception {
    HttpResponse<String> r =
        send(post(server, "/webhooks/stripe").header("Sec-Fetch-Site", "cross-site"));
    assertThat(r.statusCode()).isEqualTo(200);
  }

  @Test
  void tokenMode_formPostWithTheIssuedToken_isAccepted_andWithoutIt_isRefused() throws Exception {
    HttpResponse<String> page = send(HttpRequest.newBuilder(uri(formServer, "/form")).GET());
    Map<String, String> cookie = HeaderParsing.setCookie(header(page, "Set-Cookie"));
    assertThat(cookie.get("$name")).isEqualTo(CsrfFilter.PLAIN_COOKIE);
    assertThat(cookie).containsKey("httponly").containsEntry("samesite", "Lax");
    Matcher m = Pattern.compile("csrf=(\\S+)").matcher(page.body());
    assertThat(m.find()).isTrue();
    String masked = m.group(1);
    String cookieHeader = cookie.get("$name") + "=" + cookie.get("$value");

    HttpResponse<String> ok =
        send(
            HttpRequest.newBuilder(uri(formServer, "/transfer"))
                .POST(HttpRequest.BodyPublishers.ofString("_csrf=" + masked + "&amount=1"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Sec-Fetch-Site", "same-origin")
                .header("Cookie", cookieHeader));
    assertThat(ok.statusCode()).isEqualTo(200);

    HttpResponse<String> viaHeader =
        send(
            post(formServer, "/transfer")
                .header("X-CSRF-Token", masked)
                .header("Cookie", cookieHeader));
    assertThat(viaHeader.statusCode()).isEqualTo(200);

    HttpResponse<String> missing =
        send(
            post(formServer, "/transfer")
                .header("Sec-Fetch-Site", "same-origin")
                .header("Cookie", cookieHeader));
    assertThat(missing.statusCode()).isEqualTo(403);

    HttpResponse<String> forgedCookie =
        send(
            post(formServer, "/transfer")
                .header("X-CSRF-Token", masked)
                .header("Cookie", CsrfFilter.PLAIN_COOKIE + "=AAAA.BBBB"));
    assertThat(forgedCookie.statusCode()).isEqualTo(403);
  }

  @Test
  void tokenMode_maskedTokenDiffersOnEveryResponse() throws Exception {
    HttpResponse<String> first = send(HttpRequest.newBuilder(uri(formServer, "/form")).GET());
    Map<String, String> cookie = HeaderParsing.setCookie(header(first, "Set-Cookie"));
    String cookieHeader = cookie.get("$name") + "=" + cookie.get("$value");
    HttpResponse<String> second =
        send(HttpRequest.newBuilder(uri(formServer, "/form")).GET().header("Cookie", cookieHeader));
    assertThat(second.headers().firstValue("Set-Cookie")).as("a valid token is kept").isEmpty();
    assertThat(first.body()).contains("csrf=").isNotEqualTo(second.body());
  }

  // ---------------------------------------------------------------- CSP reports

  HttpResponse<String> report(String type, String body) throws Exception {
    return send(
        HttpRequest.newBuilder(uri(server, "/csp-reports"))
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .header("Content-Type", type));
  }

  @Test
  void cspReport_legacyFormat_becomesAnEvent() throws Exception {
    HttpResponse<String> r =
        report(
            "application/csp-report",
            "{\"csp-report\":{\"document-uri\":\"http://x/page\",\"blocked-uri\":\"inline\","
                + "\"effective-directive\":\"script-src-elem\",\"disposition\":\"enforce\"}}");
    assertThat(r.statusCode()).isEqualTo(204);
    assertThat(events)
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.type()).isEqualTo(HeaderEvents.CSP_VIOLATION);
              assertThat(e.details())
                  .containsEntry("directive", "script-src-elem")
                  .containsEntry("blocked", "inline");
            });
  }

  @Test
  void cspReport_reportingApiFormat_becomesOneEventPerViolation() throws Exception {
    HttpResponse<String> r =
        report(
            "application/reports+json",
            "[{\"type\":\"csp-violation\",\"body\":{\"documentURL\":\"http://x/\","
                + "\"effectiveDirective\":\"script-src-attr\",\"blockedURL\":\"inline\"}},"
                + "{\"type\":\"deprecation\",\"body\":{}},"
                + "{\"type\":\"csp-violation\",\"body\":{\"effectiveDirective\":\"img-src\"}}]");
    assertThat(r.statusCode()).isEqualTo(204);
    assertThat(events)
        .extracting(e -> e.details().get("directive"))
        .containsExactly("script-src-attr", "img-src");
  }

  @Test
  void cspReport_oversizedWrongTypeOrMalformed_isRefused() throws Exception {
    assertThat(
            report(
                    "application/csp-report",
                    "{\"csp-report\":{\"x\":\"" + "a".repeat(5000) + "\"}}")
                .statusCode())
        .isEqualTo(413);
    assertThat(report("text/plain", "{}").statusCode()).isEqualTo(415);
    assertThat(report("application/csp-report", "{not json").statusCode()).isEqualTo(400);
    assertThat(events)
        .extracting(SecurityEvent::type)
        .containsOnly(HeaderEvents.CSP_REPORT_REJECTED);
  }
}
