/**
 * Input validation for untrusted data: a safely configured Hibernate Validator ({@link
 * dev.bulwark.validation.Validators}), constraints that Jakarta Validation lacks ({@link
 * dev.bulwark.validation.SafeText}, {@link dev.bulwark.validation.Username}, {@link
 * dev.bulwark.validation.Email}, {@link dev.bulwark.validation.SafeUrl}, {@link
 * dev.bulwark.validation.SafeFilename}, {@link dev.bulwark.validation.Password}), strict JSON
 * binding ({@link dev.bulwark.validation.JsonBodyReader}) and RFC 9457 problem responses for
 * violations ({@link dev.bulwark.validation.ValidationProblems}).
 *
 * <p>Every constraint treats {@code null} as valid, as Jakarta Validation's own do: combine with
 * {@code @NotNull} where a value is required.
 */
@NullMarked
package dev.bulwark.validation;

import org.jspecify.annotations.NullMarked;
