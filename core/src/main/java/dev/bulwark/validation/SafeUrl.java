package dev.bulwark.validation;

import dev.bulwark.validation.internal.SafeUrlValidator;
import jakarta.validation.Constraint;
import jakarta.validation.Payload;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * An absolute URL that is safe to follow or to put in a link. Null is valid.
 *
 * <ul>
 *   <li>it parses as an RFC 3986 URI ({@link java.net.URI}) of at most {@link #maxLength()}
 *       characters: no whitespace, control characters or backslashes;
 *   <li>its scheme is in {@link #schemes()} ({@code https} by default), compared
 *       case-insensitively; {@code javascript}, {@code data}, {@code vbscript}, {@code file} and
 *       {@code blob} can never be allowed;
 *   <li>it has a host and no user-info ({@code https://trusted.example@evil.example/} is refused);
 *   <li>when {@link #hosts()} is not empty, the host (lower case) equals one of them, or ends with
 *       {@code .suffix} for an entry written {@code *.suffix}.
 * </ul>
 */
@Documented
@Constraint(validatedBy = SafeUrlValidator.class)
@Target({
  ElementType.FIELD,
  ElementType.METHOD,
  ElementType.PARAMETER,
  ElementType.RECORD_COMPONENT,
  ElementType.TYPE_USE,
  ElementType.ANNOTATION_TYPE
})
@Retention(RetentionPolicy.RUNTIME)
public @interface SafeUrl {

  /**
   * The message template.
   *
   * @return the template
   */
  String message() default "must be an https URL";

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
   * Allowed schemes, lower case.
   *
   * @return {@code https} by default
   */
  String[] schemes() default {"https"};

  /**
   * Allowed hosts; empty allows any host. {@code *.example.com} allows subdomains of example.com
   * (not example.com itself).
   *
   * @return empty by default
   */
  String[] hosts() default {};

  /**
   * Maximum length in characters.
   *
   * @return 2048 by default
   */
  int maxLength() default 2048;
}
