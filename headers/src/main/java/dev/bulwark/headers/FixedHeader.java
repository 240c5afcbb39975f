package dev.bulwark.headers;

import java.util.Objects;

/** A header whose value never changes. */
final class FixedHeader implements SecurityHeader {

  private final String name;
  private final String value;

  FixedHeader(String name, String value) {
    this.name = HeaderSyntax.checkName(Objects.requireNonNull(name, "name"));
    this.value = HeaderSyntax.checkValue(name, Objects.requireNonNull(value, "value"));
  }

  @Override
  public String headerName() {
    return name;
  }

  @Override
  public String value(HeaderContext context) {
    return value;
  }

  @Override
  public String toString() {
    return name + ": " + value;
  }
}
