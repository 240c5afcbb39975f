package dev.bulwark.examples.monitor;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The dashboard's script and stylesheet, read once from the jar at start-up, each with the
 * Subresource Integrity value ({@code sha384-…}) of exactly the bytes served. The page names that
 * value in its {@code integrity} attributes, so a browser refuses a script or stylesheet that was
 * changed on the way (a proxy, a CDN, a tampered file) instead of running it.
 *
 * <p>Immutable and thread-safe.
 */
final class DashboardAssets {

  /** The path of the dashboard's script. */
  static final String SCRIPT = "/assets/dashboard.js";

  /** The path of the dashboard's stylesheet. */
  static final String STYLESHEET = "/assets/dashboard.css";

  private final Map<String, Asset> assets;

  private DashboardAssets(Map<String, Asset> assets) {
    this.assets = Map.copyOf(assets);
  }

  /**
   * Reads the assets from the jar.
   *
   * @throws IOException when one is missing
   */
  static DashboardAssets load() throws IOException {
    Map<String, Asset> assets = new LinkedHashMap<>();
    assets.put(SCRIPT, Asset.of("text/javascript;charset=utf-8", read("assets/dashboard.js")));
    assets.put(STYLESHEET, Asset.of("text/css;charset=utf-8", read("assets/dashboard.css")));
    return new DashboardAssets(assets);
  }

  /**
   * The {@code integrity} attribute value for an asset: SHA-384 of the bytes served, base64.
   *
   * @param path {@link #SCRIPT} or {@link #STYLESHEET}
   */
  String integrity(String path) {
    return asset(path).integrity;
  }

  /**
   * A copy that serves {@code body} at {@code path} while the page keeps announcing the integrity
   * of the original bytes. Only for tests that prove the browser refuses a changed asset.
   */
  DashboardAssets servingTampered(String path, byte[] body) {
    Asset original = asset(path);
    Map<String, Asset> copy = new LinkedHashMap<>(assets);
    copy.put(path, new Asset(original.contentType, body.clone(), original.integrity));
    return new DashboardAssets(copy);
  }

  /** The bytes served at {@code path} (a copy). */
  byte[] body(String path) {
    return asset(path).body.clone();
  }

  private Asset asset(String path) {
    Asset a = assets.get(path);
    if (a == null) {
      throw new IllegalArgumentException("no dashboard asset at " + path);
    }
    return a;
  }

  /** Serves the assets (mapped to {@code /assets/*}); any other path under it is 404. */
  HttpServlet servlet() {
    return new Servlet(this);
  }

  private static byte[] read(String name) throws IOException {
    try (InputStream in = DashboardAssets.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IOException(name + " is missing from the jar");
      }
      return in.readAllBytes();
    }
  }

  private static String sha384(byte[] bytes) {
    try {
      return "sha384-"
          + Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-384").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-384 is required on every Java platform", e);
    }
  }

  private static final class Asset {
    final String contentType;
    final byte[] body;
    final String integrity;
    final String etag;

    Asset(String contentType, byte[] body, String integrity) {
      this.contentType = contentType;
      this.body = body;
      this.integrity = integrity;
      // the validator names the bytes actually served (base64 is a valid entity-tag character set)
      this.etag = "\"" + sha384(body) + "\"";
    }

    static Asset of(String contentType, byte[] body) {
      return new Asset(contentType, body, sha384(body));
    }
  }

  private static final class Servlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private final transient DashboardAssets assets;

    Servlet(DashboardAssets assets) {
      this.assets = assets;
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
      // the raw URI, compared exactly: no decoding, no dot segments, nothing but the two files
      Asset a = assets.assets.get(req.getRequestURI());
      if (a == null) {
        resp.sendError(404);
        return;
      }
      // The URLs carry no version, so a browser may keep a copy but must ask before using it:
      // after an upgrade the page's new integrity value and the new bytes arrive together.
      resp.setHeader("Cache-Control", "no-cache");
      resp.setHeader("ETag", a.etag);
      if (matches(req.getHeader("If-None-Match"), a.etag)) {
        resp.setStatus(HttpServletResponse.SC_NOT_MODIFIED);
        return;
      }
      resp.setContentType(a.contentType);
      resp.setContentLength(a.body.length);
      resp.getOutputStream().write(a.body);
    }

    private static boolean matches(@Nullable String ifNoneMatch, String etag) {
      if (ifNoneMatch == null) {
        return false;
      }
      for (String candidate : ifNoneMatch.split(",")) {
        String t = candidate.trim();
        // If-None-Match uses the weak comparison (RFC 9110 §13.1.2)
        if (t.startsWith("W/")) {
          t = t.substring(2);
        }
        if (t.equals("*") || t.equals(etag)) {
          return true;
        }
      }
      return false;
    }
  }
}
