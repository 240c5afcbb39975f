package dev.bulwark.examples.monitor;

import dev.bulwark.web.ConfigurationException;
import dev.bulwark.web.IpRange;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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
 */
public record MonitorConfig(
    int port,
    @Nullable String adminPassword,
    @Nullable String userPassword,
    List<String> corsOrigins,
    List<String> trustedProxies,
    @Nullable Path jwtKeysFile,
    @Nullable String jdbcUrl,
    @Nullable String redisUrl) {

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
    return new MonitorConfig(
        port,
        blankToNull(env.get("BULWARK_DEMO_ADMIN_PASSWORD")),
        blankToNull(env.get("BULWARK_DEMO_USER_PASSWORD")),
        origins,
        proxies,
        keys,
        jdbc,
        redis);
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
