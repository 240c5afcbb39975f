/**
 * A Spring Boot service protected by Bulwark's servlet filters, without Spring Security. Start at
 * {@link dev.bulwark.examples.boot.BulwarkBootApplication}; the wiring is in {@code
 * SecurityConfiguration}.
 */
@NullMarked
package dev.bulwark.examples.boot;

import org.jspecify.annotations.NullMarked;
