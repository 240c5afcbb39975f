package dev.bulwark.ratelimit.servlet;

import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small RFC 9651 Structured Field parser for Lists of Items with Parameters (enough for the
 * RateLimit fields): strings, integers, tokens, byte sequences and booleans. Inner lists, decimals,
 * dates and display strings are refused, which the RateLimit fields never use. Throws
 * IllegalArgumentException on any syntax error.
 */
final class StructuredFields {

  record Item(Object value, Map<String, Object> params) {}

  private final String s;
  private int i;

  private StructuredFields(String s) {
    this.s = s;
  }

  static List<Item> parseList(String field) {
    StructuredFields p = new StructuredFields(field);
    p.skipSp();
    List<Item> out = new ArrayList<>();
    if (p.i == p.s.length()) {
      return out;
    }
    while (true) {
      out.add(p.item());
      p.skipOws();
      if (p.i == p.s.length()) {
        return out;
      }
      p.expect(',');
      p.skipOws();
      if (p.i == p.s.length()) {
        throw new IllegalArgumentException("trailing comma");
      }
    }
  }

  private Item item() {
    Object v = bareItem();
    Map<String, Object> params = new LinkedHashMap<>();
    while (i < s.length() && s.charAt(i) == ';') {
      i++;
      skipSp();
      String k = key();
      Object pv = Boolean.TRUE;
      if (i < s.length() && s.charAt(i) == '=') {
        i++;
        pv = bareItem();
      }
      params.put(k, pv);
    }
    return new Item(v, params);
  }

  private Object bareItem() {
    if (i >= s.length()) {
      throw new IllegalArgumentException("missing item");
    }
    char c = s.charAt(i);
    if (c == '-' || Character.isDigit(c)) {
      int start = i;
      if (c == '-') {
        i++;
      }
      int digits = 0;
      while (i < s.length() && Character.isDigit(s.charAt(i))) {
        i++;
        digits++;
      }
      if (digits == 0 || digits > 15) {
        throw new IllegalArgumentException("bad integer at " + start);
      }
      if (i < s.length() && s.charAt(i) == '.') {
        throw new IllegalArgumentException("decimals not supported here");
      }
      return Long.parseLong(s.substring(start, i));
    }
    if (c == '"') {
      i++;
      StringBuilder sb = new StringBuilder();
      while (true) {
        if (i >= s.length()) {
          throw new IllegalArgumentException("unterminated string");
        }
        char d = s.charAt(i++);
        if (d == '\\') {
          char e = s.charAt(i++);
          if (e != '"' && e != '\\') {
            throw new IllegalArgumentException("bad escape");
          }
          sb.append(e);
        } else if (d == '"') {
          return sb.toString();
        } else if (d < 0x20 || d > 0x7e) {
          throw new IllegalArgumentException("bad string char");
        } else {
          sb.append(d);
        }
      }
    }
    if (c == ':') {
      int end = s.indexOf(':', i + 1);
      if (end < 0) {
        throw new IllegalArgumentException("unterminated byte sequence");
      }
      String b64 = s.substring(i + 1, end);
      i = end + 1;
      return Base64.getDecoder().decode(b64);
    }
    if (c == '?') {
      char b = s.charAt(i + 1);
      i += 2;
      if (b == '0' || b == '1') {
        return b == '1';
      }
      throw new IllegalArgumentException("bad boolean");
    }
    if (Character.isLetter(c) || c == '*') {
      int start = i;
      while (i < s.length() && "!#$%&'*+-.^_`|~:/".indexOf(s.charAt(i)) >= 0
          || i < s.length() && Character.isLetterOrDigit(s.charAt(i))) {
        i++;
      }
      return new Token(s.substring(start, i));
    }
    throw new IllegalArgumentException("unexpected '" + c + "' at " + i);
  }

  record Token(String text) {}

  private String key() {
    int start = i;
    if (i >= s.length() || !(Character.isLowerCase(s.charAt(i)) || s.charAt(i) == '*')) {
      throw new IllegalArgumentException("bad key at " + i);
    }
    while (i < s.length()
        && (Character.isLowerCase(s.charAt(i))
            || Character.isDigit(s.charAt(i))
            || "_-.*".indexOf(s.charAt(i)) >= 0)) {
      i++;
    }
    return s.substring(start, i);
  }

  private void expect(char c) {
    if (i >= s.length() || s.charAt(i) != c) {
      throw new IllegalArgumentException("expected '" + c + "' at " + i + " in " + s);
    }
    i++;
  }

  private void skipSp() {
    while (i < s.length() && s.charAt(i) == ' ') {
      i++;
    }
  }

  private void skipOws() {
    while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) {
      i++;
    }
  }
}
