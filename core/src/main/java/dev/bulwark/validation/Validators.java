package dev.bulwark.validation;

import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.validation.ValidatorFactory;
import org.hibernate.validator.HibernateValidator;
import org.hibernate.validator.HibernateValidatorConfiguration;
import org.hibernate.validator.messageinterpolation.ExpressionLanguageFeatureLevel;

/**
 * Hibernate Validator configured for untrusted input.
 *
 * <p>What is set, and why:
 *
 * <ul>
 *   <li>Expression Language in <em>custom violation</em> messages is off ({@link
 *       ExpressionLanguageFeatureLevel#NONE}): a validator that concatenates user input into {@code
 *       buildConstraintViolationWithTemplate(…)} must never have {@code ${…}} in that input
 *       evaluated (the CVE-2018-16862 / CVE-2020-10693 class of remote code execution);
 *   <li>Expression Language in <em>constraint</em> messages is limited to {@link
 *       ExpressionLanguageFeatureLevel#VARIABLES}: {@code ${validatedValue}} and the annotation's
 *       attributes, no method calls or bean properties;
 *   <li>fail-fast is opt-in: {@link #failFast()} stops at the first violation, which bounds the
 *       work an attacker can cause with a huge invalid body.
 * </ul>
 *
 * <p>{@code Validator} instances are thread-safe and expensive to create: create one at start-up
 * and share it.
 */
public final class Validators {

  private static final class Holder {
    static final ValidatorFactory DEFAULT = factory(false);
    static final ValidatorFactory FAIL_FAST = factory(true);
  }

  private Validators() {}

  /**
   * The shared validator that reports every violation.
   *
   * @return a thread-safe validator
   */
  public static Validator standard() {
    return Holder.DEFAULT.getValidator();
  }

  /**
   * The shared validator that stops at the first violation.
   *
   * @return a thread-safe validator
   */
  public static Validator failFast() {
    return Holder.FAIL_FAST.getValidator();
  }

  private static ValidatorFactory factory(boolean failFast) {
    HibernateValidatorConfiguration config =
        Validation.byProvider(HibernateValidator.class)
            .configure()
            .customViolationExpressionLanguageFeatureLevel(ExpressionLanguageFeatureLevel.NONE)
            .constraintExpressionLanguageFeatureLevel(ExpressionLanguageFeatureLevel.VARIABLES)
            .failFast(failFast);
    return config.buildValidatorFactory();
  }
}
