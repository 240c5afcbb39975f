package dev.bulwark.validation.internal;

import dev.bulwark.validation.Email;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import java.net.IDN;
import java.nio.charset.StandardCharsets;

/** Checks {@link Email}. */
public final class EmailValidator implements ConstraintValidator<Email, CharSequence> {

  private static final String ATEXT_SYMBOLS = "!#$%&'*+/=?^_`{|}~-";

  private boolean idn;
  private boolean unicodeLocal;

  @Override
  public void initialize(Email a) {
    idn = a.allowInternationalDomain();
    unicodeLocal = a.allowUnicodeLocalPart();
  }

  @Override
  public boolean isValid(CharSequence value, ConstraintValidatorContext ctx) {
    return value == null || isValidAddress(value.toString(), idn, unicodeLocal);
  }

  /**
   * The rules of {@link Email}.
   *
   * @param s the address
   * @param idn whether Unicode domains are accepted
   * @param unicodeLocal whether a non-ASCII local part is accepted
   * @return true when valid
   */
  public static boolean isValidAddress(String s, boolean idn, boolean unicodeLocal) {
    if (s.length() > 254 || TextChecks.firstLoneSurrogate(s) >= 0) {
      return false;
    }
    int at = s.lastIndexOf('@');
    if (at <= 0 || at == s.length() - 1 || s.indexOf('@') != at) {
      return false;
    }
    String local = s.substring(0, at);
    String domain = s.substring(at + 1);
    if (local.getBytes(StandardCharsets.UTF_8).length > 64 || !isDotAtom(local, unicodeLocal)) {
      return false;
    }
    String ascii = domain;
    if (!isAscii(domain)) {
      if (!idn) {
        return false;
      }
      try {
        ascii = IDN.toASCII(domain, IDN.USE_STD3_ASCII_RULES);
      } catch (IllegalArgumentException e) {
        return false;
      }
    }
    return isHostname(ascii);
  }

  private static boolean isDotAtom(String local, boolean unicode) {
    if (local.startsWith(".") || local.endsWith(".") || local.contains("..")) {
      return false;
    }
    for (int i = 0; i < local.length(); ) {
      int cp = local.codePointAt(i);
      i += Character.charCount(cp);
      boolean ok =
          (cp >= 'a' && cp <= 'z')
              || (cp >= 'A' && cp <= 'Z')
              || (cp >= '0' && cp <= '9')
              || cp == '.'
              || (cp < 128 && ATEXT_SYMBOLS.indexOf(cp) >= 0)
              || (unicode && cp >= 128 && Character.isLetterOrDigit(cp));
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  /**
   * An LDH host name of at least two labels with a non-numeric top-level label.
   *
   * @param host ASCII host
   * @return true when valid
   */
  public static boolean isHostname(String host) {
    if (host.isEmpty() || host.length() > 253 || host.endsWith(".")) {
      return false;
    }
    String[] labels = host.split("\\.", -1);
    if (labels.length < 2) {
      return false;
    }
    for (String label : labels) {
      if (label.isEmpty() || label.length() > 63 || label.startsWith("-") || label.endsWith("-")) {
        return false;
      }
      for (int i = 0; i < label.length(); i++) {
        char c = label.charAt(i);
        boolean ok =
            (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
        if (!ok) {
          return false;
        }
      }
    }
    return !labels[labels.length - 1].chars().allMatch(Character::isDigit);
  }

  private static boolean isAscii(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) >= 128) {
        return false;
      }
    }
    return true;
  }
}
