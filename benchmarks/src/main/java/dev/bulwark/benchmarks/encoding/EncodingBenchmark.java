package dev.bulwark.benchmarks.encoding;

import dev.bulwark.encoding.JsonInHtml;
import dev.bulwark.encoding.LogSafe;
import dev.bulwark.encoding.RichTextSanitizer;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.owasp.encoder.Encode;

/**
 * Encoder and sanitiser throughput on a 1 KB and a 100 KB input: mostly prose with some markup and
 * characters that need encoding, as user-written content is.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class EncodingBenchmark {

  /** Input size in bytes. */
  @Param({"1024", "102400"})
  public int size;

  private String text;
  private String html;

  /** Builds the inputs from a fixed seed. */
  @Setup
  public void setUp() {
    Random rnd = new Random(42);
    String[] words = {
      "security",
      "the",
      "<b>bold</b>",
      "a & b",
      "\"quoted\"",
      "it's",
      "<script>x()</script>",
      "Grüße",
      "<a href=\"https://example.com\">link</a>",
      "<img src=x onerror=y()>",
      "line\n"
    };
    StringBuilder sb = new StringBuilder(size + 64);
    while (sb.length() < size) {
      sb.append(words[rnd.nextInt(words.length)]).append(' ');
    }
    text = sb.substring(0, size);
    html = "<p>" + text + "</p>";
  }

  /**
   * OWASP Encode.forHtml.
   *
   * @return encoded text
   */
  @Benchmark
  public String encodeForHtml() {
    return Encode.forHtml(text);
  }

  /**
   * OWASP Encode.forJavaScript.
   *
   * @return encoded text
   */
  @Benchmark
  public String encodeForJavaScript() {
    return Encode.forJavaScript(text);
  }

  /**
   * Bulwark's log neutraliser (uncapped).
   *
   * @return neutralised text
   */
  @Benchmark
  public String logSafe() {
    return LogSafe.forLog(text, Integer.MAX_VALUE);
  }

  /**
   * HTML-safe JSON of one string.
   *
   * @return JSON text
   */
  @Benchmark
  public String jsonInHtml() {
    return JsonInHtml.toJson(text);
  }

  /**
   * Rich-text sanitiser, formatting and links preset.
   *
   * @return sanitised HTML
   */
  @Benchmark
  public String sanitizeFormattingAndLinks() {
    return RichTextSanitizer.FORMATTING_AND_LINKS.sanitize(html);
  }
}
