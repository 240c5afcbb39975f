package dev.bulwark.headers.internal;

import java.util.Objects;

/**
 * A path pattern in the servlet-mapping spirit: {@code /exact}, {@code /prefix/**} (the prefix
 * itself and everything below it) or {@code *.ext}. Matching is on the path within the application
 * (servlet path plus path info), case-sensitive, after the container has decoded and normalised it.
 */
public final class PathPattern {

  private final String pattern;
  private final String prefix;
  private final Kind kind;

  private enum Kind {
    EXACT,
    PREFIX,
    EXTENSION
  }

  private PathPattern(String pattern) {
    this.pattern = pattern;
    if (pattern.endsWith("/**")) {
      kind = Kind.PREFIX;
      prefix = pattern.substring(0, pattern.length() - 3);
    } else if (pattern.startsWith("*.")) {
      kind = Kind.EXTENSION;
      prefix = pattern.substring(1);
    } else {
      kind = Kind.EXACT;
      prefix = pattern;
    }
  }

  /**
   * Parses a pattern.
   *
   * @param pattern {@code /exact}, {@code /prefix/**} or {@code *.ext}
   * @return the pattern
   * @throws IllegalArgumentException for any other form
   */
  public static PathPattern of(String pattern) {
    Objects.requireNonNull(pattern, "pattern");
    boolean ok;
    if (pattern.startsWith("*.")) {
      ok = pattern.length() > 2 && pattern.indexOf('/') < 0 && pattern.indexOf('*', 1) < 0;
    } else if (pattern.startsWith("/")) {
      String rest = pattern.endsWith("/**") ? pattern.substring(0, pattern.length() - 3) : pattern;
      ok = rest.indexOf('*') < 0;
    } else {
      ok = false;
    }
    for (int i = 0; ok && i < pattern.length(); i++) {
      char c = pattern.charAt(i);
      ok = c > 0x20 && c < 0x7f && c != '?' && c != '#' && c != ';';
    }
    if (!ok) {
      throw new IllegalArgumentException(
          "path pattern '"
              + dev.bulwark.encoding.LogSafe.forLog(pattern, 100)
              + "' must be /exact, /prefix/** or *.ext");
    }
    return new PathPattern(pattern);
  }

  /**
   * Whether the path matches.
   *
   * @param path the path within the application, starting with {@code /}
   * @return true when it matches
   */
  public boolean matches(String path) {
    return switch (kind) {
      case EXACT -> path.equals(prefix);
      case PREFIX ->
          path.equals(prefix)
              || (path.startsWith(prefix)
                  && (prefix.endsWith("/") || path.charAt(prefix.length()) == '/'));
      case EXTENSION -> path.endsWith(prefix);
    };
  }

  @Override
  public String toString() {
    return pattern;
  }
}
