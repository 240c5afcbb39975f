package dev.bulwark.validation;

import dev.bulwark.web.ProblemDetail;
import java.util.Objects;

/**
 * A request body was refused. {@link #problem()} is the response to send; the message is the
 * problem's detail and never contains the rejected input.
 */
public final class InvalidRequestException extends Exception {

  private static final long serialVersionUID = 1L;

  private final transient ProblemDetail problem;

  /**
   * An exception carrying the response.
   *
   * @param problem the problem to send
   */
  public InvalidRequestException(ProblemDetail problem) {
    super(problem.detail());
    this.problem = Objects.requireNonNull(problem, "problem");
  }

  /**
   * The problem response to send.
   *
   * @return the problem (400, 413 or 415)
   */
  public ProblemDetail problem() {
    return problem;
  }
}
