package dev.bulwark.ratelimit.internal;

import java.util.Objects;

/**
 * A path pattern: an exact path ({@code /login}), a subtree ({@code /api/**}, which also matches
 * {@code /api} itself), one segment ({@code /api/*}) or everything ({@code /**}). Matching is
 * case-sensitive and expects a container-normalised path.
 */
public final class PathPattern {

  private enum Kind {
    EXACT,
    SUBTREE,
    ONE_SEGMENT
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
   * @param text the pattern
   * @return the pattern
   * @throws IllegalArgumentException when it does not start with {@code /} or uses a wildcard
   *     elsewhere than a last {@code /*} or {@code /**}
   */
  public static PathPattern parse(String text) {
    Objects.requireNonNull(text, "path pattern");
    if (!text.startsWith("/")) {
      throw new IllegalArgumentException(
          "path pattern '" + text + "' must start with '/', such as /api/** or /login");
    }
    Kind kind = Kind.EXACT;
    String base = text;
    if (text.endsWith("/**")) {
      kind = Kind.SUBTREE;
      base = text.substring(0, text.length() - 3);
    } else if (text.endsWith("/*")) {
      kind = Kind.ONE_SEGMENT;
      base = text.substring(0, text.length() - 2);
    }
    if (base.contains("*")) {
      throw new IllegalArgumentException(
          "path pattern '"
              + text
              + "' may only use a wildcard as its last segment: /api/** (subtree) or /api/* (one"
              + " segment)");
    }
    return new PathPattern(text, kind, base);
  }

  /**
   * Whether a path matches.
   *
   * @param path the request path
   * @return true when it matches
   */
  public boolean matches(String path) {
    switch (kind) {
      case EXACT:
        return path.equals(base);
      case SUBTREE:
        return base.isEmpty()
            || path.equals(base)
            || (path.startsWith(base) && path.charAt(base.length()) == '/');
      default:
        if (!path.startsWith(base + "/")) {
          return false;
        }
        return path.indexOf('/', base.length() + 1) < 0 && path.length() > base.length() + 1;
    }
  }

  @Override
  public String toString() {
    return text;
  }
}
