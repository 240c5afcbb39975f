/** Micrometer metrics for security events (optional dependency {@code micrometer-core}). */
@NullMarked
package dev.bulwark.event.micrometer;

import org.jspecify.annotations.NullMarked;
