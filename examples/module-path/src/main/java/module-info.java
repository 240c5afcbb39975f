/** A modular application that uses every Bulwark module through its exported API only. */
module dev.bulwark.examples.modulepath {
  requires dev.bulwark.core;
  requires dev.bulwark.headers;
  requires dev.bulwark.jwt;
  requires dev.bulwark.mfa;
  requires dev.bulwark.ratelimit;

  // Hibernate Validator reads the constraint annotations of the application's own types.
  opens dev.bulwark.examples.modulepath to
      org.hibernate.validator;
}
