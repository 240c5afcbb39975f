package dev.bulwark.jwt.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.jwk.JWK;
import dev.bulwark.event.SecurityEvent;
import dev.bulwark.event.SecurityEventPublisher;
import dev.bulwark.jwt.AccessTokenIssuer;
import dev.bulwark.jwt.AuthenticatedUser;
import dev.bulwark.jwt.KeyRing;
import dev.bulwark.jwt.KeySet;
import dev.bulwark.jwt.TestKeys;
import dev.bulwark.jwt.TokenService;
import dev.bulwark.jwt.servlet.LoginServlet;
import dev.bulwark.jwt.store.InMemoryAccessTokenDenylist;
import dev.bulwark.jwt.store.InMemoryRefreshTokenStore;
import dev.bulwark.ratelimit.BruteForceGuard;
import dev.bulwark.ratelimit.BruteForcePolicy;
import dev.bulwark.ratelimit.DeviceTrustPolicy;
import dev.bulwark.ratelimit.RateLimitEvents;
import dev.bulwark.testing.MutableClock;
import dev.bulwark.testing.ServletContainer;
import dev.bulwark.web.DeviceToken;
import dev.bulwark.web.HmacKeys;
import dev.bulwark.web.servlet.ClientIpFilter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Device trust end to end: bulwark-jwt's {@link LoginServlet} and {@link TokenService} with a
 * {@link BruteForceLoginThrottle} whose guard trusts devices, over real HTTP in a real container,
 * on one or two instances. Subclasses choose the container and the store; with a shared store
 * (Redis) every request alternates between two instances.
 */
abstract class DeviceTrustLoginContract {

  static final String ALICE_PASSWORD = "correct horse battery staple";
  static final String BOB_PASSWORD = "tetanus staple battery horse";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HmacKeys KEYS =
      HmacKeys.of(
          new byte[32],
          new byte[] {
            1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16,
            17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32
          });

  private final HttpClient http = HttpClient.newHttpClient();
  protected final MutableClock clock = MutableClock.atFixedStart();
  protected final List<SecurityEvent> events = Collections.synchronizedList(new ArrayList<>());
  private final List<ServletContainer> containers = new ArrayList<>();
  private final List<URI> bases = new ArrayList<>();
  private int next;

  /** A new container. */
  protected abstract ServletContainer newContainer() throws Exception;

  /** The guard of one instance; one on a shared store (Redis) models several instances. */
  protected abstract BruteForceGuard newGuard(
      BruteForcePolicy policy, SecurityEventPublisher events);

  /** How many instances to run: 2 for a shared store, 1 otherwise. */
  protected abstract int instances();

  @BeforeEach
  void start() throws Exception {
    for (int i = 0; i < instances(); i++) {
      startInstance();
    }
  }

  private void startInstance() throws Exception {
    BruteForceGuard guard =
        newGuard(
            BruteForcePolicy.builder()
                .maxClientFailures(1000)
                .trustedDevices(
                    DeviceTrustPolicy.builder(KEYS).lifetime(Duration.ofHours(2)).build())
                .clock(clock)
                .build(),
            SecurityEventPublisher.of(events::add));
    KeyRing ring = KeyRing.of(KeySet.of(List.<JWK>of(TestKeys.RSA_A), null));
    Map<String, String> passwords = Map.of("alice", ALICE_PASSWORD, "bob", BOB_PASSWORD);
    TokenService tokens =
        TokenService.builder(
                AccessTokenIssuer.builder(ring)
                    .issuer(TestKeys.ISSUER)
                    .audience(TestKeys.AUDIENCE)
                    .build(),
                InMemoryRefreshTokenStore.create(1000, clock))
            .denylist(InMemoryAccessTokenDenylist.create(1000, clock))
            .credentialVerifier(
                (u, p) ->
                    String.valueOf(p).equals(passwords.get(u))
                        ? Optional.of(new AuthenticatedUser(u, List.of("USER")))
                        : Optional.empty())
            .loginThrottle(BruteForceLoginThrottle.of(guard))
            .build();
    ServletContainer c = newContainer();
    c.filter("clientIp", ClientIpFilter.class, Map.of("trustedProxies", "127.0.0.1/32"), "/*");
    c.servlet("login", new LoginServlet(tokens), "/api/auth/login");
    containers.add(c);
    bases.add(c.start().baseUri());
  }

  @AfterEach
  void stop() throws Exception {
    for (ServletContainer c : containers) {
      c.close();
    }
  }

  /** Round robin over the instances, as a load balancer would. */
  private URI nextBase() {
    return bases.get(next++ % bases.size());
  }

  HttpResponse<String> login(String ip, String user, String password, String cookie)
      throws Exception {
    return login(ip, "{\"username\":\"" + user + "\",\"password\":\"" + password + "\"}", cookie);
  }

  HttpResponse<String> login(String ip, String body, String cookie) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(nextBase().resolve("/api/auth/login"))
            .header("Content-Type", "application/json")
            .header("X-Forwarded-For", ip)
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (cookie != null) {
      b.header("Cookie", DeviceToken.COOKIE_NAME + "=" + cookie);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** The device cookie's value from a login answer. */
  static String deviceCookie(HttpResponse<String> r) {
    String header =
        r.headers().allValues("Set-Cookie").stream()
            .filter(v -> v.startsWith(DeviceToken.COOKIE_NAME + "="))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no device cookie in " + r.headers().map()));
    return header.substring(DeviceToken.COOKIE_NAME.length() + 1, header.indexOf(';'));
  }

  /** The owner signs in once from their device and keeps its cookie. */
  private String ownerDevice(String user, String password) throws Exception {
    HttpResponse<String> r = login("192.0.2.10", user, password, null);
    assertThat(r.statusCode()).isEqualTo(200);
    return deviceCookie(r);
  }

  /** Wrong passwords for a user, each from its own address. */
  private void attack(String user, int addresses) throws Exception {
    for (int i = 1; i <= addresses; i++) {
      String ip = "203.0.113." + i;
      assertThat(login(ip, user, "guess-" + i, null).statusCode()).as(ip).isEqualTo(401);
    }
  }

  @Test
  void login_setsAHostPrefixedHttpOnlyStrictCookie_andNoTokenInTheBody() throws Exception {
    HttpResponse<String> r = login("192.0.2.10", "alice", ALICE_PASSWORD, null);
    assertThat(r.statusCode()).isEqualTo(200);
    String header =
        r.headers().allValues("Set-Cookie").stream()
            .filter(v -> v.startsWith(DeviceToken.COOKIE_NAME + "="))
            .findFirst()
            .orElseThrow();
    assertThat(header)
        .contains("; Path=/", "; Secure", "; HttpOnly", "; SameSite=Strict", "; Max-Age=7200")
        .doesNotContainIgnoringCase("domain");
    assertThat(JSON.readTree(r.body()).has("device_token")).isFalse();
    assertThat(events.stream().map(SecurityEvent::type)).contains(RateLimitEvents.DEVICE_TRUSTED);
  }

  @Test
  void attackFrom60Addresses_locksTheAccount_theOwnersDeviceStillSignsIn() throws Exception {
    String device = ownerDevice("alice", ALICE_PASSWORD);
    HttpResponse<String> wrong = login("198.51.100.1", "alice", "not it", null);
    attack("alice", 60);
    HttpResponse<String> fresh = login("198.51.100.2", "alice", ALICE_PASSWORD, null);
    assertThat(fresh.statusCode())
        .as("the right password from a fresh address gets the wrong-password answer")
        .isEqualTo(401);
    assertThat(fresh.body()).isEqualTo(wrong.body());
    HttpResponse<String> owner = login("192.0.2.77", "alice", ALICE_PASSWORD, device);
    assertThat(owner.statusCode()).as("the owner's device signs in at once").isEqualTo(200);
    assertThat(JSON.readTree(owner.body()).get("access_token").asText()).isNotEmpty();
    assertThat(deviceCookie(owner)).as("the cookie is renewed").isNotEmpty();
    assertThat(login("198.51.100.3", "alice", ALICE_PASSWORD, null).statusCode())
        .as("and the lock still holds for everyone else")
        .isEqualTo(401);
    SecurityEvent locked =
        events.stream().filter(e -> e.type().equals(RateLimitEvents.LOCKED)).findFirst().get();
    assertThat(locked.details()).containsEntry("distinct_clients", "5");
  }

  @Test
  void aDeviceCookieOfAlice_doesNothingForBob() throws Exception {
    String alices = ownerDevice("alice", ALICE_PASSWORD);
    attack("bob", 5);
    assertThat(login("192.0.2.10", "bob", BOB_PASSWORD, alices).statusCode()).isEqualTo(401);
  }

  @Test
  void forgedTamperedOrExpiredCookies_areIgnored() throws Exception {
    String device = ownerDevice("alice", ALICE_PASSWORD);
    attack("alice", 5);
    char last = device.charAt(device.length() - 1);
    String tampered = device.substring(0, device.length() - 1) + (last == 'A' ? 'B' : 'A');
    String[] p = device.split("\\.");
    String extended = p[0] + "." + p[1] + "." + (Long.parseLong(p[2]) + 3600) + "." + p[3];
    String forged = "d1.AAAAAAAAAAAAAAAAAAAAAA.9999999999." + "A".repeat(43);
    for (String bad : List.of(tampered, extended, forged, "x", device + device)) {
      assertThat(login("192.0.2.10", "alice", ALICE_PASSWORD, bad).statusCode())
          .as(bad)
          .isEqualTo(401);
    }
    assertThat(login("192.0.2.10", "alice", ALICE_PASSWORD, device).statusCode()).isEqualTo(200);
    clock.advance(Duration.ofHours(2).plusSeconds(1));
    attack("alice", 5);
    assertThat(login("192.0.2.10", "alice", ALICE_PASSWORD, device).statusCode())
        .as("an expired cookie")
        .isEqualTo(401);
  }

  @Test
  void fiveWrongPasswordsFromATrustedDevice_revokeIt() throws Exception {
    String device = ownerDevice("alice", ALICE_PASSWORD);
    for (int i = 0; i < 5; i++) {
      assertThat(login("192.0.2.10", "alice", "typo-" + i, device).statusCode()).isEqualTo(401);
    }
    assertThat(events.stream().map(SecurityEvent::type)).contains(RateLimitEvents.DEVICE_REVOKED);
    assertThat(events.stream().map(SecurityEvent::type))
        .as("the device's failures did not lock the account")
        .doesNotContain(RateLimitEvents.LOCKED);
    attack("alice", 5);
    assertThat(login("192.0.2.10", "alice", ALICE_PASSWORD, device).statusCode())
        .as("the revoked device is under the lock like any client")
        .isEqualTo(401);
  }

  @Test
  void apiClients_getAndSendTheTokenInTheBody() throws Exception {
    String first =
        "{\"username\":\"alice\",\"password\":\"" + ALICE_PASSWORD + "\",\"device_token\":null}";
    HttpResponse<String> r = login("192.0.2.10", first, null);
    assertThat(r.statusCode()).isEqualTo(200);
    String token = JSON.readTree(r.body()).get("device_token").asText();
    assertThat(token).isEqualTo(deviceCookie(r));
    attack("alice", 5);
    String again =
        "{\"username\":\"alice\",\"password\":\""
            + ALICE_PASSWORD
            + "\",\"device_token\":\""
            + token
            + "\"}";
    HttpResponse<String> owner = login("192.0.2.11", again, null);
    assertThat(owner.statusCode()).isEqualTo(200);
    JsonNode body = JSON.readTree(owner.body());
    assertThat(body.get("device_token").asText()).isNotEmpty();
    assertThat(
            login(
                    "192.0.2.11",
                    "{\"username\":\"alice\",\"password\":\"x\",\"device_token\":7}",
                    null)
                .statusCode())
        .isEqualTo(400);
  }
}
