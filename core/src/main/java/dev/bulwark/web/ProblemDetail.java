package dev.bulwark.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * An RFC 9457 problem details object, the body of every 4xx and 5xx response Bulwark writes.
 *
 * <p>Immutable. {@link #toJson()} serialises with Jackson, never by string concatenation, so a
 * detail that contains quotes or {@code </script>} stays a string. Extension members may hold
 * strings, numbers, booleans, nulls, lists and maps of those; they may not reuse the names of the
 * standard members.
 *
 * <p>Details must never carry secrets or echo sensitive input (passwords, tokens): they are sent to
 * the client.
 *
 * <pre>{@code
 * ProblemDetail p = ProblemDetail.builder(429)
 *     .title("Too Many Requests")
 *     .detail("Try again in 12 seconds.")
 *     .build();
 * }</pre>
 */
public final class ProblemDetail {

  /** The media type of a problem details JSON body. */
  public static final String MEDIA_TYPE = "application/problem+json";

  private static final Set<String> RESERVED =
      Set.of("type", "title", "status", "detail", "instance");
  private static final ObjectMapper JSON =
      new ObjectMapper().disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);

  private final URI type;
  private final String title;
  private final int status;
  private final @Nullable String detail;
  private final @Nullable URI instance;
  private final Map<String, Object> extensions;

  private ProblemDetail(Builder b) {
    this.type = b.type;
    this.title = b.title != null ? b.title : defaultTitle(b.status);
    this.status = b.status;
    this.detail = b.detail;
    this.instance = b.instance;
    this.extensions = Collections.unmodifiableMap(new LinkedHashMap<>(b.extensions));
  }

  /**
   * Starts a problem with an HTTP status.
   *
   * @param status 400–599
   * @return a builder
   * @throws IllegalArgumentException for a status outside 400–599
   */
  public static Builder builder(int status) {
    return new Builder(status);
  }

  /**
   * The problem type; {@code about:blank} unless set.
   *
   * @return the type URI
   */
  public URI type() {
    return type;
  }

  /**
   * The short summary; the status's reason phrase unless set.
   *
   * @return the title
   */
  public String title() {
    return title;
  }

  /**
   * The HTTP status.
   *
   * @return the status code
   */
  public int status() {
    return status;
  }

  /**
   * The human-readable explanation of this occurrence.
   *
   * @return the detail, or null
   */
  public @Nullable String detail() {
    return detail;
  }

  /**
   * The URI of this occurrence.
   *
   * @return the instance, or null
   */
  public @Nullable URI instance() {
    return instance;
  }

  /**
   * The extension members, in insertion order.
   *
   * @return an immutable map
   */
  public Map<String, Object> extensions() {
    return extensions;
  }

  /**
   * The JSON body.
   *
   * @return UTF-8 encoded JSON
   */
  public byte[] toJson() {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("type", type.toString());
    body.put("title", title);
    body.put("status", status);
    if (detail != null) {
      body.put("detail", detail);
    }
    if (instance != null) {
      body.put("instance", instance.toString());
    }
    body.putAll(extensions);
    try {
      return JSON.writeValueAsBytes(body);
    } catch (JsonProcessingException e) {
      // extensions are checked when added, so this means a bug, not bad input
      throw new IllegalStateException("problem details could not be serialised", e);
    }
  }

  @Override
  public String toString() {
    return new String(toJson(), StandardCharsets.UTF_8);
  }

  static String defaultTitle(int status) {
    return switch (status) {
      case 400 -> "Bad Request";
      case 401 -> "Unauthorized";
      case 403 -> "Forbidden";
      case 404 -> "Not Found";
      case 405 -> "Method Not Allowed";
      case 406 -> "Not Acceptable";
      case 409 -> "Conflict";
      case 413 -> "Content Too Large";
      case 414 -> "URI Too Long";
      case 415 -> "Unsupported Media Type";
      case 422 -> "Unprocessable Content";
      case 429 -> "Too Many Requests";
      case 431 -> "Request Header Fields Too Large";
      case 500 -> "Internal Server Error";
      case 502 -> "Bad Gateway";
      case 503 -> "Service Unavailable";
      case 504 -> "Gateway Timeout";
      default -> status < 500 ? "Client Error" : "Server Error";
    };
  }

  /** Builder for {@link ProblemDetail}. Not thread-safe. */
  public static final class Builder {
    private final int status;
    private URI type = URI.create("about:blank");
    private @Nullable String title;
    private @Nullable String detail;
    private @Nullable URI instance;
    private final Map<String, Object> extensions = new LinkedHashMap<>();

    private Builder(int status) {
      if (status < 400 || status > 599) {
        throw new IllegalArgumentException(
            "a problem's status must be an error status 400-599 (was " + status + ")");
      }
      this.status = status;
    }

    /**
     * The problem type URI.
     *
     * @param type an absolute URI or {@code about:blank}
     * @return this builder
     */
    public Builder type(URI type) {
      this.type = Objects.requireNonNull(type, "type");
      return this;
    }

    /**
     * A short summary, the same for every occurrence of this type.
     *
     * @param title the title
     * @return this builder
     */
    public Builder title(String title) {
      this.title = Objects.requireNonNull(title, "title");
      return this;
    }

    /**
     * A human-readable explanation of this occurrence. Never include secrets or sensitive input.
     *
     * @param detail the detail, or null
     * @return this builder
     */
    public Builder detail(@Nullable String detail) {
      this.detail = detail;
      return this;
    }

    /**
     * The URI of this occurrence, typically the request path.
     *
     * @param instance the URI, or null
     * @return this builder
     */
    public Builder instance(@Nullable URI instance) {
      this.instance = instance;
      return this;
    }

    /**
     * Adds an extension member.
     *
     * @param name the member name, not one of the standard members
     * @param value a string, number, boolean, null, or a list or map of those
     * @return this builder
     * @throws IllegalArgumentException for a reserved name or an unsupported value type
     */
    public Builder extension(String name, @Nullable Object value) {
      Objects.requireNonNull(name, "name");
      if (RESERVED.contains(name)) {
        throw new IllegalArgumentException(
            "'" + name + "' is a standard problem member: use its own builder method");
      }
      checkJsonValue(name, value);
      extensions.put(name, value);
      return this;
    }

    private static void checkJsonValue(String name, @Nullable Object value) {
      if (value == null
          || value instanceof String
          || value instanceof Number
          || value instanceof Boolean) {
        return;
      }
      if (value instanceof List<?> list) {
        for (Object o : list) {
          checkJsonValue(name, o);
        }
        return;
      }
      if (value instanceof Map<?, ?> map) {
        for (Map.Entry<?, ?> e : map.entrySet()) {
          if (!(e.getKey() instanceof String)) {
            throw new IllegalArgumentException(
                "extension '" + name + "': map keys must be strings");
          }
          checkJsonValue(name, e.getValue());
        }
        return;
      }
      throw new IllegalArgumentException(
          "extension '"
              + name
              + "' holds a "
              + value.getClass().getName()
              + ": use strings, numbers, booleans, lists and maps");
    }

    /**
     * Builds the problem.
     *
     * @return the immutable problem
     */
    public ProblemDetail build() {
      return new ProblemDetail(this);
    }
  }
}
