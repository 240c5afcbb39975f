/** Implementation of the Bulwark constraints; not part of the API. */
@NullMarked
package dev.bulwark.validation.internal;

import org.jspecify.annotations.NullMarked;
