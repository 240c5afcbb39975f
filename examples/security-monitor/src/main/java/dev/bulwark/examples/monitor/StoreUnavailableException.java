package dev.bulwark.examples.monitor;

/** A backing store (PostgreSQL, Redis) could not be reached: answered with 503 and Retry-After. */
final class StoreUnavailableException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final String component;

  StoreUnavailableException(String component, Throwable cause) {
    super(component + " is unavailable", cause);
    this.component = component;
  }

  String component() {
    return component;
  }
}
