package dev.bulwark.examples.modulepath;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.headers.SecurityHeadersPolicy;
import dev.bulwark.jwt.AccessTokenVerifier;
import dev.bulwark.mfa.TotpPolicy;
import dev.bulwark.password.PasswordHasher;
import dev.bulwark.ratelimit.RateLimiter;
import java.lang.module.ModuleDescriptor;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Bulwark used from a named module on the module path, as a modular application meets it. */
class ModulePathTest {

  private static final Set<String> BULWARK_MODULES =
      Set.of(
          "dev.bulwark.core",
          "dev.bulwark.headers",
          "dev.bulwark.jwt",
          "dev.bulwark.mfa",
          "dev.bulwark.ratelimit");

  @Test
  void everyBulwarkJarIsANamedExplicitModule() {
    assertThat(ModulePathTest.class.getModule().getName())
        .as("the test itself runs inside the application's module")
        .isEqualTo("dev.bulwark.examples.modulepath");
    for (Class<?> c :
        new Class<?>[] {
          PasswordHasher.class,
          SecurityHeadersPolicy.class,
          AccessTokenVerifier.class,
          TotpPolicy.class,
          RateLimiter.class
        }) {
      Module m = c.getModule();
      assertThat(m.isNamed()).as(c + " is in a named module").isTrue();
      assertThat(BULWARK_MODULES).contains(m.getName());
      assertThat(m.getDescriptor().isAutomatic())
          .as(m.getName() + " has a module-info.java, not only an Automatic-Module-Name")
          .isFalse();
    }
  }

  @Test
  void internalPackagesAreExportedOnlyToBulwarksOwnModules() {
    Module core = PasswordHasher.class.getModule();
    Module app = ModulePathTest.class.getModule();
    assertThat(core.isExported("dev.bulwark.web", app)).isTrue();
    assertThat(core.isExported("dev.bulwark.web.internal", app)).isFalse();
    assertThat(core.isExported("dev.bulwark.web.internal", AccessTokenVerifier.class.getModule()))
        .isTrue();
    assertThat(core.isExported("dev.bulwark.validation.internal", app)).isFalse();

    for (Module m :
        new Module[] {
          core,
          SecurityHeadersPolicy.class.getModule(),
          AccessTokenVerifier.class.getModule(),
          TotpPolicy.class.getModule(),
          RateLimiter.class.getModule()
        }) {
      for (ModuleDescriptor.Exports e : m.getDescriptor().exports()) {
        if (e.source().contains(".internal")) {
          assertThat(e.isQualified())
              .as(m.getName() + " exports " + e.source() + " to everyone")
              .isTrue();
          assertThat(e.targets())
              .allSatisfy(
                  t -> assertThat(t).matches("dev\\.bulwark\\..*|org\\.hibernate\\.validator"));
        }
      }
    }
  }

  @Test
  void anInternalTypeCannotBeUsedFromTheApplication() throws Exception {
    Class<?> setOnce = Class.forName("dev.bulwark.web.internal.SetOnce");
    assertThatThrownBy(() -> setOnce.getConstructor(String.class).newInstance("x"))
        .isInstanceOf(IllegalAccessException.class);
  }

  @Test
  void everyControlBuildsFromItsSettings() {
    Map<String, String> described = ModularApp.describeControls();
    assertThat(described.keySet()).containsExactlyInAnyOrder("core", "headers", "ratelimit", "mfa");
    assertThat(described.get("core")).contains("10.0.0.0/8");
    assertThat(described.get("ratelimit")).contains("api");
    assertThat(described.get("mfa")).contains("Modular App");
    assertThat(described.get("headers")).isNotBlank();
  }

  @Test
  void passwordsHashAndTokensVerify() throws Exception {
    assertThat(ModularApp.hashAndVerify("correct horse battery staple")).isTrue();
    assertThat(ModularApp.issueAndVerify("alice").subject()).isEqualTo("alice");
  }

  @Test
  void hibernateValidatorReachesBulwarksConstraintValidators() {
    assertThat(ModularApp.validate("alice")).isEmpty();
    assertThat(ModularApp.validate("al\u0000ice"))
        .as("Bulwark's @Username validator ran inside the module graph")
        .isNotEmpty();
    assertThat(ModularApp.validate("al\u0000ice").stream().collect(Collectors.joining()))
        .startsWith("username: ");
  }
}
