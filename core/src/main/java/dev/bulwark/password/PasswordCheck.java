package dev.bulwark.password;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What {@link PasswordPolicy#check(CharSequence, PasswordContext)} found: every reason the password
 * is refused, in the order the policy checks them. Immutable; holds no secret.
 */
public final class PasswordCheck {

  private final List<PasswordProblem> problems;

  PasswordCheck(List<PasswordProblem> problems) {
    this.problems = List.copyOf(problems);
  }

  /**
   * Whether the password may be used.
   *
   * @return true when there is no problem
   */
  public boolean accepted() {
    return problems.isEmpty();
  }

  /**
   * Every reason the password is refused; empty when it is accepted.
   *
   * @return an immutable list
   */
  public List<PasswordProblem> problems() {
    return problems;
  }

  /**
   * The reasons alone.
   *
   * @return an immutable set
   */
  public Set<PasswordProblem.Reason> reasons() {
    return problems.stream().map(PasswordProblem::reason).collect(Collectors.toUnmodifiableSet());
  }

  @Override
  public String toString() {
    return "PasswordCheck" + problems.stream().map(p -> p.reason().name()).toList();
  }
}
