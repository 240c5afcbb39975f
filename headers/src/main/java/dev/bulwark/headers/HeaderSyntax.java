package dev.bulwark.headers;

import dev.bulwark.encoding.LogSafe;
import dev.bulwark.web.ConfigurationException;

/**
 * RFC 9110 syntax checks for configured header names and values; a refusal is a {@link
 * ConfigurationException}.
 */
final class HeaderSyntax {

  private HeaderSyntax() {}

  static boolean isToken(String s) {
    if (s.isEmpty()) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean ok =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  static String checkName(String name) {
    if (!isToken(name)) {
      throw new ConfigurationException(
          "'" + LogSafe.forLog(name, 100) + "' is not a valid header name (an RFC 9110 token)");
    }
    return name;
  }

  static String checkValue(String name, String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < 0x20 || c > 0x7e) {
        throw new ConfigurationException(
            "the value of header "
                + name
                + " contains a control or non-ASCII character at index "
                + i
                + ": header values must be visible ASCII");
      }
    }
    if (!value.equals(value.strip())) {
      throw new ConfigurationException(
          "the value of header " + name + " has leading or trailing spaces");
    }
    return value;
  }
}
