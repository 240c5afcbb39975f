package dev.bulwark.validation;

import dev.bulwark.validation.internal.PasswordValidator;
import jakarta.validation.Constraint;
import jakarta.validation.Payload;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A new password acceptable under {@link dev.bulwark.password.PasswordPolicy}'s NIST SP 800-63B rev
 * 4 rules: at least 15 code points (8 with {@link #multiFactor()}) after NFKC normalisation, at
 * most 64, no control characters, not on the bundled common-password list, not one character
 * repeated, not a run of consecutive characters. Each failed rule becomes its own violation, in
 * words a user can act on; the password itself never appears in a message. Null is valid.
 *
 * <p>What a field annotation cannot see: the user's name and email (context words) and the
 * breached-password service (a network call does not belong in validation). For those, call {@code
 * PasswordPolicy.check(password, PasswordContext.of(username, email))} where you have them, as the
 * Security Monitor demo's registration does.
 *
 * <p>Mark the field {@link Sensitive} as well, so no other constraint's message can quote it.
 */
@Documented
@Constraint(validatedBy = PasswordValidator.class)
@Target({
  ElementType.FIELD,
  ElementType.METHOD,
  ElementType.PARAMETER,
  ElementType.RECORD_COMPONENT,
  ElementType.TYPE_USE,
  ElementType.ANNOTATION_TYPE
})
@Retention(RetentionPolicy.RUNTIME)
public @interface Password {

  /**
   * The message template, used only when the policy gives no reason.
   *
   * @return the template
   */
  String message() default "is not an acceptable password";

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
   * Whether the service uses multi-factor authentication (NIST then allows 8 characters).
   *
   * @return false by default
   */
  boolean multiFactor() default false;
}
