package dev.bulwark.headers.testing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** Strict parsers for the headers under test, so that assertions check syntax, not substrings. */
public final class HeaderParsing {

  private static final Pattern DIRECTIVE_NAME = Pattern.compile("[a-z][a-z-]*");
  private static final Pattern SOURCE = Pattern.compile("[\\x21-\\x2b\\x2d-\\x3a\\x3c-\\x7e]+");
  private static final Pattern FEATURE = Pattern.compile("[a-z][a-z0-9-]*");
  private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");

  private HeaderParsing() {}

  /** Parses a CSP (RFC-ish grammar of CSP3 §2.2): directive name, then sources. */
  public static Map<String, List<String>> csp(String value) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    for (String d : value.split(";", -1)) {
      String t = d.strip();
      if (t.isEmpty()) {
        throw new AssertionError("empty directive in " + value);
      }
      String[] tokens = t.split(" ");
      if (!DIRECTIVE_NAME.matcher(tokens[0]).matches()) {
        throw new AssertionError("bad directive name " + tokens[0]);
      }
      List<String> sources = new ArrayList<>();
      for (int i = 1; i < tokens.length; i++) {
        if (!SOURCE.matcher(tokens[i]).matches()) {
          throw new AssertionError("bad source '" + tokens[i] + "' in " + value);
        }
        sources.add(tokens[i]);
      }
      if (out.put(tokens[0], sources) != null) {
        throw new AssertionError("duplicate directive " + tokens[0]);
      }
    }
    return out;
  }

  /** Parses HSTS into directive name (lower-case) to value ("" when none). */
  public static Map<String, String> hsts(String value) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String d : value.split(";")) {
      String t = d.strip();
      int eq = t.indexOf('=');
      String name = (eq < 0 ? t : t.substring(0, eq)).toLowerCase(java.util.Locale.ROOT);
      if (!TOKEN.matcher(name).matches()) {
        throw new AssertionError("bad HSTS directive " + t);
      }
      out.put(name, eq < 0 ? "" : t.substring(eq + 1));
    }
    return out;
  }

  /** Parses a Permissions-Policy (an RFC 8941 dictionary of inner lists). */
  public static Map<String, List<String>> permissionsPolicy(String value) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    for (String member : value.split(", ")) {
      int eq = member.indexOf('=');
      String key = member.substring(0, eq);
      String v = member.substring(eq + 1);
      if (!FEATURE.matcher(key).matches()) {
        throw new AssertionError("bad feature " + key);
      }
      if (v.equals("*")) {
        out.put(key, List.of("*"));
        continue;
      }
      if (!v.startsWith("(") || !v.endsWith(")")) {
        throw new AssertionError("not an inner list: " + v);
      }
      String inner = v.substring(1, v.length() - 1);
      List<String> items = new ArrayList<>();
      for (String item : inner.isEmpty() ? new String[0] : inner.split(" ")) {
        if (!item.equals("self") && !item.matches("\"https?://[a-z0-9.:-]+\"")) {
          throw new AssertionError("bad allowlist item " + item);
        }
        items.add(item);
      }
      out.put(key, items);
    }
    return out;
  }

  /** Parses a Set-Cookie header into attribute name (lower-case) to value. */
  public static Map<String, String> setCookie(String value) {
    Map<String, String> out = new LinkedHashMap<>();
    String[] parts = value.split(";");
    int eq = parts[0].indexOf('=');
    out.put("$name", parts[0].substring(0, eq).strip());
    out.put("$value", parts[0].substring(eq + 1).strip());
    for (int i = 1; i < parts.length; i++) {
      String a = parts[i].strip();
      int e = a.indexOf('=');
      String n = (e < 0 ? a : a.substring(0, e)).toLowerCase(java.util.Locale.ROOT);
      if (out.put(n, e < 0 ? "" : a.substring(e + 1)) != null) {
        throw new AssertionError("duplicate cookie attribute " + n + " in " + value);
      }
    }
    return out;
  }
}
