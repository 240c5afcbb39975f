package dev.bulwark.jwt.servlet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulwark.jwt.TokenPair;
import dev.bulwark.validation.InvalidRequestException;
import dev.bulwark.validation.JsonBodyReader;
import dev.bulwark.web.ProblemDetail;
import dev.bulwark.web.servlet.ProblemResponses;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** JSON in and out for the token endpoints. */
final class Http {

  static final int MAX_BODY_BYTES = 8192;
  static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonBodyReader STRICT =
      JsonBodyReader.builder().maxBytes(MAX_BODY_BYTES).build();

  /** A request the endpoint refuses with a status and a client-safe detail. */
  static final class Refused extends Exception {
    private static final long serialVersionUID = 1L;
    final int status;

    Refused(int status, String detail) {
      super(detail);
      this.status = status;
    }
  }

  private Http() {}

  static void problem(HttpServletResponse resp, int status, @Nullable String detail)
      throws IOException {
    ProblemResponses.send(resp, ProblemDetail.builder(status).detail(detail).build());
  }

  static void unavailable(HttpServletResponse resp) throws IOException {
    resp.setHeader("Retry-After", "5");
    problem(resp, 503, "A backing store is unavailable; try again shortly.");
  }

  /** Reads a small JSON object body; refuses other media types, oversize and malformed bodies. */
  static JsonNode readObject(HttpServletRequest req) throws IOException, Refused {
    String type = req.getContentType();
    if (type == null
        || !type.toLowerCase(Locale.ROOT).split(";", 2)[0].trim().equals("application/json")) {
      throw new Refused(415, "Send the request body as application/json.");
    }
    if (req.getContentLengthLong() > MAX_BODY_BYTES) {
      throw new Refused(413, "The request body is larger than " + MAX_BODY_BYTES + " bytes.");
    }
    byte[] body;
    try (InputStream in = req.getInputStream()) {
      body = in.readNBytes(MAX_BODY_BYTES + 1);
    }
    if (body.length > MAX_BODY_BYTES) {
      throw new Refused(413, "The request body is larger than " + MAX_BODY_BYTES + " bytes.");
    }
    JsonNode node;
    try {
      // core's strict reader: a duplicate key, trailing content or excessive nesting is refused,
      // so no two parsers (a proxy's, a WAF's, ours) can read different credentials from one body
      node = STRICT.read(new ByteArrayInputStream(body), JsonNode.class);
    } catch (InvalidRequestException e) {
      String detail = e.problem().detail();
      throw new Refused(
          e.problem().status(), detail != null ? detail : "The request body is not valid JSON.");
    }
    if (node == null || !node.isObject()) {
      throw new Refused(400, "The request body must be a JSON object.");
    }
    return node;
  }

  static String requiredString(JsonNode node, String field) throws Refused {
    JsonNode v = node.get(field);
    if (v == null || !v.isTextual() || v.asText().isEmpty() || v.asText().length() > 4096) {
      throw new Refused(400, "The field '" + field + "' must be a non-empty string.");
    }
    return v.asText();
  }

  /** A string member that may be absent or null; anything else but a short string is refused. */
  static @Nullable String optionalString(JsonNode node, String field) throws Refused {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isTextual() || v.asText().length() > 4096) {
      throw new Refused(400, "The field '" + field + "' must be a string or null.");
    }
    return v.asText();
  }

  static void tokenResponse(HttpServletResponse resp, TokenPair pair) throws IOException {
    tokenResponse(resp, pair, false);
  }

  static void tokenResponse(HttpServletResponse resp, TokenPair pair, boolean withDeviceToken)
      throws IOException {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("access_token", pair.accessToken().token());
    body.put("token_type", "Bearer");
    body.put(
        "expires_in",
        Duration.between(pair.accessToken().issuedAt(), pair.accessToken().expiresAt())
            .getSeconds());
    body.put("refresh_token", pair.refreshToken());
    if (withDeviceToken && pair.deviceToken().isPresent()) {
      body.put("device_token", pair.deviceToken().get().value());
    }
    json(resp, 200, body);
  }

  static void json(HttpServletResponse resp, int status, Object body) throws IOException {
    byte[] bytes = JSON.writeValueAsBytes(body);
    resp.setStatus(status);
    resp.setContentType("application/json");
    resp.setCharacterEncoding("UTF-8");
    resp.setHeader("Cache-Control", "no-store");
    resp.setHeader("Pragma", "no-cache");
    resp.setContentLength(bytes.length);
    OutputStream out = resp.getOutputStream();
    out.write(bytes);
    out.flush();
  }
}
