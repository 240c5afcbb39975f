package dev.bulwark.jwt;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.password.PasswordHasher;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

class PasswordCredentialVerifierTest {

  private static final PasswordHasher HASHER = PasswordHasher.builder().bcrypt(10).build();
  private static final PasswordHasher STRONGER = PasswordHasher.builder().bcrypt(11).build();
  private static final String PASSWORD = "correct horse battery staple";

  private final Map<String, String> rehashed = new ConcurrentHashMap<>();
  private final Map<String, PasswordCredentialVerifier.StoredUser> users =
      Map.of(
          "alice",
          new PasswordCredentialVerifier.StoredUser(
              "u-1", List.of("USER"), HASHER.hash(PASSWORD), true),
          "bob",
          new PasswordCredentialVerifier.StoredUser(
              "u-2", List.of("USER"), HASHER.hash(PASSWORD), false));

  private PasswordCredentialVerifier verifier(PasswordHasher hasher) {
    return PasswordCredentialVerifier.of(
        name -> Optional.ofNullable(users.get(name)), hasher, rehashed::put);
  }

  @Test
  void verify_rightPassword_authenticatesTheSubjectWithRoles() {
    assertThat(verifier(HASHER).verify("alice", PASSWORD.toCharArray()))
        .contains(new AuthenticatedUser("u-1", List.of("USER")));
    assertThat(rehashed).isEmpty();
  }

  @Test
  void verify_wrongPasswordUnknownUserOrDisabledAccount_isEmpty() {
    PasswordCredentialVerifier v = verifier(HASHER);
    assertThat(v.verify("alice", "wrong".toCharArray())).isEmpty();
    assertThat(v.verify("mallory", PASSWORD.toCharArray())).isEmpty();
    assertThat(v.verify("bob", PASSWORD.toCharArray())).isEmpty();
  }

  @Test
  void verify_weakerStoredHash_isRehashedOnSuccess() {
    assertThat(verifier(STRONGER).verify("alice", PASSWORD.toCharArray())).isPresent();
    assertThat(rehashed).containsKey("u-1");
    assertThat(STRONGER.verify(PASSWORD, rehashed.get("u-1")).matched()).isTrue();
  }
}
