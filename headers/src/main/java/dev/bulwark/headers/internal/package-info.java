/**
 * Implementation details of bulwark-headers: not part of the API, may change in any release.
 *
 * <p>Some helpers here would belong in bulwark-core (a "did you mean" suggester, origin parsing);
 * they live here until core exports them.
 */
@NullMarked
package dev.bulwark.headers.internal;

import org.jspecify.annotations.NullMarked;
