package dev.bulwark.validation.servlet;

import dev.bulwark.validation.InvalidRequestException;
import dev.bulwark.validation.JsonBodyReader;
import dev.bulwark.validation.ValidationProblems;
import dev.bulwark.web.ProblemDetail;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.util.Locale;

/**
 * Reads a JSON request body with a {@link JsonBodyReader}, after checking that it is JSON.
 *
 * <pre>{@code
 * try {
 *   CreateUser body = JsonRequests.read(request, reader, CreateUser.class);
 *   ...
 * } catch (InvalidRequestException e) {
 *   ProblemResponses.send(response, e.problem());
 * }
 * }</pre>
 */
public final class JsonRequests {

  private JsonRequests() {}

  /**
   * Reads and validates the body.
   *
   * @param request the request; its {@code Content-Type} must be {@code application/json} or a
   *     {@code +json} type, else 415
   * @param reader the reader
   * @param type the target type
   * @param <T> the target type
   * @return the valid value
   * @throws InvalidRequestException with the problem to send (400, 413 or 415)
   * @throws IOException when reading fails
   */
  public static <T> T read(HttpServletRequest request, JsonBodyReader reader, Class<T> type)
      throws InvalidRequestException, IOException {
    String ct = request.getContentType();
    String media = ct == null ? "" : ct.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
    if (!media.equals("application/json")
        && !(media.startsWith("application/") && media.endsWith("+json"))) {
      throw new InvalidRequestException(
          ProblemDetail.builder(415)
              .type(ValidationProblems.TYPE)
              .detail("The request body must be application/json.")
              .build());
    }
    return reader.read(request.getInputStream(), type);
  }
}
