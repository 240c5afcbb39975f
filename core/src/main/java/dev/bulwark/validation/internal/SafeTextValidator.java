package dev.bulwark.validation.internal;

import dev.bulwark.validation.SafeText;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import java.text.Normalizer;
import org.jspecify.annotations.Nullable;

/** Checks {@link SafeText}. */
public final class SafeTextValidator implements ConstraintValidator<SafeText, CharSequence> {

  private int min;
  private int max;
  private boolean lineBreaks;
  private boolean tab;

  @Override
  public void initialize(SafeText a) {
    if (a.min() < 0 || a.max() < a.min()) {
      throw new IllegalArgumentException(
          "@SafeText needs 0 <= min <= max (was min=" + a.min() + ", max=" + a.max() + ")");
    }
    min = a.min();
    max = a.max();
    lineBreaks = a.allowLineBreaks();
    tab = a.allowTab();
  }

  @Override
  public boolean isValid(CharSequence value, ConstraintValidatorContext ctx) {
    if (value == null) {
      return true;
    }
    String reason = check(value, min, max, lineBreaks, tab);
    if (reason == null) {
      return true;
    }
    ctx.disableDefaultConstraintViolation();
    ctx.buildConstraintViolationWithTemplate(reason).addConstraintViolation();
    return false;
  }

  /**
   * The reason a value is refused, or null. Reasons are constant texts, never the value.
   *
   * @param value the text
   * @param min minimum code points
   * @param max maximum code points
   * @param lineBreaks whether CR and LF are allowed
   * @param tab whether TAB is allowed
   * @return the reason or null
   */
  public static @Nullable String check(
      CharSequence value, int min, int max, boolean lineBreaks, boolean tab) {
    if (TextChecks.firstLoneSurrogate(value) >= 0) {
      return "must be well-formed Unicode text";
    }
    String s = value.toString();
    int count = 0;
    for (int i = 0; i < s.length(); ) {
      int cp = s.codePointAt(i);
      i += Character.charCount(cp);
      count++;
      if (cp == '\n' || cp == '\r') {
        if (!lineBreaks) {
          return "must be a single line";
        }
      } else if (cp == '\t') {
        if (!tab) {
          return "must not contain tab characters";
        }
      } else if (Character.getType(cp) == Character.CONTROL) {
        return "must not contain control characters";
      } else if (TextChecks.isBidiControl(cp)) {
        return "must not contain bidirectional formatting characters";
      } else if (TextChecks.isNoncharacter(cp)) {
        return "must not contain Unicode noncharacters";
      }
    }
    if (count < min || count > max) {
      return "length must be between " + min + " and " + max + " characters";
    }
    if (!Normalizer.isNormalized(s, Normalizer.Form.NFC)) {
      return "must be in Unicode normalisation form NFC";
    }
    return null;
  }
}
