package dev.bulwark.validation;

import dev.bulwark.validation.internal.SafeFilenameValidator;
import jakarta.validation.Constraint;
import jakarta.validation.Payload;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A single file name, safe to use on Linux, macOS and Windows without escaping the directory it is
 * put in. Null is valid. Refused:
 *
 * <ul>
 *   <li>empty names, {@code .} and {@code ..}, and names over 255 UTF-8 bytes;
 *   <li>path separators {@code /} and {@code \}, and the characters Windows reserves: {@code : * ?
 *       " &lt; &gt; |};
 *   <li>control characters, bidirectional formatting characters ({@code invoice\u202Efdp.exe}),
 *       lone surrogates and text not in NFC;
 *   <li>a leading dot (hidden files such as {@code .htaccess}) unless {@link #allowLeadingDot()};
 *   <li>a trailing dot or space (Windows strips them, so {@code a.txt.} becomes {@code a.txt});
 *   <li>Windows device names, in any case and with any extension: {@code CON}, {@code PRN}, {@code
 *       AUX}, {@code NUL}, {@code COM0}–{@code COM9}, {@code LPT0}–{@code LPT9} (and the
 *       superscript digits ¹²³), {@code CONIN$}, {@code CONOUT$}.
 * </ul>
 *
 * <p>Still store uploads under a name you generate; use the validated name only for display.
 */
@Documented
@Constraint(validatedBy = SafeFilenameValidator.class)
@Target({
  ElementType.FIELD,
  ElementType.METHOD,
  ElementType.PARAMETER,
  ElementType.RECORD_COMPONENT,
  ElementType.TYPE_USE,
  ElementType.ANNOTATION_TYPE
})
@Retention(RetentionPolicy.RUNTIME)
public @interface SafeFilename {

  /**
   * The message template.
   *
   * @return the template
   */
  String message() default "must be a plain file name without path separators or reserved names";

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
   * Whether a leading dot is allowed.
   *
   * @return false by default
   */
  boolean allowLeadingDot() default false;
}
