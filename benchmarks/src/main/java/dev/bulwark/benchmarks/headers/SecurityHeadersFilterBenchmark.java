package dev.bulwark.benchmarks.headers;

import dev.bulwark.headers.ContentSecurityPolicy;
import dev.bulwark.headers.HeaderContext;
import dev.bulwark.headers.PermissionsPolicy;
import dev.bulwark.headers.SecurityHeadersPolicy;
import dev.bulwark.headers.servlet.SecurityHeadersFilter;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.apache.catalina.filters.HttpHeaderSecurityFilter;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import org.springframework.security.web.header.Header;
import org.springframework.security.web.header.HeaderWriter;
import org.springframework.security.web.header.HeaderWriterFilter;
import org.springframework.security.web.header.writers.CacheControlHeadersWriter;
import org.springframework.security.web.header.writers.ContentSecurityPolicyHeaderWriter;
import org.springframework.security.web.header.writers.CrossOriginOpenerPolicyHeaderWriter;
import org.springframework.security.web.header.writers.CrossOriginResourcePolicyHeaderWriter;
import org.springframework.security.web.header.writers.HstsHeaderWriter;
import org.springframework.security.web.header.writers.PermissionsPolicyHeaderWriter;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;
import org.springframework.security.web.header.writers.StaticHeadersWriter;
import org.springframework.security.web.header.writers.XContentTypeOptionsHeaderWriter;
import org.springframework.security.web.header.writers.XXssProtectionHeaderWriter;
import org.springframework.security.web.header.writers.frameoptions.XFrameOptionsHeaderWriter;

/**
 * One full request ({@code GET https://app.example.com/account} with a session cookie, so that
 * {@code Cache-Control} applies) through each security-headers filter, with a no-op chain.
 *
 * <ul>
 *   <li>Bulwark {@link SecurityHeadersFilter}: the default policy with {@code script-src 'nonce-…'
 *       'strict-dynamic'} (a fresh 128-bit nonce per request, set as request attribute), and the
 *       plain default policy (no nonce). 14 headers: CSP, COOP, CORP, Origin-Agent-Cluster,
 *       Referrer-Policy, HSTS, nosniff, X-DNS-Prefetch-Control, X-Download-Options,
 *       X-Frame-Options, X-Permitted-Cross-Domain-Policies, X-XSS-Protection: 0,
 *       Permissions-Policy, Cache-Control: no-store.
 *   <li>Spring Security {@link HeaderWriterFilter} with the same header set and byte-identical CSP
 *       and Permissions-Policy values. Spring's writers cannot make a nonce, so {@code spring}
 *       sends the static default CSP (compare with {@code bulwarkDefaults}) and {@code springNonce}
 *       adds a hand-written nonce writer, written eagerly so that templates can see the attribute
 *       (compare with {@code bulwarkNonce}). Spring's {@code Cache-Control} writer sends three
 *       headers ({@code Cache-Control}, {@code Pragma}, {@code Expires}).
 *   <li>Tomcat {@link HttpHeaderSecurityFilter}: all it can send, 3 headers: HSTS, X-Frame-Options
 *       DENY, nosniff (its X-XSS-Protection would be the obsolete {@code 1; mode=block}, so it is
 *       left off). No CSP, Referrer-Policy, Permissions-Policy, COOP/CORP or Cache-Control.
 * </ul>
 *
 * <p>{@code bulwarkApi} and {@code bulwarkDocumentNonce} run the nonce policy with a chain that
 * sets a content type and commits, as an endpoint does: a JSON answer gets the API profile (6
 * headers, no nonce), an HTML page that reads the nonce the document profile.
 *
 * <p>{@code baseline} is the cost of the stubs alone (recycling the request and response and
 * calling the chain).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class SecurityHeadersFilterBenchmark {

  private static final long HSTS_MAX_AGE = 63072000L;

  private final ServletStubs.Request request =
      new ServletStubs.Request("GET", "https", "app.example.com", 443, "/account")
          .header("Host", "app.example.com")
          .header("Accept", "text/html,application/xhtml+xml")
          .header("User-Agent", "Mozilla/5.0 (X11; Linux x86_64) Chrome/142.0")
          .header("Cookie", "SESSION=5f2b1c0e9a7d4e3f");
  private final ServletStubs.Response response = new ServletStubs.Response();

  /** What a JSON endpoint does before its body: set the type, then write. */
  private static final FilterChain JSON_CHAIN =
      (req, res) -> {
        res.setContentType("application/json");
        res.flushBuffer();
      };

  /** What a page does: read the nonce for its template, set the type, then write. */
  private static final FilterChain PAGE_CHAIN =
      (req, res) -> {
        req.getAttribute(ContentSecurityPolicy.NONCE_ATTRIBUTE);
        res.setContentType("text/html;charset=UTF-8");
        res.flushBuffer();
      };

  private Filter bulwarkNonce;
  private Filter bulwarkDefaults;
  private Filter spring;
  private Filter springNonce;
  private Filter tomcat;

  /**
   * Builds and checks the filters: each must send the headers it is credited with.
   *
   * @throws Exception when a filter does not start or sends the wrong headers
   */
  @Setup
  public void setUp() throws Exception {
    ContentSecurityPolicy nonceCsp =
        ContentSecurityPolicy.builder()
            .directive(
                "script-src", ContentSecurityPolicy.NONCE, ContentSecurityPolicy.STRICT_DYNAMIC)
            .build();
    bulwarkNonce =
        new SecurityHeadersFilter(
            SecurityHeadersPolicy.builder().contentSecurityPolicy(nonceCsp).build());
    bulwarkDefaults = new SecurityHeadersFilter(SecurityHeadersPolicy.defaults());

    HeaderContext secure = new HeaderContext(true, null);
    String staticCsp = ContentSecurityPolicy.defaults().value(secure);
    spring =
        new HeaderWriterFilter(springWriters(new ContentSecurityPolicyHeaderWriter(staticCsp)));
    String marked = nonceCsp.value(new HeaderContext(true, "\u0000"));
    HeaderWriterFilter eager =
        new HeaderWriterFilter(
            springWriters(
                new NonceCspWriter(
                    marked.substring(0, marked.indexOf('\u0000')),
                    marked.substring(marked.indexOf('\u0000') + 1))));
    eager.setShouldWriteHeadersEagerly(true);
    springNonce = eager;

    HttpHeaderSecurityFilter t = new HttpHeaderSecurityFilter();
    t.setHstsEnabled(true);
    t.setHstsMaxAgeSeconds((int) HSTS_MAX_AGE);
    t.setHstsIncludeSubDomains(true);
    t.setAntiClickJackingEnabled(true);
    t.setAntiClickJackingOption("DENY");
    t.setBlockContentTypeSniffingEnabled(true);
    t.setXssProtectionEnabled(false);
    t.init(ServletStubs.filterConfig("HttpHeaderSecurityFilter"));
    tomcat = t;

    Set<String> full =
        names(
            "Content-Security-Policy",
            "Cross-Origin-Opener-Policy",
            "Cross-Origin-Resource-Policy",
            "Origin-Agent-Cluster",
            "Referrer-Policy",
            "Strict-Transport-Security",
            "X-Content-Type-Options",
            "X-DNS-Prefetch-Control",
            "X-Download-Options",
            "X-Frame-Options",
            "X-Permitted-Cross-Domain-Policies",
            "X-XSS-Protection",
            "Permissions-Policy",
            "Cache-Control");
    Set<String> springFull = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
    springFull.addAll(full);
    springFull.addAll(List.of("Pragma", "Expires"));
    check("bulwarkNonce", bulwarkNonce, full, true);
    check("bulwarkDocumentNonce", bulwarkNonce, full, true, PAGE_CHAIN);
    check(
        "bulwarkApi",
        bulwarkNonce,
        names(
            "Content-Security-Policy",
            "Cross-Origin-Resource-Policy",
            "Strict-Transport-Security",
            "X-Content-Type-Options",
            "X-Frame-Options",
            "Cache-Control"),
        false,
        JSON_CHAIN);
    check("bulwarkDefaults", bulwarkDefaults, full, false);
    check("spring", spring, springFull, false);
    check("springNonce", springNonce, springFull, true);
    check(
        "tomcat",
        tomcat,
        names("Strict-Transport-Security", "X-Frame-Options", "X-Content-Type-Options"),
        false);
  }

  private List<HeaderWriter> springWriters(HeaderWriter csp) {
    List<HeaderWriter> w = new ArrayList<>();
    w.add(csp);
    CrossOriginOpenerPolicyHeaderWriter coop = new CrossOriginOpenerPolicyHeaderWriter();
    coop.setPolicy(CrossOriginOpenerPolicyHeaderWriter.CrossOriginOpenerPolicy.SAME_ORIGIN);
    w.add(coop);
    CrossOriginResourcePolicyHeaderWriter corp = new CrossOriginResourcePolicyHeaderWriter();
    corp.setPolicy(CrossOriginResourcePolicyHeaderWriter.CrossOriginResourcePolicy.SAME_ORIGIN);
    w.add(corp);
    w.add(new ReferrerPolicyHeaderWriter(ReferrerPolicyHeaderWriter.ReferrerPolicy.NO_REFERRER));
    w.add(new HstsHeaderWriter(HSTS_MAX_AGE, true));
    w.add(new XContentTypeOptionsHeaderWriter());
    w.add(new XFrameOptionsHeaderWriter(XFrameOptionsHeaderWriter.XFrameOptionsMode.DENY));
    w.add(new XXssProtectionHeaderWriter());
    w.add(
        new StaticHeadersWriter(
            List.of(
                new Header("Origin-Agent-Cluster", "?1"),
                new Header("X-DNS-Prefetch-Control", "off"),
                new Header("X-Download-Options", "noopen"),
                new Header("X-Permitted-Cross-Domain-Policies", "none"))));
    w.add(
        new PermissionsPolicyHeaderWriter(
            PermissionsPolicy.denyAll().value(new HeaderContext(true, null))));
    w.add(new CacheControlHeadersWriter());
    return w;
  }

  /** What a Spring application writes for a nonce-based CSP: Spring has no nonce support. */
  private static final class NonceCspWriter implements HeaderWriter {
    private static final SecureRandom RANDOM = new SecureRandom();
    private final String before;
    private final String after;

    NonceCspWriter(String before, String after) {
      this.before = before;
      this.after = after;
    }

    @Override
    public void writeHeaders(HttpServletRequest request, HttpServletResponse response) {
      byte[] b = new byte[16];
      RANDOM.nextBytes(b);
      String nonce = Base64.getEncoder().encodeToString(b);
      request.setAttribute(ContentSecurityPolicy.NONCE_ATTRIBUTE, nonce);
      response.setHeader("Content-Security-Policy", before + nonce + after);
    }
  }

  private static Set<String> names(String... names) {
    Set<String> s = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
    s.addAll(List.of(names));
    return s;
  }

  private void check(String label, Filter filter, Set<String> expected, boolean nonce)
      throws IOException, ServletException {
    check(label, filter, expected, nonce, ServletStubs.NO_OP_CHAIN);
  }

  private void check(
      String label, Filter filter, Set<String> expected, boolean nonce, FilterChain chain)
      throws IOException, ServletException {
    run(filter, chain);
    Set<String> sent = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
    sent.addAll(response.getHeaderNames());
    if (!sent.equals(expected)) {
      throw new IllegalStateException(label + " sent " + sent + ", expected " + expected);
    }
    Object n = request.getAttribute(ContentSecurityPolicy.NONCE_ATTRIBUTE);
    String csp = response.getHeader("Content-Security-Policy");
    if (nonce && (n == null || csp == null || !csp.contains("'nonce-" + n + "'"))) {
      throw new IllegalStateException(label + " sent no nonce: " + csp);
    }
    if (!nonce && n != null) {
      throw new IllegalStateException(label + " made a nonce");
    }
  }

  private void run(Filter filter) throws IOException, ServletException {
    run(filter, ServletStubs.NO_OP_CHAIN);
  }

  private void run(Filter filter, FilterChain chain) throws IOException, ServletException {
    request.recycle();
    response.recycle();
    filter.doFilter(request, response, chain);
  }

  /**
   * The stubs alone: recycle, no-op chain.
   *
   * @param bh consumes the result
   * @throws IOException never
   * @throws ServletException never
   */
  @Benchmark
  public void baseline(Blackhole bh) throws IOException, ServletException {
    request.recycle();
    response.recycle();
    ServletStubs.NO_OP_CHAIN.doFilter(request, response);
    bh.consume(response.headerCount());
  }

  /**
   * Bulwark, default policy with a nonce'd {@code script-src}: 14 headers and a fresh nonce.
   *
   * @param bh consumes the result
   * @throws IOException never
   * @throws ServletException never
   */
  @Benchmark
  public void bulwarkNonce(Blackhole bh) throws IOException, ServletException {
    run(bulwarkNonce);
    bh.consume(response.headerCount());
    bh.consume(request.getAttribute(ContentSecurityPolicy.NONCE_ATTRIBUTE));
  }

  /**
   * Bulwark, nonce policy, a JSON answer ({@code application/json}): the API profile, 6 headers
   * (CSP {@code frame-ancestors 'none'}, CORP, HSTS, nosniff, X-Frame-Options, Cache-Control), no
   * nonce drawn.
   *
   * @param bh consumes the result
   * @throws IOException never
   * @throws ServletException never
   */
  @Benchmark
  public void bulwarkApi(Blackhole bh) throws IOException, ServletException {
    run(bulwarkNonce, JSON_CHAIN);
    bh.consume(response.headerCount());
  }

  /**
   * Bulwark, nonce policy, an HTML page that reads the nonce: the document profile, 14 headers and
   * a fresh nonce.
   *
   * @param bh consumes the result
   * @throws IOException never
   * @throws ServletException never
   */
  @Benchmark
  public void bulwarkDocumentNonce(Blackhole bh) throws IOException, ServletException {
    run(bulwarkNonce, PAGE_CHAIN);
    bh.consume(response.headerCount());
    bh.consume(request.getAttribute(ContentSecurityPolicy.NONCE_ATTRIBUTE));
  }

  /**
   * Bulwark, default policy (static CSP): 14 headers.
   *
   * @param bh consumes the result
   * @throws IOException never
   * @throws ServletException never
   */
  @Benchmark
  public void bulwarkDefaults(Blackhole bh) throws IOException, ServletException {
    run(bulwarkDefaults);
    bh.consume(response.headerCount());
  }

  /**
   * Spring Security's {@code HeaderWriterFilter}, the same headers with a static CSP (written after
   * the chain, its default).
   *
   * @param bh consumes the result
   * @throws IOException never
   * @throws ServletException never
   */
  @Benchmark
  public void spring(Blackhole bh) throws IOException, ServletException {
    run(spring);
    bh.consume(response.headerCount());
  }

  /**
   * Spring Security's {@code HeaderWriterFilter} with a hand-written nonce CSP writer, written
   * eagerly.
   *
   * @param bh consumes the result
   * @throws IOException never
   * @throws ServletException never
   */
  @Benchmark
  public void springNonce(Blackhole bh) throws IOException, ServletException {
    run(springNonce);
    bh.consume(response.headerCount());
    bh.consume(request.getAttribute(ContentSecurityPolicy.NONCE_ATTRIBUTE));
  }

  /**
   * Tomcat's {@code HttpHeaderSecurityFilter}: HSTS, X-Frame-Options, nosniff only.
   *
   * @param bh consumes the result
   * @throws IOException never
   * @throws ServletException never
   */
  @Benchmark
  public void tomcat(Blackhole bh) throws IOException, ServletException {
    run(tomcat);
    bh.consume(response.headerCount());
  }
}
