package dev.bulwark.validation.internal;

import dev.bulwark.password.PasswordCheck;
import dev.bulwark.password.PasswordContext;
import dev.bulwark.password.PasswordPolicy;
import dev.bulwark.password.PasswordProblem;
import dev.bulwark.validation.Password;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;

/** Checks {@link Password} with a {@link PasswordPolicy}. */
public final class PasswordValidator implements ConstraintValidator<Password, CharSequence> {

  private static final PasswordPolicy SINGLE_FACTOR = PasswordPolicy.builder().build();
  private static final PasswordPolicy MULTI_FACTOR =
      PasswordPolicy.builder().withMultiFactorAuthentication().build();

  private PasswordPolicy policy = SINGLE_FACTOR;

  @Override
  public void initialize(Password a) {
    policy = a.multiFactor() ? MULTI_FACTOR : SINGLE_FACTOR;
  }

  @Override
  public boolean isValid(CharSequence value, ConstraintValidatorContext ctx) {
    if (value == null) {
      return true;
    }
    PasswordCheck check = policy.check(value, PasswordContext.none());
    if (check.accepted()) {
      return true;
    }
    ctx.disableDefaultConstraintViolation();
    for (PasswordProblem p : check.problems()) {
      ctx.buildConstraintViolationWithTemplate(escape(p.message())).addConstraintViolation();
    }
    return false;
  }

  /** Message templates treat these characters specially; the policy's sentences are literal. */
  private static String escape(String message) {
    StringBuilder sb = new StringBuilder(message.length() + 8);
    for (int i = 0; i < message.length(); i++) {
      char c = message.charAt(i);
      if (c == '{' || c == '}' || c == '$' || c == '\\') {
        sb.append('\\');
      }
      sb.append(c);
    }
    return sb.toString();
  }
}
