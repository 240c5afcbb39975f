package dev.bulwark.validation;

import dev.bulwark.validation.internal.SafeTextValidator;
import jakarta.validation.Constraint;
import jakarta.validation.Payload;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Plain text from an untrusted source that is safe to store, log and display.
 *
 * <p>A value is valid when all of the following hold (null is valid):
 *
 * <ul>
 *   <li>it is well-formed UTF-16: no unpaired surrogate;
 *   <li>it contains no control character (Unicode category Cc: U+0000–U+001F, U+007F–U+009F), NUL
 *       included, except TAB when {@link #allowTab()} and CR/LF when {@link #allowLineBreaks()};
 *   <li>it contains no bidirectional formatting character (U+061C, U+200E, U+200F, U+202A–U+202E,
 *       U+2066–U+2069), which can make displayed text read differently from stored text;
 *   <li>it contains no Unicode noncharacter (U+FDD0–U+FDEF, U+xxFFFE, U+xxFFFF);
 *   <li>it is in Unicode normalisation form NFC, so that equal-looking strings are equal; normalise
 *       input with {@code java.text.Normalizer.normalize(s, Form.NFC)} before validating;
 *   <li>its length in code points (not UTF-16 units) is between {@link #min()} and {@link #max()}.
 * </ul>
 *
 * <p>It does not make text safe to insert into HTML, SQL or a shell: encode on output.
 */
@Documented
@Constraint(validatedBy = SafeTextValidator.class)
@Target({
  ElementType.FIELD,
  ElementType.METHOD,
  ElementType.PARAMETER,
  ElementType.RECORD_COMPONENT,
  ElementType.TYPE_USE,
  ElementType.ANNOTATION_TYPE
})
@Retention(RetentionPolicy.RUNTIME)
public @interface SafeText {

  /**
   * The message template.
   *
   * @return the template
   */
  String message() default "must be plain text without control or formatting characters";

  /**
   * Validation groups.
   *
   * @return the groups
   */
  Class<?>[] groups() default {};

  /**
   * Payload.
   *
   * @return the payload
   */
  Class<? extends Payload>[] payload() default {};

  /**
   * Minimum length in code points.
   *
   * @return the minimum, 0 by default
   */
  int min() default 0;

  /**
   * Maximum length in code points.
   *
   * @return the maximum, 1000 by default
   */
  int max() default 1000;

  /**
   * Whether CR and LF are allowed (multi-line text).
   *
   * @return false by default
   */
  boolean allowLineBreaks() default false;

  /**
   * Whether TAB is allowed.
   *
   * @return false by default
   */
  boolean allowTab() default false;
}
