/**
 * Output encoding helpers. For HTML, JavaScript, CSS and URL contexts use the OWASP Java Encoder
 * ({@code org.owasp.encoder.Encode}); this package adds what it lacks, such as {@link
 * dev.bulwark.encoding.LogSafe} for log lines.
 */
@NullMarked
package dev.bulwark.encoding;

import org.jspecify.annotations.NullMarked;
