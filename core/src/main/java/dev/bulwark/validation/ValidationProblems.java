package dev.bulwark.validation;

import dev.bulwark.web.ProblemDetail;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Path;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.net.URI;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Turns violations into one RFC 9457 {@code 400} problem.
 *
 * <p>The body lists one entry per violation, sorted by pointer: {@code {"pointer": "/email",
 * "detail": "must be an email address such as name@example.com"}}. The pointer is an RFC 6901 JSON
 * pointer into the request body ({@code /items/2/name}). The rejected value is never included, and
 * a message that would quote the value of a {@link Sensitive} field (or a field named like a
 * password, secret, token or API key) is replaced by {@code "is invalid"}.
 */
public final class ValidationProblems {

  /** The problem type of invalid request bodies. */
  public static final URI TYPE = URI.create("https://bulwark.dev/problems/invalid-request");

  private ValidationProblems() {}

  /** One entry of the {@code errors} member. */
  record Entry(String pointer, String detail) {}

  /**
   * The problem for a set of violations.
   *
   * @param violations the violations (not empty)
   * @param <T> the validated type
   * @return a 400 problem with an {@code errors} member
   */
  public static <T> ProblemDetail of(Set<ConstraintViolation<T>> violations) {
    List<Entry> entries = new ArrayList<>();
    for (ConstraintViolation<T> v : violations) {
      String pointer = pointer(v.getPropertyPath());
      String detail = v.getMessage();
      if (isSensitive(v) && quotesValue(detail, v.getInvalidValue())) {
        detail = "is invalid";
      }
      entries.add(new Entry(pointer, detail));
    }
    entries.sort(Comparator.comparing(Entry::pointer).thenComparing(Entry::detail));
    return problem(
        entries,
        violations.size() == 1 ? "1 field is invalid" : violations.size() + " fields are invalid");
  }

  /**
   * A problem for one field, for errors found before bean validation (an unknown property, a type
   * mismatch).
   *
   * @param pointer the JSON pointer
   * @param detail the message; must not quote sensitive input
   * @return a 400 problem
   */
  public static ProblemDetail ofField(String pointer, String detail) {
    return problem(List.of(new Entry(pointer, detail)), "1 field is invalid");
  }

  private static ProblemDetail problem(List<Entry> entries, String detail) {
    List<Map<String, Object>> errors = new ArrayList<>();
    for (Entry e : entries) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("pointer", e.pointer());
      m.put("detail", e.detail());
      errors.add(m);
    }
    return ProblemDetail.builder(400)
        .type(TYPE)
        .title("Invalid request")
        .detail(detail)
        .extension("errors", errors)
        .build();
  }

  /**
   * The RFC 6901 pointer of a property path: {@code items[2].name} becomes {@code /items/2/name}.
   *
   * @param path the path
   * @return the pointer; the empty string for the root
   */
  public static String pointer(Path path) {
    StringBuilder sb = new StringBuilder();
    for (Path.Node node : path) {
      if (node.getIndex() != null) {
        sb.append('/').append(node.getIndex());
      } else if (node.getKey() != null) {
        sb.append('/').append(escape(String.valueOf(node.getKey())));
      }
      if (node.getName() != null
          && node.getKind() != jakarta.validation.ElementKind.CONTAINER_ELEMENT
          && node.getKind() != jakarta.validation.ElementKind.BEAN) {
        sb.append('/').append(escape(node.getName()));
      }
    }
    return sb.toString();
  }

  private static String escape(String token) {
    return token.replace("~", "~0").replace("/", "~1");
  }

  private static boolean quotesValue(String message, @Nullable Object value) {
    if (value == null) {
      return false;
    }
    String s = String.valueOf(value);
    return !s.isEmpty() && message.contains(s);
  }

  private static boolean isSensitive(ConstraintViolation<?> v) {
    String name = null;
    for (Path.Node n : v.getPropertyPath()) {
      if (n.getName() != null) {
        name = n.getName();
      }
    }
    if (name != null) {
      String lower = name.toLowerCase(Locale.ROOT).replace("_", "").replace("-", "");
      if (lower.contains("password")
          || lower.contains("secret")
          || lower.contains("token")
          || lower.contains("apikey")) {
        return true;
      }
    }
    Object leaf = v.getLeafBean();
    if (leaf != null && name != null) {
      AnnotatedElement element = member(leaf.getClass(), name);
      return element != null && element.isAnnotationPresent(Sensitive.class);
    }
    return false;
  }

  private static @Nullable AnnotatedElement member(Class<?> type, String name) {
    for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
      for (Field f : c.getDeclaredFields()) {
        if (f.getName().equals(name)) {
          return f;
        }
      }
      for (Method m : c.getDeclaredMethods()) {
        if (m.getName().equals(name) && m.getParameterCount() == 0) {
          return m;
        }
      }
    }
    return null;
  }
}
