package dev.bulwark.encoding;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulwark.testing.Browser;
import dev.bulwark.testing.JettyContainer;
import dev.bulwark.testing.ServletContainer;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;
import org.owasp.encoder.Encode;

/**
 * Proves the documented encoding call for each output context in a real browser: a page without any
 * CSP embeds every payload of {@link XssCorpus} with that call; none may run, and every value must
 * reach the page's DOM or script unchanged. A deliberately unencoded control payload per context
 * proves that the detector fires.
 */
class EncodingBrowserTest {

  private static final List<String> PAYLOADS = XssCorpus.payloads();
  private static ServletContainer server;
  private static ChromeDriver browser;

  /** An output context, the documented call, and how the page reads the value back. */
  enum Context {
    HTML_TEXT(
        p -> "<div class=\"e\">" + Encode.forHtmlContent(p) + "</div>\n",
        "return Array.from(document.querySelectorAll('.e')).map(e => e.textContent);",
        "<img src=x onerror=__xss()>"),
    HTML_ATTRIBUTE(
        p -> "<div class=\"e\" title=\"" + Encode.forHtmlAttribute(p) + "\"></div>\n",
        "return Array.from(document.querySelectorAll('.e')).map(e => e.getAttribute('title'));",
        "\"><img src=x onerror=__xss()>"),
    JAVASCRIPT_STRING(
        p -> "<script>v.push(\"" + Encode.forJavaScript(p) + "\");</script>\n",
        "return window.v;",
        "\");__xss();//"),
    URL_COMPONENT(
        p -> "<a class=\"e\" href=\"/search?q=" + Encode.forUriComponent(p) + "\">x</a>\n",
        "return Array.from(document.querySelectorAll('.e'))"
            + ".map(e => new URL(e.href).searchParams.get('q'));",
        "\"><img src=x onerror=__xss()>"),
    CSS_STRING(
        null,
        "return Array.from(document.querySelectorAll('.e'))"
            + ".map(e => getComputedStyle(e, '::after').content);",
        "\"}</style><img src=x onerror=__xss()>"),
    JSON_IN_SCRIPT(
        null, "return window.d.concat(window.d2);", "</script><img src=x onerror=__xss()>");

    final Function<String, String> entry;
    final String readBack;
    final String control;

    Context(Function<String, String> entry, String readBack, String control) {
      this.entry = entry;
      this.readBack = readBack;
      this.control = control;
    }

    String page(List<String> payloads, boolean encode) {
      StringBuilder body = new StringBuilder();
      if (this == JSON_IN_SCRIPT) {
        String json = encode ? JsonInHtml.toJson(payloads) : plainJson(payloads);
        body.append("<script type=\"application/json\" id=\"data\">")
            .append(json)
            .append("</script>\n<script>window.d = JSON.parse(document.getElementById('data')")
            .append(".textContent);</script>\n<script>window.d2 = ")
            .append(json)
            .append(";</script>\n");
      } else if (this == CSS_STRING) {
        for (int i = 0; i < payloads.size(); i++) {
          String p = payloads.get(i);
          body.append("<style>#c")
              .append(i)
              .append("::after{content:\"")
              .append(encode ? Encode.forCssString(p) : p)
              .append("\"}</style><div class=\"e\" id=\"c")
              .append(i)
              .append("\"></div>\n");
        }
      } else {
        for (String p : payloads) {
          body.append(encode ? entry.apply(p) : rawEntry(p));
        }
      }
      return "<!doctype html><html><head><meta charset=\"utf-8\"><title>t</title>"
          + "<script>window.__hits = 0; window.__xss = function () { window.__hits++; };"
          + " window.v = [];</script></head><body>\n"
          + body
          + "</body></html>";
    }

    private String rawEntry(String p) {
      return switch (this) {
        case HTML_TEXT -> "<div class=\"e\">" + p + "</div>";
        case HTML_ATTRIBUTE -> "<div class=\"e\" title=\"" + p + "\"></div>";
        case JAVASCRIPT_STRING -> "<script>v.push(\"" + p + "\");</script>";
        case URL_COMPONENT -> "<a class=\"e\" href=\"/search?q=" + p + "\">x</a>";
        default -> throw new IllegalStateException();
      };
    }
  }

  private static String plainJson(List<String> payloads) {
    try {
      return new ObjectMapper().writeValueAsString(payloads);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Serves /encoded/CONTEXT, /control/CONTEXT and /sanitized/PRESET. */
  static final class Pages extends HttpServlet {
    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
      String[] parts = req.getPathInfo().substring(1).split("/");
      String html;
      if (parts[0].equals("sanitized")) {
        RichTextSanitizer s =
            switch (parts[1]) {
              case "FORMATTING" -> RichTextSanitizer.FORMATTING;
              case "FORMATTING_AND_LINKS" -> RichTextSanitizer.FORMATTING_AND_LINKS;
              default -> RichTextSanitizer.FORMATTING_LINKS_AND_IMAGES;
            };
        StringBuilder sb = new StringBuilder();
        for (String p : PAYLOADS) {
          sb.append("<div class=\"e\">").append(s.sanitize(p)).append("</div>\n");
        }
        html =
            "<!doctype html><html><head><meta charset=\"utf-8\"><script>window.__hits = 0;"
                + " window.__xss = function () { window.__hits++; };</script></head><body>"
                + sb
                + "</body></html>";
      } else {
        Context c = Context.valueOf(parts[1]);
        html =
            parts[0].equals("encoded") ? c.page(PAYLOADS, true) : c.page(List.of(c.control), false);
      }
      resp.setContentType("text/html;charset=UTF-8");
      resp.getWriter().write(html);
    }
  }

  @BeforeAll
  static void start() throws Exception {
    browser = Browser.start();
    server = new JettyContainer().servlet("pages", new Pages(), "/p/*").start();
  }

  @AfterAll
  static void stop() throws Exception {
    if (browser != null) {
      browser.quit();
    }
    if (server != null) {
      server.close();
    }
  }

  private long hitsAfterLoad(String path) {
    browser.get(server.baseUri().resolve(path).toString());
    Object hits =
        ((JavascriptExecutor) browser)
            .executeAsyncScript(
                "const done = arguments[arguments.length - 1];"
                    + " setTimeout(() => done(window.__hits), 500);");
    return ((Number) hits).longValue();
  }

  @Test
  void corpus_hasAtLeast200Payloads() {
    assertThat(PAYLOADS).hasSizeGreaterThanOrEqualTo(200).doesNotHaveDuplicates();
  }

  @ParameterizedTest
  @EnumSource(Context.class)
  void control_unencodedPayload_runs(Context c) {
    assertThat(hitsAfterLoad("/p/control/" + c.name()))
        .as("the detector must fire on the unencoded control payload in %s", c)
        .isPositive();
  }

  @ParameterizedTest
  @EnumSource(Context.class)
  void documentedEncoding_noPayloadRuns_andEveryValueRoundTrips(Context c) {
    assertThat(hitsAfterLoad("/p/encoded/" + c.name())).as("payloads that ran in %s", c).isZero();
    @SuppressWarnings("unchecked")
    List<Object> values = (List<Object>) ((JavascriptExecutor) browser).executeScript(c.readBack);
    List<String> expected = new ArrayList<>();
    for (String p : PAYLOADS) {
      expected.add(c == Context.CSS_STRING ? cssSerialised(p) : p);
    }
    if (c == Context.JSON_IN_SCRIPT) {
      expected.addAll(List.copyOf(expected));
    }
    assertThat(values).as("values read back in %s", c).containsExactlyElementsOf(expected);
  }

  @ParameterizedTest
  @EnumSource(
      value = Context.class,
      names = {"HTML_TEXT"})
  void sanitizerPresets_noPayloadRuns(Context unused) {
    for (String preset :
        List.of("FORMATTING", "FORMATTING_AND_LINKS", "FORMATTING_LINKS_AND_IMAGES")) {
      assertThat(hitsAfterLoad("/p/sanitized/" + preset))
          .as("payloads that ran with %s", preset)
          .isZero();
    }
  }

  /** CSSOM "serialize a string", which is how getComputedStyle reports {@code content}. */
  private static String cssSerialised(String s) {
    StringBuilder sb = new StringBuilder("\"");
    s.codePoints()
        .forEach(
            cp -> {
              if (cp == 0) {
                sb.append('\ufffd');
              } else if ((cp >= 1 && cp <= 0x1f) || cp == 0x7f) {
                sb.append('\\').append(Integer.toHexString(cp)).append(' ');
              } else if (cp == '"' || cp == '\\') {
                sb.append('\\').appendCodePoint(cp);
              } else {
                sb.appendCodePoint(cp);
              }
            });
    return sb.append('"').toString();
  }
}
