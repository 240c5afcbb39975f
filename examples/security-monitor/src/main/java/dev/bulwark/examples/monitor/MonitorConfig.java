package dev.bulwark.examples.monitor;

import dev.bulwark.mfa.TotpSecretEncryption;
import dev.bulwark.web.ConfigurationException;
import dev.bulwark.web.HmacKeys;
import dev.bulwark.web.IpRange;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The demo's settings, read once from the environment. A bad value stops start-up with a message
 * that names the variable and the fix.
 *
 * @param port {@code PORT}, default 8080 (0 picks a free port)
 * @param adminPassword {@code BULWARK_DEMO_ADMIN_PASSWORD}, or null to generate one
 * @param userPassword {@code BULWARK_DEMO_USER_PASSWORD}, or null to generate one
 * @param corsOrigins {@code BULWARK_CORS_ORIGINS}, comma-separated origins
 * @param trustedProxies {@code BULWARK_TRUSTED_PROXIES}, comma-separated CIDRs
 * @param jwtKeysFile {@code BULWARK_JWT_KEYS_FILE}, a JWK set with the signing key, or null
 * @param jdbcUrl {@code BULWARK_JDBC_URL}, PostgreSQL for users and refresh-token families, or null
 * @param redisUrl {@code BULWARK_REDIS_URL}, Redis for rate limits, brute-force counts and locks,
 *     and the denylist, or null
 * @param deviceTrust {@code BULWARK_DEVICE_TRUST}: {@code on} (the default) exempts devices that
 *     signed in before from an account's lock (device cookies), {@code off} does not
 * @param deviceKeys {@code BULWARK_DEVICE_KEYS}, comma-separated base64 HMAC keys that sign the
 *     device cookies (the first signs; the same on every instance), or null for a throw-away key
 * @param totpEncryption {@code BULWARK_TOTP_KEY}, a base64 32-byte key that seals the users' TOTP
 *     secrets at rest (the same on every instance), or null for a throw-away key
 */
public record MonitorConfig(
    int port,
    @Nullable String adminPassword,
    @Nullable String userPassword,
    List<String> corsOrigins,
    List<String> trustedProxies,
    @Nullable Path jwtKeysFile,
    @Nullable String jdbcUrl,
    @Nullable String redisUrl,
    boolean deviceTrust,
    @Nullable HmacKeys deviceKeys,
    @Nullable TotpSecretEncryption totpEncryption) {

  /**
   * Reads the settings.
   *
   * @param env the environment
   * @return the settings
   * @throws ConfigurationException naming the variable and the fix
   */
  public static MonitorConfig from(Map<String, String> env) {
    int port = 8080;
    String p = blankToNull(env.get("PORT"));
    if (p != null) {
      try {
        port = Integer.parseInt(p);
      } catch (NumberFormatException e) {
        throw new ConfigurationException("PORT='" + p + "' is not a port number: set PORT=8080");
      }
      if (port < 0 || port > 65535) {
        throw new ConfigurationException("PORT=" + port + " is out of range: use 1-65535");
      }
    }
    List<String> proxies = split(env.get("BULWARK_TRUSTED_PROXIES"));
    for (String cidr : proxies) {
      try {
        IpRange.parse(cidr);
      } catch (IllegalArgumentException e) {
        throw new ConfigurationException("BULWARK_TRUSTED_PROXIES: " + e.getMessage(), e);
      }
    }
    List<String> origins = split(env.get("BULWARK_CORS_ORIGINS"));
    Path keys = null;
    String k = blankToNull(env.get("BULWARK_JWT_KEYS_FILE"));
    if (k != null) {
      keys = Path.of(k);
      if (!Files.isReadable(keys)) {
        throw new ConfigurationException(
            "BULWARK_JWT_KEYS_FILE=" + k + " is not a readable file: mount the JWK set there");
      }
    }
    String jdbc = blankToNull(env.get("BULWARK_JDBC_URL"));
    if (jdbc != null && !jdbc.startsWith("jdbc:postgresql:")) {
      throw new ConfigurationException(
          "BULWARK_JDBC_URL must be a PostgreSQL JDBC URL such as"
              + " jdbc:postgresql://db:5432/bulwark?user=app&password=…");
    }
    String redis = blankToNull(env.get("BULWARK_REDIS_URL"));
    if (redis != null && !(redis.startsWith("redis://") || redis.startsWith("rediss://"))) {
      throw new ConfigurationException(
          "BULWARK_REDIS_URL must be a Redis URI such as redis://redis:6379");
    }
    String trust = blankToNull(env.get("BULWARK_DEVICE_TRUST"));
    if (trust != null && !trust.equals("on") && !trust.equals("off")) {
      throw new ConfigurationException(
          "BULWARK_DEVICE_TRUST='"
              + trust
              + "' is neither on nor off: set on (the default) or off");
    }
    HmacKeys deviceKeys = null;
    String dk = blankToNull(env.get("BULWARK_DEVICE_KEYS"));
    if (dk != null) {
      try {
        deviceKeys = HmacKeys.fromBase64(dk);
      } catch (ConfigurationException e) {
        throw new ConfigurationException("BULWARK_DEVICE_KEYS: " + e.getMessage(), e);
      }
    }
    TotpSecretEncryption totp = null;
    String tk = blankToNull(env.get("BULWARK_TOTP_KEY"));
    if (tk != null) {
      byte[] key;
      try {
        key = Base64.getDecoder().decode(tk);
      } catch (IllegalArgumentException e) {
        throw new ConfigurationException(
            "BULWARK_TOTP_KEY is not base64; make one with 'openssl rand -base64 32'", e);
      }
      try {
        totp = TotpSecretEncryption.withKeys("k1", Map.of("k1", key));
      } catch (ConfigurationException e) {
        throw new ConfigurationException("BULWARK_TOTP_KEY: " + e.getMessage(), e);
      } finally {
        Arrays.fill(key, (byte) 0);
      }
    }
    if (totp == null && (jdbc != null || redis != null)) {
      // the enrolments live in the shared store: sealed with a per-process key, no other instance
      // (and no restart) could open them, and every enrolled user would be locked out
      throw new ConfigurationException(
          "BULWARK_TOTP_KEY is required with "
              + (jdbc != null ? "BULWARK_JDBC_URL" : "BULWARK_REDIS_URL")
              + ": the TOTP enrolments are kept there, shared by every instance, and must be"
              + " sealed with one key; make one with 'openssl rand -base64 32' and give every"
              + " instance the same");
    }
    return new MonitorConfig(
        port,
        blankToNull(env.get("BULWARK_DEMO_ADMIN_PASSWORD")),
        blankToNull(env.get("BULWARK_DEMO_USER_PASSWORD")),
        origins,
        proxies,
        keys,
        jdbc,
        redis,
        !"off".equals(trust),
        deviceKeys,
        totp);
  }

  private static @Nullable String blankToNull(@Nullable String s) {
    return s == null || s.isBlank() ? null : s.trim();
  }

  private static List<String> split(@Nullable String s) {
    List<String> out = new ArrayList<>();
    if (s != null) {
      for (String part : s.split(",")) {
        if (!part.isBlank()) {
          out.add(part.trim());
        }
      }
    }
    return List.copyOf(out);
  }
}
