/** Helpers shared by Bulwark's modules; not part of the API, and may change in any release. */
@NullMarked
package dev.bulwark.web.internal;

import org.jspecify.annotations.NullMarked;
