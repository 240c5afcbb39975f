package dev.bulwark.web;

import dev.bulwark.encoding.LogSafe;
import java.util.Objects;

/**
 * A path pattern with the meaning a servlet {@code url-pattern} has, shared by every Bulwark
 * control that takes paths (rate-limit rules, per-path header policies, CSRF bypass paths):
 *
 * <ul>
 *   <li>{@code /login}: exactly that path;
 *   <li>{@code /api/*} or {@code /api/**}: {@code /api} itself and everything below it, at any
 *       depth (so a rule on {@code /api/admin/*} also covers {@code /api/admin/users/7});
 *   <li>{@code /*} or {@code /**}: every path;
 *   <li>{@code *.css}: every path ending in {@code .css}.
 * </ul>
 *
 * <p>A wildcard anywhere else ({@code /a/*}{@code /b}, {@code /api*}) is refused rather than
 * guessed at: a pattern that silently matched less than its author meant would leave paths
 * unprotected. Matching is case-sensitive, on the path within the application (servlet path plus
 * path info) as the container decoded and normalised it. Immutable and thread-safe.
 */
public final class PathPattern {

  private enum Kind {
    EXACT,
    SUBTREE,
    EXTENSION
  }

  private final String text;
  private final Kind kind;
  private final String base;

  private PathPattern(String text, Kind kind, String base) {
    this.text = text;
    this.kind = kind;
    this.base = base;
  }

  /**
   * Parses a pattern.
   *
   * @param text {@code /exact}, {@code /prefix/*}, {@code /prefix/**} or {@code *.ext}
   * @return the pattern
   * @throws IllegalArgumentException for any other form, naming the accepted ones
   */
  public static PathPattern parse(String text) {
    Objects.requireNonNull(text, "path pattern");
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c <= 0x20 || c >= 0x7f || c == '?' || c == '#' || c == ';') {
        throw invalid(text);
      }
    }
    if (text.startsWith("*.")) {
      if (text.length() == 2 || text.indexOf('/') >= 0 || text.indexOf('*', 1) >= 0) {
        throw invalid(text);
      }
      return new PathPattern(text, Kind.EXTENSION, text.substring(1));
    }
    if (!text.startsWith("/")) {
      throw invalid(text);
    }
    String base = text;
    Kind kind = Kind.EXACT;
    if (text.endsWith("/**")) {
      kind = Kind.SUBTREE;
      base = text.substring(0, text.length() - 3);
    } else if (text.endsWith("/*")) {
      kind = Kind.SUBTREE;
      base = text.substring(0, text.length() - 2);
    }
    if (base.indexOf('*') >= 0) {
      throw invalid(text);
    }
    return new PathPattern(text, kind, base);
  }

  private static IllegalArgumentException invalid(String text) {
    return new IllegalArgumentException(
        "path pattern '"
            + LogSafe.forLog(text, 100)
            + "' must be /exact, /prefix/* (the prefix and everything below it; /prefix/** means"
            + " the same), /* for every path, or *.ext: no wildcard elsewhere, no spaces, ?, # or ;");
  }

  /**
   * Whether a path matches.
   *
   * @param path the path within the application, starting with {@code /}
   * @return true when it matches
   */
  public boolean matches(String path) {
    return switch (kind) {
      case EXACT -> path.equals(base);
      case EXTENSION -> path.endsWith(base);
      case SUBTREE ->
          base.isEmpty()
              || (path.startsWith(base)
                  && (path.length() == base.length() || path.charAt(base.length()) == '/'));
    };
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PathPattern p && p.text.equals(text);
  }

  @Override
  public int hashCode() {
    return text.hashCode();
  }

  @Override
  public String toString() {
    return text;
  }
}
