/** Implementation details of bulwark-ratelimit; not part of the API and may change at any time. */
@NullMarked
package dev.bulwark.ratelimit.internal;

import org.jspecify.annotations.NullMarked;
