package dev.bulwark.jwt.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.bulwark.jwt.AccessTokenDenylist;
import dev.bulwark.jwt.AccessTokenVerifier;
import dev.bulwark.jwt.KeyRing;
import dev.bulwark.jwt.KeySet;
import dev.bulwark.jwt.TestKeys;
import dev.bulwark.jwt.store.InMemoryAccessTokenDenylist;
import dev.bulwark.testing.JettyContainer;
import dev.bulwark.testing.ServletContainer;
import dev.bulwark.testing.TomcatContainer;
import dev.bulwark.web.ConfigurationException;
import dev.bulwark.web.Settings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One settings vocabulary for the bearer-token control: the same strings as web.xml init-params (in
 * Jetty and Tomcat), as {@link Settings} in code, and the equivalent builder calls describe the
 * same policy; an unknown key, a misspelt key and a bad value stop start-up with the binder's
 * message.
 */
class BearerTokenSettingsTest {

  private static final AccessTokenDenylist DENYLIST =
      InMemoryAccessTokenDenylist.create(1000, Clock.systemUTC());

  static Stream<String> containers() {
    return Stream.of("jetty", "tomcat");
  }

  private static ServletContainer container(String name) throws Exception {
    return name.equals("jetty") ? new JettyContainer() : new TomcatContainer();
  }

  private static Path keysFile() throws Exception {
    Path jwks = Files.createTempFile("jwks", ".json");
    Files.writeString(jwks, "{\"keys\":[" + TestKeys.RSA_A.toPublicJWK().toJSONString() + "]}");
    return jwks;
  }

  /** Every setting given, none at its default. */
  private static Map<String, String> everySetting(Path keys) {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("keysFile", keys.toString());
    p.put("issuer", TestKeys.ISSUER);
    p.put("audience", TestKeys.AUDIENCE + ", https://admin.example.com");
    p.put("realm", "api");
    p.put("rolesClaim", "realm_access.roles");
    p.put("clockSkew", "30s");
    p.put("maxTokenLength", "4096");
    p.put("allowAnonymous", "true");
    p.put("allowTypeJwt", "true");
    p.put("roleRules", "GET /api/events=ADMIN; /api/admin/*=ADMIN|OPS");
    p.put("stepUpRules", "GET /api/events=otp|rcv@PT5M; POST /api/admin/*=@10m");
    p.put("stepUpOnlyForEnrolledUsers", "true");
    p.put("denylistAttribute", "app.denylist");
    p.put("keysReloadInterval", "30s");
    return p;
  }

  private static BearerTokenPolicy builtInCode(Path keys) {
    return BearerTokenPolicy.builder(
            AccessTokenVerifier.builder(KeyRing.of(KeySet.fromJwkSetFile(keys)))
                .issuer(TestKeys.ISSUER)
                .audience(TestKeys.AUDIENCE, "https://admin.example.com")
                .rolesClaim("realm_access.roles")
                .clockSkew(Duration.ofSeconds(30))
                .maxTokenLength(4096)
                .allowTypeJwt()
                .denylist(DENYLIST)
                .build())
        .realm("api")
        .allowAnonymous()
        .rule(RoleRule.of("GET", "/api/events", "ADMIN"))
        .rule(RoleRule.of("*", "/api/admin/*", "ADMIN", "OPS"))
        .stepUp(
            StepUpRule.builder("GET", "/api/events")
                .requireFactor("otp", "rcv")
                .requireAuthenticationWithin(Duration.ofMinutes(5))
                .build())
        .stepUp(
            StepUpRule.builder("POST", "/api/admin/*")
                .requireAuthenticationWithin(Duration.ofMinutes(10))
                .build())
        .stepUpOnlyForEnrolledUsers()
        .build();
  }

  @ParameterizedTest
  @MethodSource("containers")
  void sameSettings_webXml_code_builder_describeTheSamePolicy(String name) throws Exception {
    Path keys = keysFile();
    Map<String, String> settings = everySetting(keys);
    String fromBuilder = new BearerTokenFilter(builtInCode(keys)).toString();

    String fromCode;
    try (BearerTokenSettings built =
        BearerTokenSettings.fromSettings(
            Settings.of("bulwark.jwt", settings), Map.of("app.denylist", DENYLIST)::get)) {
      assertThat(built.keysReloader()).isPresent();
      fromCode = new BearerTokenFilter(built.policy()).toString();
    }

    String fromWebXml;
    try (ServletContainer c = container(name)) {
      ContextSetup.onStartup(c, ctx -> ctx.setAttribute("app.denylist", DENYLIST));
      c.filter("bearer", BearerTokenFilter.class, settings, "/*");
      c.start();
      fromWebXml = ContextSetup.filterInstance(c, "bearer").toString();
    }

    assertThat(fromBuilder)
        .contains(
            "realm=api",
            "relaxations=[allowAnonymous, stepUpOnlyForEnrolledUsers]",
            "stepUpRules=[GET /api/events=otp|rcv@PT5M, POST /api/admin/*=@PT10M]",
            "relaxations=[allowTypeJwt]",
            "GET /api/events=ADMIN",
            "clockSkew=PT30S",
            "denylist=InMemoryAccessTokenDenylist[maxEntries=1000]");
    assertThat(fromCode).isEqualTo(fromBuilder);
    assertThat(fromWebXml).isEqualTo(fromBuilder);
  }

  @Test
  void defaults_areStrictAndSaySo() throws Exception {
    Map<String, String> settings =
        Map.of(
            "keysFile", keysFile().toString(),
            "issuer", TestKeys.ISSUER,
            "audience", TestKeys.AUDIENCE);
    try (BearerTokenSettings built =
        BearerTokenSettings.fromSettings(Settings.of("bulwark.jwt", settings))) {
      assertThat(built.keysReloader()).isEmpty();
      assertThat(built.toString())
          .contains(
              "realm=bulwark",
              "relaxations=none",
              "roleRules=[]",
              "stepUpRules=[]",
              "clockSkew=PT1M",
              "maxTokenLength=8192",
              "denylist=none",
              "keysReloader=none");
    }
  }

  @Test
  void inCode_unknownMisspeltAndBadValues_failWithTheBindersMessage() throws Exception {
    Map<String, String> unknown = new LinkedHashMap<>(everySetting(keysFile()));
    unknown.put("colour", "blue");
    assertThatThrownBy(() -> BearerTokenSettings.fromSettings(Settings.of("bulwark.jwt", unknown)))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageStartingWith("'bulwark.jwt': unknown setting 'colour'.")
        .hasMessageContaining("Known settings: keysFile, issuer, audience");

    Map<String, String> misspelt = new LinkedHashMap<>(everySetting(keysFile()));
    misspelt.put("clockSkw", misspelt.remove("clockSkew"));
    assertThatThrownBy(() -> BearerTokenSettings.fromSettings(Settings.of("bulwark.jwt", misspelt)))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("unknown setting 'clockSkw'")
        .hasMessageContaining("clockSkew");

    Map<String, String> bad = new LinkedHashMap<>(everySetting(keysFile()));
    bad.put("clockSkew", "ten");
    assertThatThrownBy(() -> BearerTokenSettings.fromSettings(Settings.of("bulwark.jwt", bad)))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageStartingWith("'bulwark.jwt': setting 'clockSkew' has an invalid value 'ten'")
        .hasMessageContaining("Accepted: a duration such as 60s, at most 5m.");
  }

  @Test
  void inCode_valueTheBuilderRefuses_failsNamingTheSourceAndTheSetting() throws Exception {
    Map<String, String> settings = new LinkedHashMap<>(everySetting(keysFile()));
    settings.remove("denylistAttribute");
    settings.put("clockSkew", "10m");
    assertThatThrownBy(() -> BearerTokenSettings.fromSettings(Settings.of("bulwark.jwt", settings)))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageStartingWith("'bulwark.jwt': ")
        .hasMessageContaining("clockSkew must be 0 to 5 minutes (was PT10M)");
  }

  @Test
  void inCode_denylistAttributeWithoutNamedObjects_failsNamingIt() throws Exception {
    assertThatThrownBy(
            () ->
                BearerTokenSettings.fromSettings(
                    Settings.of("bulwark.jwt", everySetting(keysFile()))))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("denylistAttribute names the attribute 'app.denylist'");
  }

  private static String startupFailure(String name, Map<String, String> params) throws Exception {
    try (ServletContainer c = container(name)) {
      ContextSetup.onStartup(c, ctx -> ctx.setAttribute("app.denylist", DENYLIST));
      c.filter("bearer", BearerTokenFilter.class, params, "/*");
      Throwable t = catchThrowable(c::start);
      assertThat(t).as("the container must refuse to start").isNotNull();
      StringBuilder all = new StringBuilder();
      for (Throwable x = t; x != null; x = x.getCause()) {
        all.append(x.getMessage()).append('\n');
        for (Throwable s : x.getSuppressed()) {
          for (Throwable y = s; y != null; y = y.getCause()) {
            all.append(y.getMessage()).append('\n');
          }
        }
      }
      return all.toString();
    }
  }

  @ParameterizedTest
  @MethodSource("containers")
  void webXml_unknownParam_stopsStartupWithTheBindersMessage(String name) throws Exception {
    Map<String, String> p = everySetting(keysFile());
    p.put("colour", "blue");
    assertThat(startupFailure(name, p))
        .contains("Filter 'bearer': unknown init-param 'colour'.", "Known init-params: keysFile");
  }

  @ParameterizedTest
  @MethodSource("containers")
  void webXml_misspeltParam_stopsStartupWithASuggestion(String name) throws Exception {
    Map<String, String> p = everySetting(keysFile());
    p.put("roleRule", p.remove("roleRules"));
    assertThat(startupFailure(name, p))
        .contains("Filter 'bearer': unknown init-param 'roleRule'.", "roleRules");
  }

  @ParameterizedTest
  @MethodSource("containers")
  void webXml_badValue_stopsStartupNamingParamValueAndForm(String name) throws Exception {
    Map<String, String> p = everySetting(keysFile());
    p.put("maxTokenLength", "lots");
    assertThat(startupFailure(name, p))
        .contains(
            "Filter 'bearer': init-param 'maxTokenLength' has an invalid value 'lots'",
            "Accepted: a number of characters, 64 to 65536.");
  }

  @Test
  void developmentKeys_signWithAThrowAwayKey_andNeverMixWithAKeyFile() throws Exception {
    try (BearerTokenSettings dev =
        BearerTokenSettings.fromSettings(
            Settings.of(
                "bulwark.jwt",
                Map.of(
                    "developmentKeys", "true",
                    "issuer", TestKeys.ISSUER,
                    "audience", TestKeys.AUDIENCE)))) {
      assertThat(dev.keys().current().publicJwkSetJson()).contains("\"kty\"");
      assertThat(dev.keysReloader()).isEmpty();
    }
    assertThatThrownBy(
            () ->
                BearerTokenSettings.fromSettings(
                    Settings.of(
                        "bulwark.jwt",
                        Map.of(
                            "developmentKeys",
                            "true",
                            "keysFile",
                            keysFile().toString(),
                            "issuer",
                            TestKeys.ISSUER,
                            "audience",
                            TestKeys.AUDIENCE))))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("developmentKeys=true contradicts keysFile");
    assertThatThrownBy(
            () ->
                BearerTokenSettings.fromSettings(
                    Settings.of(
                        "bulwark.jwt",
                        Map.of("issuer", TestKeys.ISSUER, "audience", TestKeys.AUDIENCE))))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("keysFile is required")
        .hasMessageContaining("developmentKeys=true");
  }
}
