package dev.bulwark.examples.modulepath;

import dev.bulwark.headers.SecurityHeadersPolicy;
import dev.bulwark.jwt.AccessTokenIssuer;
import dev.bulwark.jwt.AccessTokenVerifier;
import dev.bulwark.jwt.InvalidTokenException;
import dev.bulwark.jwt.KeyRing;
import dev.bulwark.jwt.KeySet;
import dev.bulwark.jwt.VerifiedAccessToken;
import dev.bulwark.mfa.TotpPolicy;
import dev.bulwark.password.PasswordHasher;
import dev.bulwark.ratelimit.RateLimitControl;
import dev.bulwark.validation.Username;
import dev.bulwark.validation.Validators;
import dev.bulwark.web.ClientIpResolver;
import dev.bulwark.web.Settings;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a modular application does with Bulwark: each control built from its settings, a password
 * hashed, a token issued and verified, a request body validated. Its tests run on the module path.
 */
public final class ModularApp {

  /**
   * A sign-up form, validated by Hibernate Validator through Bulwark's constraints.
   *
   * @param username the name the user asks for
   */
  public record SignUp(@Username String username) {}

  private ModularApp() {}

  /**
   * Builds one policy per module from its settings vocabulary and returns their descriptions.
   *
   * @return the policies' descriptions, by module
   */
  public static Map<String, String> describeControls() {
    return Map.of(
        "core",
        ClientIpResolver.fromSettings(
                Settings.of("bulwark.client-ip", Map.of("trustedProxies", "10.0.0.0/8")))
            .toString(),
        "headers",
        SecurityHeadersPolicy.fromSettings(Settings.empty("bulwark.headers")).toString(),
        "ratelimit",
        RateLimitControl.fromSettings(
                Settings.of("bulwark.ratelimit", Map.of("rule", "api", "limits", "api=50/10s")))
            .toString(),
        "mfa",
        TotpPolicy.fromSettings(Settings.of("bulwark.mfa", Map.of("issuer", "Modular App")))
            .toString());
  }

  /**
   * Hashes a password and checks it.
   *
   * @param password the password
   * @return whether the hash verifies
   */
  public static boolean hashAndVerify(String password) {
    PasswordHasher hasher = PasswordHasher.builder().bcrypt(10).build();
    return hasher.verify(password, hasher.hash(password)).matched();
  }

  /**
   * Issues an access token and verifies it with a throw-away key.
   *
   * @param subject the subject
   * @return the verified token
   * @throws InvalidTokenException never, for a token just issued
   */
  public static VerifiedAccessToken issueAndVerify(String subject) throws InvalidTokenException {
    KeyRing keys = KeyRing.of(KeySet.generateForDevelopment());
    AccessTokenIssuer issuer =
        AccessTokenIssuer.builder(keys).issuer("https://modular.example").audience("api").build();
    AccessTokenVerifier verifier =
        AccessTokenVerifier.builder(keys).issuer("https://modular.example").audience("api").build();
    return verifier.verify(issuer.issue(subject, List.of("USER")).token());
  }

  /**
   * Validates a sign-up form.
   *
   * @param username the submitted user name
   * @return the constraint messages, empty when valid
   */
  public static Set<String> validate(String username) {
    return Validators.standard().validate(new SignUp(username)).stream()
        .map(v -> v.getPropertyPath() + ": " + v.getMessage())
        .collect(java.util.stream.Collectors.toSet());
  }
}
