package dev.bulwark.validation;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.bulwark.web.ConfigurationException;
import dev.bulwark.web.ProblemDetail;
import dev.bulwark.web.internal.SetOnce;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;
import java.util.Set;

/**
 * Reads a JSON request body into a Java type and validates it, refusing anything loose.
 *
 * <p>Refused, each with a precise RFC 9457 problem and never an echo of the input:
 *
 * <ul>
 *   <li>a body over {@link Builder#maxBytes(long)} (default 1 MiB): {@code 413};
 *   <li>malformed JSON, trailing content after the value, or a duplicate key: {@code 400};
 *   <li>nesting deeper than {@link Builder#maxDepth(int)} (default 32) or a string longer than the
 *       body limit: {@code 400};
 *   <li>a property the type does not declare (as express-validator's {@code checkExact} and
 *       Pydantic's {@code extra='forbid'}): {@code 400} with a pointer to it;
 *   <li>a value of the wrong type, a {@code null} for a primitive, a float for an integer, or a
 *       string coerced to a number: {@code 400} with a pointer;
 *   <li>bean-validation violations: {@code 400} listing them (see {@link ValidationProblems}).
 * </ul>
 *
 * <p>Immutable and thread-safe.
 */
public final class JsonBodyReader {

  private final ObjectMapper mapper;
  private final Validator validator;
  private final long maxBytes;

  private JsonBodyReader(Builder b) {
    this.validator = b.validator;
    this.maxBytes = b.maxBytes;
    JsonMapper m =
        JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .build();
    m.getFactory()
        .setStreamReadConstraints(
            StreamReadConstraints.builder()
                .maxNestingDepth(b.maxDepth)
                .maxStringLength((int) Math.min(Integer.MAX_VALUE, b.maxBytes))
                .maxNumberLength(100)
                .build());
    this.mapper = m;
  }

  /**
   * A builder with the defaults: {@link Validators#standard()}, 1 MiB, depth 32.
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * A reader with the defaults.
   *
   * @return the reader
   */
  public static JsonBodyReader standard() {
    return builder().build();
  }

  /**
   * Reads and validates a body.
   *
   * @param body the body bytes (read to the end or to the limit; not closed)
   * @param type the target type
   * @param <T> the target type
   * @return the valid value
   * @throws InvalidRequestException with the problem to send
   * @throws IOException when reading the stream fails
   */
  public <T> T read(InputStream body, Class<T> type) throws InvalidRequestException, IOException {
    T value;
    try {
      value = mapper.readValue(new LimitedInputStream(body, maxBytes), type);
    } catch (BodyTooLargeException e) {
      throw new InvalidRequestException(
          ProblemDetail.builder(413)
              .type(ValidationProblems.TYPE)
              .detail("The request body exceeds " + maxBytes + " bytes.")
              .build());
    } catch (UnrecognizedPropertyException e) {
      throw new InvalidRequestException(
          ValidationProblems.ofField(pointer(e), "is not a known property"));
    } catch (MismatchedInputException e) {
      String pointer = pointer(e);
      if (pointer.isEmpty()) {
        throw new InvalidRequestException(
            malformed("The request body must be a JSON object of the expected shape."));
      }
      throw new InvalidRequestException(
          ValidationProblems.ofField(pointer, "has the wrong type or format"));
    } catch (StreamConstraintsException e) {
      throw new InvalidRequestException(
          malformed("The request body is nested too deeply or has a value that is too long."));
    } catch (JsonMappingException e) {
      String pointer = pointer(e);
      throw new InvalidRequestException(
          pointer.isEmpty()
              ? malformed("The request body could not be read as the expected type.")
              : ValidationProblems.ofField(pointer, "has an invalid value"));
    } catch (JsonProcessingException e) {
      throw new InvalidRequestException(malformed("The request body is not valid JSON."));
    }
    if (value == null) {
      throw new InvalidRequestException(malformed("The request body must not be null."));
    }
    Set<ConstraintViolation<T>> violations = validator.validate(value);
    if (!violations.isEmpty()) {
      throw new InvalidRequestException(ValidationProblems.of(violations));
    }
    return value;
  }

  private static ProblemDetail malformed(String detail) {
    return ProblemDetail.builder(400)
        .type(ValidationProblems.TYPE)
        .title("Invalid request")
        .detail(detail)
        .build();
  }

  private static String pointer(JsonMappingException e) {
    StringBuilder sb = new StringBuilder();
    for (JsonMappingException.Reference r : e.getPath()) {
      if (r.getFieldName() != null) {
        sb.append('/').append(r.getFieldName().replace("~", "~0").replace("/", "~1"));
      } else if (r.getIndex() >= 0) {
        sb.append('/').append(r.getIndex());
      }
    }
    return sb.toString();
  }

  private static final class BodyTooLargeException extends IOException {
    private static final long serialVersionUID = 1L;

    BodyTooLargeException() {
      super("body too large");
    }
  }

  private static final class LimitedInputStream extends FilterInputStream {
    private long remaining;

    LimitedInputStream(InputStream in, long limit) {
      super(in);
      this.remaining = limit;
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0 && --remaining < 0) {
        throw new BodyTooLargeException();
      }
      return b;
    }

    @Override
    public int read(byte[] buf, int off, int len) throws IOException {
      int n = super.read(buf, off, len);
      if (n > 0) {
        remaining -= n;
        if (remaining < 0) {
          throw new BodyTooLargeException();
        }
      }
      return n;
    }

    @Override
    public void close() {
      // the caller owns the stream
    }
  }

  /** Builder for {@link JsonBodyReader}. */
  public static final class Builder {
    private final SetOnce set = new SetOnce("JsonBodyReader.Builder");
    private Validator validator = Validators.standard();
    private long maxBytes = 1024 * 1024;
    private int maxDepth = 32;

    private Builder() {}

    /**
     * The validator.
     *
     * @param validator a validator, for example {@link Validators#failFast()}
     * @return this builder
     * @throws ConfigurationException when already set
     */
    public Builder validator(Validator validator) {
      set.set("validator", Objects.requireNonNull(validator, "validator").getClass().getName());
      this.validator = validator;
      return this;
    }

    /**
     * The largest body read.
     *
     * @param maxBytes 1 byte to 100 MiB
     * @return this builder
     * @throws ConfigurationException outside that range, or when already set
     */
    public Builder maxBytes(long maxBytes) {
      if (maxBytes < 1 || maxBytes > 100L * 1024 * 1024) {
        throw new ConfigurationException(
            "JsonBodyReader maxBytes must be between 1 and 104857600 (100 MiB), was " + maxBytes);
      }
      set.set("maxBytes", maxBytes);
      this.maxBytes = maxBytes;
      return this;
    }

    /**
     * The deepest nesting of arrays and objects.
     *
     * @param maxDepth 1 to 1000
     * @return this builder
     * @throws ConfigurationException outside that range, or when already set
     */
    public Builder maxDepth(int maxDepth) {
      if (maxDepth < 1 || maxDepth > 1000) {
        throw new ConfigurationException(
            "JsonBodyReader maxDepth must be between 1 and 1000, was " + maxDepth);
      }
      set.set("maxDepth", maxDepth);
      this.maxDepth = maxDepth;
      return this;
    }

    /**
     * Builds the reader.
     *
     * @return the reader
     */
    public JsonBodyReader build() {
      return new JsonBodyReader(this);
    }
  }
}
