package dev.bulwark.encoding;

import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.owasp.html.HtmlPolicyBuilder;
import org.owasp.html.PolicyFactory;

/**
 * Sanitises untrusted rich text (HTML from an editor) with the OWASP Java HTML Sanitizer, for the
 * rare case where users must be able to format what they write. Plain text never needs this: encode
 * it with {@code Encode.forHtml}.
 *
 * <p>Presets (every one strips {@code script}, {@code style}, {@code iframe}, {@code object},
 * forms, every {@code on*} event handler and {@code style} attribute, and every URL that is not
 * {@code http}, {@code https} or {@code mailto}):
 *
 * <ul>
 *   <li>{@link #FORMATTING}: {@code b i em strong u s sub sup p br blockquote code pre ul ol li
 *       h1–h6 hr};
 *   <li>{@link #FORMATTING_AND_LINKS}: plus {@code <a href>}, always given {@code rel="nofollow
 *       noopener noreferrer"} and {@code target} removed;
 *   <li>{@link #FORMATTING_LINKS_AND_IMAGES}: plus {@code <img src alt width height>} with {@code
 *       https} sources only. Images are off in the other presets because a remote image leaks the
 *       reader's address and the time they read.
 * </ul>
 *
 * <p>Instances are immutable and thread-safe. Output is a fragment for HTML body context; never
 * place it inside an attribute, a script or a style element.
 */
public final class RichTextSanitizer {

  private static final String[] FORMATTING_TAGS = {
    "b",
    "i",
    "em",
    "strong",
    "u",
    "s",
    "sub",
    "sup",
    "p",
    "br",
    "blockquote",
    "code",
    "pre",
    "ul",
    "ol",
    "li",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr"
  };

  private static final PolicyFactory FORMATTING_POLICY =
      new HtmlPolicyBuilder().allowElements(FORMATTING_TAGS).toFactory();

  private static final PolicyFactory LINKS_POLICY =
      new HtmlPolicyBuilder()
          .allowElements("a")
          .allowStandardUrlProtocols()
          .allowAttributes("href")
          .onElements("a")
          .requireRelsOnLinks("nofollow", "noopener", "noreferrer")
          .toFactory();

  private static final PolicyFactory IMAGES_POLICY =
      new HtmlPolicyBuilder()
          .allowElements("img")
          .allowUrlProtocols("https")
          .allowAttributes("src", "alt")
          .onElements("img")
          .allowAttributes("width", "height")
          .matching(java.util.regex.Pattern.compile("[0-9]{1,4}"))
          .onElements("img")
          .toFactory();

  /** Basic formatting, no links, no images. */
  public static final RichTextSanitizer FORMATTING = new RichTextSanitizer(FORMATTING_POLICY);

  /** Formatting and links with {@code rel="nofollow noopener noreferrer"}. */
  public static final RichTextSanitizer FORMATTING_AND_LINKS =
      new RichTextSanitizer(FORMATTING_POLICY.and(LINKS_POLICY));

  /** Formatting, links and {@code https} images. */
  public static final RichTextSanitizer FORMATTING_LINKS_AND_IMAGES =
      new RichTextSanitizer(FORMATTING_POLICY.and(LINKS_POLICY).and(IMAGES_POLICY));

  private final PolicyFactory policy;

  private RichTextSanitizer(PolicyFactory policy) {
    this.policy = Objects.requireNonNull(policy);
  }

  /**
   * Sanitises a fragment.
   *
   * @param untrustedHtml the fragment, or null
   * @return safe HTML for body context; empty for null
   */
  public String sanitize(@Nullable String untrustedHtml) {
    return untrustedHtml == null ? "" : policy.sanitize(untrustedHtml);
  }
}
