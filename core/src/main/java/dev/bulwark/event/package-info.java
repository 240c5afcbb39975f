/**
 * Security events: one immutable {@link dev.bulwark.event.SecurityEvent} type that every control
 * emits, the {@link dev.bulwark.event.SecurityEventListener} SPI, and a {@link
 * dev.bulwark.event.SecurityEventPublisher} that isolates the request from failing listeners.
 */
@NullMarked
package dev.bulwark.event;

import org.jspecify.annotations.NullMarked;
