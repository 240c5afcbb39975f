package dev.bulwark.validation;

import dev.bulwark.validation.internal.EmailValidator;
import jakarta.validation.Constraint;
import jakarta.validation.Payload;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * An email address stricter than {@code jakarta.validation.constraints.Email}: the plain {@code
 * local@domain} form that mail systems actually deliver to. Null is valid.
 *
 * <ul>
 *   <li>RFC 5321 limits: at most 254 characters in all, a local part of at most 64 octets, a domain
 *       of at most 253 characters in labels of 1–63;
 *   <li>local part: a dot-atom (letters, digits and the symbols ! # $ % &amp; ' * + / = ? ^ _ ` { |
 *       } ~ -, with dots not first, last or doubled); no quoted strings, no comments, no display
 *       names (such as "Bob" &lt;bob@x&gt;), no whitespace or control characters; non-ASCII (RFC
 *       6531) only with {@link #allowUnicodeLocalPart()};
 *   <li>domain: at least two labels of letters, digits and hyphens (not first or last), a
 *       non-numeric top-level label, no IP literals ({@code [192.0.2.1]}); an internationalised
 *       domain ({@code bücher.example}) is accepted when its IDNA ASCII form ({@code
 *       xn--bcher-kva.example}) passes those rules, unless {@link #allowInternationalDomain()} is
 *       false.
 * </ul>
 */
@Documented
@Constraint(validatedBy = EmailValidator.class)
@Target({
  ElementType.FIELD,
  ElementType.METHOD,
  ElementType.PARAMETER,
  ElementType.RECORD_COMPONENT,
  ElementType.TYPE_USE,
  ElementType.ANNOTATION_TYPE
})
@Retention(RetentionPolicy.RUNTIME)
public @interface Email {

  /**
   * The message template.
   *
   * @return the template
   */
  String message() default "must be an email address such as name@example.com";

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
   * Whether a Unicode domain is accepted (checked in its IDNA ASCII form).
   *
   * @return true by default
   */
  boolean allowInternationalDomain() default true;

  /**
   * Whether a non-ASCII local part (SMTPUTF8) is accepted.
   *
   * @return false by default: many mail systems still reject them
   */
  boolean allowUnicodeLocalPart() default false;
}
