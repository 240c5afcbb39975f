/** Implementation details of the JWT module; not part of the API. */
@NullMarked
package dev.bulwark.jwt.internal;

import org.jspecify.annotations.NullMarked;
