package dev.bulwark.validation.internal;

import dev.bulwark.validation.Username;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;

/** Checks {@link Username}. */
public final class UsernameValidator implements ConstraintValidator<Username, CharSequence> {

  private int min;
  private int max;

  @Override
  public void initialize(Username a) {
    if (a.min() < 1 || a.max() < a.min()) {
      throw new IllegalArgumentException(
          "@Username needs 1 <= min <= max (was min=" + a.min() + ", max=" + a.max() + ")");
    }
    min = a.min();
    max = a.max();
  }

  @Override
  public boolean isValid(CharSequence value, ConstraintValidatorContext ctx) {
    if (value == null) {
      return true;
    }
    int n = value.length();
    if (n < min || n > max) {
      return false;
    }
    char prev = '.';
    for (int i = 0; i < n; i++) {
      char c = value.charAt(i);
      boolean alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
      boolean sep = c == '.' || c == '_' || c == '-';
      if (!alnum && !sep) {
        return false;
      }
      if (sep && (i == 0 || i == n - 1 || !isAlnum(prev))) {
        return false;
      }
      prev = c;
    }
    return true;
  }

  private static boolean isAlnum(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  }
}
