package dev.bulwark.validation.internal;

import dev.bulwark.validation.SafeFilename;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.Locale;
import java.util.Set;

/** Checks {@link SafeFilename}. */
public final class SafeFilenameValidator
    implements ConstraintValidator<SafeFilename, CharSequence> {

  private static final Set<String> DEVICES =
      Set.of("con", "prn", "aux", "nul", "conin$", "conout$", "clock$");

  private boolean leadingDot;

  @Override
  public void initialize(SafeFilename a) {
    leadingDot = a.allowLeadingDot();
  }

  @Override
  public boolean isValid(CharSequence value, ConstraintValidatorContext ctx) {
    return value == null || isSafe(value.toString(), leadingDot);
  }

  /**
   * The rules of {@link SafeFilename}.
   *
   * @param name the name
   * @param allowLeadingDot whether a leading dot is allowed
   * @return true when safe
   */
  public static boolean isSafe(String name, boolean allowLeadingDot) {
    if (name.isEmpty() || name.equals(".") || name.equals("..")) {
      return false;
    }
    if (TextChecks.firstLoneSurrogate(name) >= 0
        || name.getBytes(StandardCharsets.UTF_8).length > 255
        || !Normalizer.isNormalized(name, Normalizer.Form.NFC)) {
      return false;
    }
    for (int i = 0; i < name.length(); ) {
      int cp = name.codePointAt(i);
      i += Character.charCount(cp);
      if (Character.getType(cp) == Character.CONTROL
          || TextChecks.isBidiControl(cp)
          || TextChecks.isNoncharacter(cp)
          || "/\\:*?\"<>|".indexOf(cp) >= 0) {
        return false;
      }
    }
    if (!allowLeadingDot && name.charAt(0) == '.') {
      return false;
    }
    char last = name.charAt(name.length() - 1);
    if (last == '.' || last == ' ') {
      return false;
    }
    int dot = name.indexOf('.');
    String stem = (dot < 0 ? name : name.substring(0, dot)).trim().toLowerCase(Locale.ROOT);
    if (DEVICES.contains(stem)) {
      return false;
    }
    if (stem.length() == 4 && (stem.startsWith("com") || stem.startsWith("lpt"))) {
      char d = stem.charAt(3);
      return !((d >= '0' && d <= '9') || d == '\u00b9' || d == '\u00b2' || d == '\u00b3');
    }
    return true;
  }
}
