package dev.bulwark.web;

import java.util.List;

/**
 * Read access to a request's header lines, so that engines need no servlet types.
 *
 * <p>Implementations return every line of a header in the order received (as {@link
 * jakarta.servlet.http.HttpServletRequest#getHeaders(String)} does), and an empty list when the
 * header is absent. Names are case-insensitive.
 */
@FunctionalInterface
public interface HeaderSource {

  /**
   * All lines of a header.
   *
   * @param name the header name, case-insensitive
   * @return the lines in order, empty when absent; never null
   */
  List<String> values(String name);
}
