package dev.bulwark.examples.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The dashboard's Content Security Policy and Subresource Integrity over real HTTP: {@code
 * default-src 'none'} with one directive per thing the page loads, and {@code integrity} values
 * that are the SHA-384 of the bytes a client actually receives.
 */
class DashboardPolicyTest {

  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  private static final Pattern TAG = Pattern.compile("<(script|link|style)\\b([^>]*)>");
  private static final Pattern ATTRIBUTE = Pattern.compile("([a-z-]+)(?:=\"([^\"]*)\")?");
  private static SecurityMonitor monitor;

  @BeforeAll
  static void start() throws Exception {
    monitor =
        SecurityMonitor.start(
            MonitorConfig.from(
                Map.of(
                    "PORT", "0",
                    "BULWARK_DEMO_ADMIN_PASSWORD", "correct horse battery staple admin",
                    "BULWARK_DEMO_USER_PASSWORD", "correct horse battery staple user")),
            false);
  }

  @AfterAll
  static void stop() throws Exception {
    monitor.close();
  }

  @Test
  void dashboardCsp_isDefaultNone_withExactlyTheDirectivesThePageNeeds() throws Exception {
    HttpResponse<String> r = DemoHttp.send(monitor, "GET", "/", null);
    assertThat(r.statusCode()).isEqualTo(200);
    Map<String, List<String>> csp =
        directives(r.headers().firstValue("Content-Security-Policy").orElseThrow());
    List<String> scriptSrc = csp.get("script-src");
    assertThat(scriptSrc).hasSize(2).contains("'strict-dynamic'");
    String nonce = scriptSrc.get(0).replaceAll("^'nonce-([A-Za-z0-9+/=]{22,})'$", "$1");
    assertThat(nonce).as("a nonce source first").isNotEqualTo(scriptSrc.get(0));

    // plain http: no upgrade-insecure-requests (it would break localhost)
    assertThat(csp)
        .isEqualTo(
            Map.of(
                "default-src", List.of("'none'"),
                "script-src", List.of("'nonce-" + nonce + "'", "'strict-dynamic'"),
                "style-src", List.of("'self'"),
                "img-src", List.of("'self'", "data:"),
                "connect-src", List.of("'self'"),
                "object-src", List.of("'none'"),
                "base-uri", List.of("'none'"),
                "frame-ancestors", List.of("'none'"),
                "form-action", List.of("'self'"),
                "report-uri", List.of("/csp-report")));
    assertThat(r.headers().firstValue("Content-Security-Policy-Report-Only")).isEmpty();
  }

  @Test
  void dashboard_loadsOneNoncedScriptAndOneStylesheet_eachWithIntegrity_andNothingInline()
      throws Exception {
    HttpResponse<String> r = DemoHttp.send(monitor, "GET", "/", null);
    String nonce =
        r.headers()
            .firstValue("Content-Security-Policy")
            .orElseThrow()
            .replaceAll(".*'nonce-([^']+)'.*", "$1");
    List<Map<String, String>> tags = tags(r.body());
    assertThat(tags)
        .containsExactly(
            Map.of(
                "tag",
                "link",
                "rel",
                "stylesheet",
                "href",
                DashboardAssets.STYLESHEET,
                "integrity",
                sha384Served(DashboardAssets.STYLESHEET)),
            Map.of(
                "tag",
                "script",
                "nonce",
                nonce,
                "src",
                DashboardAssets.SCRIPT,
                "integrity",
                sha384Served(DashboardAssets.SCRIPT),
                "defer",
                ""));
    assertThat(r.body()).doesNotContain(" style=", " onload=", " onclick=", "{{");
  }

  @Test
  void assets_haveTheirContentTypes_nosniff_andRevalidatedCaching() throws Exception {
    for (String[] asset :
        new String[][] {
          {DashboardAssets.SCRIPT, "text/javascript;charset=utf-8"},
          {DashboardAssets.STYLESHEET, "text/css;charset=utf-8"}
        }) {
      HttpResponse<byte[]> r = get(asset[0], null);
      assertThat(r.statusCode()).as(asset[0]).isEqualTo(200);
      assertThat(r.headers().firstValue("Content-Type").orElseThrow().replace(" ", ""))
          .as(asset[0])
          .isEqualToIgnoringCase(asset[1]);
      assertThat(r.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
      assertThat(r.headers().firstValue("Cache-Control")).hasValue("no-cache");
      String etag = r.headers().firstValue("ETag").orElseThrow();
      assertThat(etag).isEqualTo("\"" + sha384(r.body()) + "\"");

      HttpResponse<byte[]> again = get(asset[0], etag);
      assertThat(again.statusCode()).as("revalidation").isEqualTo(304);
      assertThat(again.body()).isEmpty();
      assertThat(get(asset[0], "\"sha384-other\"").statusCode()).isEqualTo(200);
    }
    assertThat(get("/assets/app.js", null).statusCode()).isEqualTo(404);
    assertThat(get("/assets/%64ashboard.js", null).statusCode()).isEqualTo(404);
    assertThat(get("/app.js", null).statusCode()).as("the old path is gone").isEqualTo(404);
  }

  /** The test seam: the bytes served change, the page's integrity value stays the original. */
  @Test
  void tamperedAsset_isServed_whileThePageKeepsTheOriginalHash() throws Exception {
    DashboardAssets original = DashboardAssets.load();
    byte[] tampered = oneByteChanged(original.body(DashboardAssets.SCRIPT));
    DashboardAssets changed = original.servingTampered(DashboardAssets.SCRIPT, tampered);
    assertThat(changed.integrity(DashboardAssets.SCRIPT))
        .isEqualTo(original.integrity(DashboardAssets.SCRIPT))
        .isNotEqualTo(sha384(tampered));
    assertThat(changed.body(DashboardAssets.SCRIPT)).isEqualTo(tampered);
  }

  /**
   * The dashboard script with one byte changed so that it is still valid JavaScript that does the
   * same: the first letter of its opening comment in lower case. Run, it would behave exactly like
   * the original, so only integrity checking can stop it.
   */
  static byte[] oneByteChanged(byte[] script) {
    assertThat(new String(script, 0, 4, StandardCharsets.US_ASCII)).isEqualTo("// T");
    byte[] changed = script.clone();
    changed[3] = 't';
    return changed;
  }

  /** The SHA-384 (SRI form) of the bytes served at {@code path}, fetched over HTTP. */
  static String sha384Served(SecurityMonitor on, String path) throws Exception {
    HttpResponse<byte[]> r =
        HTTP.send(
            HttpRequest.newBuilder(on.baseUri().resolve(path)).build(),
            HttpResponse.BodyHandlers.ofByteArray());
    assertThat(r.statusCode()).as(path).isEqualTo(200);
    return sha384(r.body());
  }

  private static String sha384Served(String path) throws Exception {
    return sha384Served(monitor, path);
  }

  static String sha384(byte[] bytes) throws Exception {
    return "sha384-"
        + java.util.Base64.getEncoder()
            .encodeToString(MessageDigest.getInstance("SHA-384").digest(bytes));
  }

  private static HttpResponse<byte[]> get(String path, String ifNoneMatch) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(monitor.baseUri().resolve(path));
    if (ifNoneMatch != null) {
      b.header("If-None-Match", ifNoneMatch);
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  /** The header's directives; a repeated directive fails the test (browsers ignore the second). */
  static Map<String, List<String>> directives(String header) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    for (String d : header.split(";")) {
      List<String> tokens = new ArrayList<>(Arrays.asList(d.trim().split("\\s+")));
      String name = tokens.remove(0);
      assertThat(out.put(name, tokens)).as("directive %s once", name).isNull();
    }
    return out;
  }

  /** Every script, link and style tag of the page with its attributes (plus "tag"). */
  static List<Map<String, String>> tags(String html) {
    List<Map<String, String>> out = new ArrayList<>();
    Matcher m = TAG.matcher(html);
    while (m.find()) {
      Map<String, String> attributes = new LinkedHashMap<>();
      attributes.put("tag", m.group(1));
      Matcher a = ATTRIBUTE.matcher(m.group(2));
      while (a.find()) {
        attributes.put(a.group(1), a.group(2) == null ? "" : a.group(2));
      }
      out.add(attributes);
    }
    return out;
  }
}
