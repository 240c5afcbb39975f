/**
 * Servlet adapters of the core web primitives: {@link dev.bulwark.web.servlet.ClientIpFilter},
 * {@link dev.bulwark.web.servlet.ServletClients}, {@link dev.bulwark.web.servlet.ProblemResponses}
 * and {@link dev.bulwark.web.servlet.FilterParams}.
 */
@NullMarked
package dev.bulwark.web.servlet;

import org.jspecify.annotations.NullMarked;
