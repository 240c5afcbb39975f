/**
 * Servlet adapters for validation: {@link dev.bulwark.validation.servlet.RequestLimitsFilter}
 * (size, media type and encoding limits) and {@link dev.bulwark.validation.servlet.JsonRequests}.
 */
@NullMarked
package dev.bulwark.validation.servlet;

import org.jspecify.annotations.NullMarked;
