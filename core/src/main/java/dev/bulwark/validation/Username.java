package dev.bulwark.validation;

import dev.bulwark.validation.internal.UsernameValidator;
import jakarta.validation.Constraint;
import jakarta.validation.Payload;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A user name: ASCII letters and digits, with {@code .}, {@code _} and {@code -} inside (not first
 * or last, never two in a row), between {@link #min()} and {@link #max()} characters. ASCII only on
 * purpose: Unicode user names allow look-alike accounts ({@code аdmin} with a Cyrillic {@code а}).
 * Compare user names case-insensitively ({@code toLowerCase(Locale.ROOT)}) when storing and looking
 * up. Null is valid.
 */
@Documented
@Constraint(validatedBy = UsernameValidator.class)
@Target({
  ElementType.FIELD,
  ElementType.METHOD,
  ElementType.PARAMETER,
  ElementType.RECORD_COMPONENT,
  ElementType.TYPE_USE,
  ElementType.ANNOTATION_TYPE
})
@Retention(RetentionPolicy.RUNTIME)
public @interface Username {

  /**
   * The message template.
   *
   * @return the template
   */
  String message() default
      "must be 3 to 32 letters, digits, dots, hyphens or underscores, starting and ending with a letter or digit";

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
   * Minimum length.
   *
   * @return 3 by default
   */
  int min() default 3;

  /**
   * Maximum length.
   *
   * @return 32 by default
   */
  int max() default 32;
}
