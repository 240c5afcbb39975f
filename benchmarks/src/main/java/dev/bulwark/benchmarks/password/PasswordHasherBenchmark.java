package dev.bulwark.benchmarks.password;

import dev.bulwark.password.PasswordHasher;
import dev.bulwark.password.PasswordVerification;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * bcrypt hash and verify at cost 10, 12 and 14; and, at each cost, a login for an unknown user
 * ({@code verify(candidate, null)}) next to a wrong password for a known one, whose ratio should be
 * about 1.0. One sample is one operation (bcrypt at cost 14 takes about a second).
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(1)
@State(Scope.Benchmark)
public class PasswordHasherBenchmark {

  private static final String PASSWORD = "violet tractor humming quietly";
  private static final String WRONG = "violet tractor humming loudly";

  @Param({"10", "12", "14"})
  public int cost;

  private PasswordHasher hasher;
  private String stored;

  /** Builds the hasher (one dummy hash) and one stored hash at the benchmark's cost. */
  @Setup
  public void setUp() {
    hasher = PasswordHasher.builder().bcrypt(cost).build();
    stored = hasher.hash(PASSWORD);
  }

  /**
   * Hashing a new password.
   *
   * @return the hash
   */
  @Benchmark
  public String hash() {
    return hasher.hash(PASSWORD);
  }

  /**
   * A successful login.
   *
   * @return the verification
   */
  @Benchmark
  public PasswordVerification verifyRight() {
    return hasher.verify(PASSWORD, stored);
  }

  /**
   * A wrong password for a known user.
   *
   * @return the verification
   */
  @Benchmark
  public PasswordVerification verifyWrongPassword() {
    return hasher.verify(WRONG, stored);
  }

  /**
   * A login for a user that does not exist.
   *
   * @return the verification
   */
  @Benchmark
  public PasswordVerification verifyUnknownUser() {
    return hasher.verify(WRONG, null);
  }
}
