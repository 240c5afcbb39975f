package dev.bulwark.validation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a field whose value must never appear in an error response or a log: {@link
 * ValidationProblems} replaces any violation message that would quote it. Fields whose name
 * contains {@code password}, {@code secret}, {@code token} or {@code apikey} (any case) are treated
 * as sensitive without the annotation.
 */
@Documented
@Target({
  ElementType.FIELD,
  ElementType.METHOD,
  ElementType.RECORD_COMPONENT,
  ElementType.PARAMETER
})
@Retention(RetentionPolicy.RUNTIME)
public @interface Sensitive {}
